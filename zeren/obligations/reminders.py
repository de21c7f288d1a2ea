"""The reminder job (``zeren obligations remind``): in-app notices for due-soon and overdue occurrences.

Each notice has a unique ``key`` ``"{kind}:{occurrence_id}:{user_id}"``: a run inserts only the keys
not yet stored (``bulk_create(ignore_conflicts=True)``), so running the job twice, or twice at the
same time, never stores a notice twice. Recipients are the accounts of the post's current holder(s)
(a leader grant for that person) and the operators of the occurrence's unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zeren.accounts.models import Role, RoleAssignment
from zeren.audit.services import record_event
from zeren.common.actor import Actor
from zeren.org.models import Tenure, active_on

from .models import Notice, Occurrence

BATCH_SIZE = 2000


@dataclass(frozen=True)
class ReminderResult:
    today: dt.date
    due_soon_days: int
    occurrences: int
    candidates: int
    created: int
    due_soon: int
    overdue: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "today": self.today.isoformat()}


def notice_key(kind: str, occurrence_id: int, user_id: int) -> str:
    return f"{kind}:{occurrence_id}:{user_id}"


def _recipients(
    occurrences: Sequence[Mapping[str, Any]], today: dt.date
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    post_ids = {o["post_id"] for o in occurrences}
    unit_ids = {o["unit_id"] for o in occurrences}
    active_users = get_user_model().objects.filter(is_active=True)
    holders: dict[int, set[int]] = defaultdict(set)  # post -> people
    for post_id, person_id in Tenure.objects.filter(active_on(today), post_id__in=post_ids).values_list(
        "post_id", "person_id"
    ):
        holders[post_id].add(person_id)
    people = {p for ps in holders.values() for p in ps}
    accounts: dict[int, set[int]] = defaultdict(set)  # person -> users
    for person_id, user_id in RoleAssignment.objects.filter(
        role=Role.LEADER, person_id__in=people, revoked_at__isnull=True, user__in=active_users
    ).values_list("person_id", "user_id"):
        accounts[person_id].add(user_id)
    by_post = {post: {u for p in ps for u in accounts.get(p, set())} for post, ps in holders.items()}
    by_unit: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in RoleAssignment.objects.filter(
        role=Role.UNIT_OPERATOR, unit_id__in=unit_ids, revoked_at__isnull=True, user__in=active_users
    ).values_list("unit_id", "user_id"):
        by_unit[unit_id].add(user_id)
    return by_post, by_unit


@transaction.atomic
def send_reminders(
    *, today: dt.date | None = None, window: int | None = None, actor: Actor = None
) -> ReminderResult:
    """Store the notices due on ``today`` (idempotent, safe to run concurrently)."""
    from .selectors import due_soon_days

    today = today or timezone.localdate()
    window = due_soon_days() if window is None else window
    horizon = today + dt.timedelta(days=window)
    open_rows = Occurrence.objects.filter(status=Occurrence.Stored.OPEN, due__lte=horizon)
    occurrences = list(open_rows.values("pk", "post_id", "unit_id", "due"))
    existing = set(Notice.objects.filter(occurrence__in=open_rows).values_list("key", flat=True))
    by_post, by_unit = _recipients(occurrences, today)
    stamp = timezone.now()
    candidates: list[Notice] = []
    counts: dict[str, int] = {Notice.Kind.DUE_SOON.value: 0, Notice.Kind.OVERDUE.value: 0}
    for o in occurrences:
        kind = Notice.Kind.OVERDUE if o["due"] < today else Notice.Kind.DUE_SOON
        for user_id in sorted(by_post.get(o["post_id"], set()) | by_unit.get(o["unit_id"], set())):
            key = notice_key(kind, o["pk"], user_id)
            if key not in existing:
                candidates.append(
                    Notice(user_id=user_id, kind=kind, occurrence_id=o["pk"], key=key, created_at=stamp)
                )
    Notice.objects.bulk_create(candidates, batch_size=BATCH_SIZE, ignore_conflicts=True)
    stored = Notice.objects.filter(created_at=stamp).values_list("kind", flat=True) if candidates else []
    for stored_kind in stored:
        counts[stored_kind] += 1
    result = ReminderResult(
        today=today,
        due_soon_days=window,
        occurrences=len(occurrences),
        candidates=len(candidates),
        created=sum(counts.values()),
        due_soon=counts[Notice.Kind.DUE_SOON.value],
        overdue=counts[Notice.Kind.OVERDUE.value],
    )
    if result.created:
        record_event(
            actor=actor,
            action="obligations.remind",
            object_type="obligations.notice",
            object_repr=f"{today} 履职事项提醒",
            after=result.as_dict(),
            note=f"新提醒 {result.created} 条（即将到期 {result.due_soon}，已逾期 {result.overdue}）",
        )
    return result


@transaction.atomic
def mark_read(*, user: Any, notice_ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all unread when ``notice_ids`` is None). Not audited: personal state."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=timezone.now())
