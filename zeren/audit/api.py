"""JSON API for the audit trail (``/api/audit/events``): audit administrators only, keyset-paginated.

A personal API token (``Authorization: Bearer zr_…``) of an audit administrator works as well as the
session, so an export to a SIEM runs unattended; anyone else's token gets 403.

Events come oldest first from ``after_seq`` (exclusive); pass ``next_after_seq`` back to continue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import AuditEvent
from .permissions import can_view_audit

# Authentication (a session or an API token) is attached where the routers are assembled (zeren/api.py):
# the accounts app, which issues the tokens, sits above the audit trail.
router = Router(tags=["审计 audit"])

MAX_LIMIT = 1000


class EventOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_path: str | None
    before: Any
    after: Any
    note: str
    prev_hash: str
    hash: str


class EventPage(Schema):
    events: list[EventOut]
    next_after_seq: int | None


class EventQuery(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    unit_path: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    after_seq: int = 0
    limit: int = 100


def _out(event: AuditEvent) -> EventOut:
    return EventOut(
        seq=event.seq,
        at=event.at,
        actor=event.actor_username,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        unit_path=event.unit_path,
        before=event.before,
        after=event.after,
        note=event.note,
        prev_hash=event.prev_hash,
        hash=event.hash,
    )


@router.get("/audit/events", response=EventPage)
def list_events(request: HttpRequest, query: Query[EventQuery]) -> EventPage:
    if not request.user.is_authenticated:
        raise HttpError(401, "需要登录")
    if not can_view_audit(request.user):
        raise HttpError(403, "只有审计管理员可以查看审计日志")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise HttpError(422, f"limit 须在 1 到 {MAX_LIMIT} 之间")
    filters = selectors.EventFilters(
        actor=query.actor,
        action=query.action,
        object_type=query.object_type,
        object_id=query.object_id,
        date_from=query.date_from,
        date_to=query.date_to,
        unit_path=query.unit_path,
    )
    events = list(
        selectors.audit_events(request.user, filters)
        .filter(seq__gt=query.after_seq)
        .order_by("seq")[: query.limit]
    )
    next_after = events[-1].seq if len(events) == query.limit else None
    return EventPage(events=[_out(e) for e in events], next_after_seq=next_after)
