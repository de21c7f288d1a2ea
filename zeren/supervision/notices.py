"""Overdue-rectification notices in the reminder inbox.

The obligations inbox (``obligations.Notice``) requires an occurrence, so rectification notices are kept
in ``RectificationNotice`` with the same idempotent-key pattern: ``"{kind}:finding:{id}:{user}"``,
inserted with ``bulk_create(ignore_conflicts=True)``; running the job twice stores nothing twice.
Recipients: the operators of the target's unit (overdue), plus the committee admins of the organiser
unit for escalated supervised findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from zeren.accounts.models import Role, RoleAssignment

from .models import Finding, RectificationNotice


def notice_key(kind: str, finding_id: int, user_id: int) -> str:
    return f"{kind}:finding:{finding_id}:{user_id}"


def _users_by_unit(role: str, unit_ids: set[int]) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in RoleAssignment.objects.filter(
        role=role, unit_id__in=unit_ids, revoked_at__isnull=True, user__is_active=True
    ).values_list("unit_id", "user_id"):
        result[unit_id].add(user_id)
    return result


def notify_overdue(*, findings: Sequence[Finding], stamp: dt.datetime) -> int:
    operators = _users_by_unit(Role.UNIT_OPERATOR, {f.target.unit_id for f in findings})
    admins = _users_by_unit(Role.COMMITTEE_ADMIN, {f.target.plan.organiser_id for f in findings})
    rows: list[RectificationNotice] = []
    for f in findings:
        wanted = [(RectificationNotice.Kind.OVERDUE, u) for u in operators.get(f.target.unit_id, set())]
        if f.escalated_at is not None:
            wanted += [
                (RectificationNotice.Kind.ESCALATED, u) for u in admins.get(f.target.plan.organiser_id, set())
            ]
        for kind, user_id in sorted(wanted):
            key = notice_key(kind, f.pk, user_id)
            rows.append(RectificationNotice(user_id=user_id, kind=kind, finding=f, key=key, created_at=stamp))
    if not rows:
        return 0
    before = RectificationNotice.objects.count()
    RectificationNotice.objects.bulk_create(rows, ignore_conflicts=True)
    return RectificationNotice.objects.count() - before


def inbox_for(user: Any) -> QuerySet[RectificationNotice]:
    return RectificationNotice.objects.filter(user=user).select_related("finding__target__unit")
