"""The permission policy for org data, used alike by views, API, services' callers and commands.

Scope is a unit subtree: the committee-office administrator and unit operators read and change
their subtree; organisation-department and discipline-inspection reviewers read it; a leader reads
their own posts and person record. Out-of-scope objects are reported as missing (404), so an
outsider cannot probe which codes exist; in-scope but read-only users get 403 on writes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, person_ids, scope_q

from .models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
CHANGE_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR)


def visible_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, VIEW_ROLES, "path"))


def can_view_unit(user: Any, unit: Unit) -> bool:
    return covers(user, VIEW_ROLES, unit.path)


def can_change_unit(user: Any, unit: Unit) -> bool:
    return covers(user, CHANGE_ROLES, unit.path)


def _missing(what: str, code: str) -> Http404:
    return Http404(f"没有{what} {code}，或您无权查看")


def access_unit(user: Any, code: str, *, change: bool = False) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_view_unit(user, unit):
        raise _missing("单位", code)
    if change and not can_change_unit(user, unit):
        raise PermissionDenied("您对该单位只有查看权限")
    return unit


def _leader_holds(user: Any, post: Post) -> bool:
    ids = person_ids(user)
    return bool(ids) and Tenure.objects.filter(post=post, person_id__in=ids).exists()


def access_post(user: Any, code: str, *, change: bool = False) -> Post:
    post = Post.objects.select_related("organisation", "unit").filter(code=code).first()
    if post is None or not (can_view_unit(user, post.unit) or _leader_holds(user, post)):
        raise _missing("岗位", code)
    if change and not can_change_unit(user, post.unit):
        raise PermissionDenied("您对该岗位只有查看权限")
    return post


def access_organisation(user: Any, code: str) -> Organisation:
    organisation = Organisation.objects.select_related("unit").filter(code=code).first()
    if organisation is None or not can_view_unit(user, organisation.unit):
        raise _missing("机构", code)
    return organisation


def visible_people(user: Any) -> QuerySet[Person]:
    in_scope = Tenure.objects.filter(scope_q(user, VIEW_ROLES, "post__unit__path"), person=OuterRef("pk"))
    return Person.objects.filter(Exists(in_scope) | Q(pk__in=person_ids(user)))


def access_person(user: Any, code: str) -> Person:
    person = visible_people(user).filter(code=code).first()
    if person is None:
        raise _missing("人员", code)
    return person


def access_portfolio(user: Any, portfolio_id: int) -> Portfolio:
    portfolio = Portfolio.objects.select_related("post__unit", "organisation").filter(pk=portfolio_id).first()
    if portfolio is None or not can_view_unit(user, portfolio.post.unit):
        raise _missing("分管记录", str(portfolio_id))
    if not can_change_unit(user, portfolio.post.unit):
        raise PermissionDenied("您对该岗位只有查看权限")
    return portfolio


def visible_successions(user: Any) -> QuerySet[Succession]:
    return Succession.objects.filter(
        scope_q(user, VIEW_ROLES, "predecessor__unit__path")
        | scope_q(user, VIEW_ROLES, "successor__unit__path")
    ).select_related("predecessor__unit", "successor__unit")
