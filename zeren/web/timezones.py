"""The locality's time zone, from its pack: every time a person reads is shown in it.

The pack declares ``time_zone`` (Asia/Shanghai for Kashgar); ``config.settings.TIME_ZONE`` is the fallback
when no pack directory is found or it declares none. ``PackTimeZoneMiddleware`` activates it for each request,
so ``{{ value|date }}`` and ``timezone.localtime`` render in it. Read from the pack file once per process:
no query per request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from zeren.catalog.packs import PackUnavailable, pack_directory
from zeren.packs.sections import read_sections


@lru_cache(maxsize=8)
def pack_time_zone(pack_id: str | None = None) -> ZoneInfo:
    """The zone the pack ``pack_id`` (default: the configured pack) declares, else ``TIME_ZONE``."""
    try:
        directory = pack_directory(pack_id or settings.ZEREN_DEFAULT_PACK)
        raw = yaml.safe_load((directory / "pack.yaml").read_text(encoding="utf-8"))
        zone = read_sections(raw if isinstance(raw, dict) else {}).metadata.time_zone  # the typed reader
        return ZoneInfo(zone or settings.TIME_ZONE)
    except (PackUnavailable, OSError, yaml.YAMLError, AttributeError, ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


class PackTimeZoneMiddleware:
    """Activates the pack's time zone for the request (and deactivates it after)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(pack_time_zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
