"""One translation of refusals into JSON for every API router, and one way times are written.

Times: every aware datetime an endpoint returns (a schema field or a plain dict value) is written by
``LocalTimeRenderer`` as ISO 8601 in the active time zone — the pack's, activated for every request, API and
bearer-token calls included, by ``zeren.web.timezones.PackTimeZoneMiddleware`` (Asia/Shanghai → "+08:00").
The instant is unchanged; only the offset it is written with. The audit events' ``before``/``after`` are the
recorded, hash-covered values and are returned as recorded.

A service's ``ZerenError`` answers ``{"detail": "<code>: <message>", "code", "message", "field"}``
with the error's ``http_status``; ``PermissionDenied`` answers 403 with its Chinese message. Routers
no longer catch these themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .errors import ZerenError
from .times import local_time


class LocalTimeEncoder(NinjaJSONEncoder):
    """ninja's encoder, writing aware datetimes in the active time zone instead of UTC ("Z")."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            return super().default(local_time(o))
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every ``ZerenError`` raised in an API endpoint with its status, code and Chinese message."""

    @api.exception_handler(ZerenError)
    def refused(request: HttpRequest, exc: ZerenError) -> HttpResponse:
        body = {"detail": f"{exc.code}: {exc.message}", **exc.as_dict()}
        return api.create_response(request, body, status=exc.http_status)

    @api.exception_handler(DataError)
    def unstorable(request: HttpRequest, exc: DataError) -> HttpResponse:
        """Input the database cannot hold (a NUL character, a number out of the column's range): 422."""
        return api.create_response(
            request, {"detail": "输入含有数据库无法保存的内容（如 NUL 字符或超出范围的数值）"}, status=422
        )

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "无权执行该操作"}, status=403)
