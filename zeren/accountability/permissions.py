"""The permission policy for accountability cases and eligibility.

Cases in a unit subtree are visible to the committee-office administrator, unit operators and the
reviewers of that subtree. The administrator, operators and reviewers open cases and record the
facts about people in them; only the organisation-department and discipline-inspection reviewers
and the administrator record decisions. The public sees nothing; out of scope → 404, read-only → 403.

A leader reads, never changes, the cases that name them (as a subject, for any post they held: art. 69)
and, when they hold a principal post (党政主要负责人) today, the cases of that unit's subtree.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zeren.accidents.permissions import CASE_OPEN_ROLES
from zeren.accounts.models import Role
from zeren.accounts.scope import covers, person_ids, scope_q
from zeren.common.actor import Actor
from zeren.org.models import Person, Post, Tenure, Unit
from zeren.org.permissions import leader_scope_q
from zeren.org.selectors import UNIT_PRINCIPAL_ROLES

from .models import Case, Decision, InterferenceRecord, Subject

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
OPEN_ROLES = CASE_OPEN_ROLES
DECIDE_ROLES = (Role.COMMITTEE_ADMIN, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)

VIEW, CHANGE, DECIDE = "view", "change", "decide"
_ROLES = {VIEW: VIEW_ROLES, CHANGE: OPEN_ROLES, DECIDE: DECIDE_ROLES}
_DENIED = {
    CHANGE: "您对该案件只有查看权限",
    DECIDE: "只有组织部门、纪检监察审阅人或安委办管理员可以记录问责决定",
}


def can(user: Actor, unit: Unit, action: str = VIEW) -> bool:
    return covers(user, _ROLES[action], unit.path)


def _leader_cases(user: Actor) -> Q:
    """Cases naming one of the user's people, and those under a unit where the user is a principal."""
    q = leader_scope_q(user, "unit__path", UNIT_PRINCIPAL_ROLES)
    people = person_ids(user)
    if people:
        q |= Q(Exists(Subject.objects.filter(case=OuterRef("pk"), person_id__in=people)))
    return q


LIST_ORDER = ("-opened_at", "-pk")  # the case lists' keyset order (index case_opened)


def visible_cases(user: Actor) -> QuerySet[Case]:
    q = scope_q(user, VIEW_ROLES, "unit__path") | _leader_cases(user)
    return Case.objects.filter(q).select_related("unit", "accident")


def can_view_case(user: Actor, case: Case) -> bool:
    if can(user, case.unit, VIEW):
        return True
    return bool(person_ids(user)) and Case.objects.filter(_leader_cases(user), pk=case.pk).exists()


def visible_interference(user: Actor) -> QuerySet[InterferenceRecord]:
    return InterferenceRecord.objects.filter(scope_q(user, VIEW_ROLES, "unit__path"))


def _authorise(user: Actor, unit: Unit, action: str, what: str, case: Case | None = None) -> None:
    readable = can(user, unit, VIEW) or (case is not None and can_view_case(user, case))
    if not readable:
        raise Http404(f"没有{what}，或您无权查看")
    if action != VIEW and not can(user, unit, action):
        raise PermissionDenied(_DENIED[action])


def access_case(user: Actor, case_id: int, action: str = VIEW) -> Case:
    case = (
        Case.objects.select_related("unit", "accident", "finding", "interference").filter(pk=case_id).first()
    )
    if case is None:
        raise Http404(f"没有案件 {case_id}，或您无权查看")
    _authorise(user, case.unit, action, f"案件 {case_id}", case)
    return case


def access_subject(user: Actor, subject_id: int, action: str = VIEW) -> Subject:
    subject = (
        Subject.objects.select_related("case__unit", "case__accident", "person", "post")
        .filter(pk=subject_id)
        .first()
    )
    if subject is None:
        raise Http404(f"没有问责对象 {subject_id}，或您无权查看")
    _authorise(user, subject.case.unit, action, f"问责对象 {subject_id}", subject.case)
    return subject


def access_decision(user: Actor, decision_id: int, action: str = VIEW) -> Decision:
    decision = Decision.objects.select_related("subject__case__unit").filter(pk=decision_id).first()
    if decision is None:
        raise Http404(f"没有决定 {decision_id}，或您无权查看")
    _authorise(user, decision.subject.case.unit, action, f"决定 {decision_id}", decision.subject.case)
    return decision


def authorise_unit(user: Actor, unit: Unit, action: str) -> None:
    _authorise(user, unit, action, f"单位 {unit.code}")


# -- writes that name a person, a post or a unit ------------------------------------------------------
# A person is in an actor's scope when they held (at any time) a post in a unit the actor may open cases
# in. A code that does not exist and one outside the scope get the same message, so the form cannot be
# used to map codes to names in another county. ``actor=None`` is the system and the command line.


def _is_user(actor: Actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def person_missing(code: str) -> str:
    return f"没有人员 {code}，或该人员不在您的管辖范围内"


def unit_missing(code: str) -> str:
    return f"没有单位 {code}，或该单位不在您的管辖范围内"


def people_in_scope(actor: Actor) -> QuerySet[Person]:
    if not _is_user(actor):
        return Person.objects.all()
    held = Tenure.objects.filter(scope_q(actor, OPEN_ROLES, "post__unit__path"), person=OuterRef("pk"))
    return Person.objects.filter(Exists(held))


def in_scope(
    actor: Actor, *, unit: Unit, people: Sequence[Person] = (), posts: Sequence[Post | None] = ()
) -> str | None:
    """The message for the first unit, person or post outside ``actor``'s scope, or None when all are in."""
    if not _is_user(actor):
        return None
    if not can(actor, unit, CHANGE):
        return unit_missing(unit.code)
    ids = {p.pk for p in people}
    allowed = set(people_in_scope(actor).filter(pk__in=ids).values_list("pk", flat=True))
    for person in people:
        if person.pk not in allowed:
            return person_missing(person.code)
    for post in posts:
        if post is not None and not post.unit.path.startswith(unit.path):
            return f"{unit.name} 没有岗位 {post.code}"
    return None


def find_person(actor: Actor, code: str) -> Person | None:
    """The person with ``code`` if it exists and lies in ``actor``'s scope (the same None otherwise)."""
    return people_in_scope(actor).filter(code=code).first()


def find_post(unit: Unit, code: str) -> Post | None:
    return Post.objects.select_related("unit").filter(code=code, unit__path__startswith=unit.path).first()
