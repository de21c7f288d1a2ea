"""The private iCalendar feed: a per-user token URL that calendar apps subscribe to.

Only the token's SHA-256 is stored; the URL (``/obligations/ical/<token>.ics``) is shown once when
the token is created. Revoking it makes the URL answer 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from zeren.audit.services import record_event
from zeren.common.actor import Actor
from zeren.law import cite

from .models import CalendarFeedToken, Occurrence

TOKEN_PREFIX = "zc_"  # noqa: S105 (a prefix, not a secret)


@dataclass(frozen=True)
class IssuedFeedToken:
    token: str
    record: CalendarFeedToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_feed_token(*, actor: Actor, user: User) -> IssuedFeedToken:
    """A new feed token for ``user``; earlier ones stay valid until revoked."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)
    record = CalendarFeedToken.objects.create(user=user, prefix=token[:10], token_hash=_hash(token))
    record_event(
        actor=actor, action="obligations.issue_feed_token", obj=record, after={"prefix": record.prefix}
    )
    return IssuedFeedToken(token, record)


@transaction.atomic
def revoke_feed_token(*, actor: Actor, record: CalendarFeedToken) -> CalendarFeedToken:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
        record_event(
            actor=actor, action="obligations.revoke_feed_token", obj=record, after={"prefix": record.prefix}
        )
    return record


def user_for_feed_token(token: str) -> Any | None:
    """The active user behind a feed token, or None (unknown, revoked, or the user is inactive)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    CalendarFeedToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def _cite(eid: str) -> str:
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


def render_calendar(
    occurrences: Iterable[Occurrence], *, base_url: str, status_labels: dict[str, str]
) -> bytes:
    """One all-day event per occurrence on its due date."""
    calendar = Calendar()
    calendar.add("prodid", "-//Zeren//obligations//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "履职事项")
    stamp = timezone.now()
    for occurrence in occurrences:
        event = Event()
        event.add("uid", f"occurrence-{occurrence.pk}@zeren")
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.due)
        event.add("dtend", occurrence.due + dt.timedelta(days=1))
        status = getattr(occurrence, "current_status", occurrence.status)
        event.add("summary", f"{occurrence.obligation.name}（{occurrence.period_label}）")
        event.add(
            "description",
            f"{occurrence.post.title}\n条款：{_cite(occurrence.clause)}\n"
            f"状态：{status_labels.get(status, status)}",
        )
        event.add("url", f"{base_url}/obligations/{occurrence.pk}/")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
