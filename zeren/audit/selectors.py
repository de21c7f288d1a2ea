"""Reads of the audit trail, for audit administrators only (``can_view_audit``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from zeren.common.actor import Actor

from .models import HEAD_ID, AuditChainHead, AuditEvent
from .permissions import can_view_audit


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_path: str = ""


@dataclass(frozen=True)
class DiffRow:
    key: str
    before: str
    after: str
    changed: bool


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _require_auditor(user: Actor) -> None:
    if not can_view_audit(user):
        raise PermissionDenied("只有审计管理员可以查看审计日志")


def audit_events(user: Actor, filters: EventFilters) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first. ``action`` and ``unit_path`` match as prefixes;
    dates are local days, both ends inclusive."""
    _require_auditor(user)
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_username=filters.actor)
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    if filters.unit_path:
        events = events.filter(unit_path__startswith=filters.unit_path)
    return events.order_by("-seq")


def access_event(user: Actor, seq: int) -> AuditEvent:
    """The audit event ``seq`` for an auditor, or 404 (PermissionDenied for anyone else)."""
    _require_auditor(user)
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        raise Http404(f"没有审计事件 {seq}")
    return event


def chain_head(user: Actor) -> AuditChainHead | None:
    """The head of the audit hash chain (the last event's hash), for auditors; None before the first event."""
    _require_auditor(user)
    return AuditChainHead.objects.filter(pk=HEAD_ID).first()


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def event_diff(event: AuditEvent) -> list[DiffRow]:
    """One row per key of ``before`` or ``after``; ``changed`` where the values differ."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    rows = []
    for key in sorted(set(before) | set(after)):
        old = _show(before[key]) if key in before else ""
        new = _show(after[key]) if key in after else ""
        rows.append(DiffRow(key, old, new, changed=(key in before) != (key in after) or old != new))
    return rows


def events_per_day(
    events: QuerySet[AuditEvent], *, days: int = 30, today: dt.date | None = None
) -> list[tuple[dt.date, int]]:
    """Events of ``events`` (already filtered and scoped) per local day over the last ``days`` days,
    oldest first, days without events included: one aggregate query."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    today = today or timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    counts = {
        row["day"]: row["n"]
        for row in events.filter(at__gte=_start_of(first))
        .order_by()
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("seq"))
    }
    return [(first + dt.timedelta(days=i), counts.get(first + dt.timedelta(days=i), 0)) for i in range(days)]
