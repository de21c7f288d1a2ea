"""The permission policy for accountability cases and eligibility.

Cases in a unit subtree are visible to the committee-office administrator, unit operators and the
reviewers of that subtree. The administrator, operators and reviewers open cases and record the
facts about people in them; only the organisation-department and discipline-inspection reviewers
and the administrator record decisions. The public sees nothing; out of scope → 404, read-only → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, scope_q
from zeren.org.models import Unit

from .models import Case, Decision, InterferenceRecord, Subject

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
OPEN_ROLES = VIEW_ROLES
DECIDE_ROLES = (Role.COMMITTEE_ADMIN, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)

VIEW, CHANGE, DECIDE = "view", "change", "decide"
_ROLES = {VIEW: VIEW_ROLES, CHANGE: OPEN_ROLES, DECIDE: DECIDE_ROLES}
_DENIED = {
    CHANGE: "您对该案件只有查看权限",
    DECIDE: "只有组织部门、纪检监察审阅人或安委办管理员可以记录问责决定",
}


def can(user: Any, unit: Unit, action: str = VIEW) -> bool:
    return covers(user, _ROLES[action], unit.path)


LIST_ORDER = ("-opened_at", "-pk")  # the case lists' keyset order (index case_opened)


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(scope_q(user, VIEW_ROLES, "unit__path")).select_related("unit", "accident")


def visible_interference(user: Any) -> QuerySet[InterferenceRecord]:
    return InterferenceRecord.objects.filter(scope_q(user, VIEW_ROLES, "unit__path"))


def _authorise(user: Any, unit: Unit, action: str, what: str) -> None:
    if not can(user, unit, VIEW):
        raise Http404(f"没有{what}，或您无权查看")
    if action != VIEW and not can(user, unit, action):
        raise PermissionDenied(_DENIED[action])


def access_case(user: Any, case_id: int, action: str = VIEW) -> Case:
    case = (
        Case.objects.select_related("unit", "accident", "finding", "interference").filter(pk=case_id).first()
    )
    if case is None:
        raise Http404(f"没有案件 {case_id}，或您无权查看")
    _authorise(user, case.unit, action, f"案件 {case_id}")
    return case


def access_subject(user: Any, subject_id: int, action: str = VIEW) -> Subject:
    subject = (
        Subject.objects.select_related("case__unit", "case__accident", "person", "post")
        .filter(pk=subject_id)
        .first()
    )
    if subject is None:
        raise Http404(f"没有问责对象 {subject_id}，或您无权查看")
    _authorise(user, subject.case.unit, action, f"问责对象 {subject_id}")
    return subject


def access_decision(user: Any, decision_id: int, action: str = VIEW) -> Decision:
    decision = Decision.objects.select_related("subject__case__unit").filter(pk=decision_id).first()
    if decision is None:
        raise Http404(f"没有决定 {decision_id}，或您无权查看")
    _authorise(user, decision.subject.case.unit, action, f"决定 {decision_id}")
    return decision


def authorise_unit(user: Any, unit: Unit, action: str) -> None:
    _authorise(user, unit, action, f"单位 {unit.code}")
