"""The permission policy for org data, used alike by views, API, services' callers and commands.

Scope is a unit subtree: the committee-office administrator and unit operators read and change
their subtree; organisation-department and discipline-inspection reviewers read it; a leader reads
their own posts and person record. Out-of-scope objects are reported as missing (404), so an
outsider cannot probe which codes exist; in-scope but read-only users get 403 on writes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, person_ids, scope_q
from zeren.common.actor import Actor

from .models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit, active_on

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
CHANGE_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR)


def visible_units(user: Actor) -> QuerySet[Unit]:
    """The units in the user's viewing scope."""
    return Unit.objects.filter(scope_q(user, VIEW_ROLES, "path"))


def can_view_unit(user: Actor, unit: Unit) -> bool:
    """Whether ``unit`` lies in the user's viewing scope."""
    return covers(user, VIEW_ROLES, unit.path)


def can_change_unit(user: Actor, unit: Unit) -> bool:
    """Whether ``unit`` lies in the user's change scope."""
    return covers(user, CHANGE_ROLES, unit.path)


def _missing(what: str, code: str) -> Http404:
    return Http404(f"没有{what} {code}，或您无权查看")


def access_unit(user: Actor, code: str, *, change: bool = False) -> Unit:
    """The unit for the user (404 outside the viewing scope; 403 to change it without change rights)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_view_unit(user, unit):
        raise _missing("单位", code)
    if change and not can_change_unit(user, unit):
        raise PermissionDenied("您对该单位只有查看权限")
    return unit


def _leader_holds(user: Actor, post: Post) -> bool:
    ids = person_ids(user)
    return bool(ids) and Tenure.objects.filter(post=post, person_id__in=ids).exists()


def access_post(user: Actor, code: str, *, change: bool = False) -> Post:
    """The post for the user: by scope, or the leader who holds it (``change`` needs change rights)."""
    post = Post.objects.select_related("organisation", "unit").filter(code=code).first()
    if post is None or not (can_view_unit(user, post.unit) or _leader_holds(user, post)):
        raise _missing("岗位", code)
    if change and not can_change_unit(user, post.unit):
        raise PermissionDenied("您对该岗位只有查看权限")
    return post


def access_organisation(user: Actor, code: str) -> Organisation:
    """The organisation for a user who may view its unit, else 404."""
    organisation = Organisation.objects.select_related("unit").filter(code=code).first()
    if organisation is None or not can_view_unit(user, organisation.unit):
        raise _missing("机构", code)
    return organisation


def visible_people(user: Actor) -> QuerySet[Person]:
    """People with a tenure in the user's viewing scope, and the user's own person (a leader)."""
    in_scope = Tenure.objects.filter(scope_q(user, VIEW_ROLES, "post__unit__path"), person=OuterRef("pk"))
    return Person.objects.filter(Exists(in_scope) | Q(pk__in=person_ids(user)))


def access_person(user: Actor, code: str) -> Person:
    """The person for the user, or 404."""
    person = visible_people(user).filter(code=code).first()
    if person is None:
        raise _missing("人员", code)
    return person


def access_portfolio(user: Actor, portfolio_id: int) -> Portfolio:
    """The portfolio for a user who may change its post's unit (404 unseen, 403 view only)."""
    portfolio = Portfolio.objects.select_related("post__unit", "organisation").filter(pk=portfolio_id).first()
    if portfolio is None or not can_view_unit(user, portfolio.post.unit):
        raise _missing("分管记录", str(portfolio_id))
    if not can_change_unit(user, portfolio.post.unit):
        raise PermissionDenied("您对该岗位只有查看权限")
    return portfolio


def visible_successions(user: Actor) -> QuerySet[Succession]:
    """Reorganisations whose predecessor or successor lies in the user's viewing scope."""
    return Succession.objects.filter(
        scope_q(user, VIEW_ROLES, "predecessor__unit__path")
        | scope_q(user, VIEW_ROLES, "successor__unit__path")
    ).select_related("predecessor__unit", "successor__unit")


# -- a leader's own posts (read by the accident and case policies and the leader's home page) ------

_LEADER_POSTS_ATTR = "_zeren_leader_posts"


def leader_posts(user: Actor) -> list[tuple[int, str, str]]:
    """``(post id, role code, unit path)`` of the posts the user holds today through a leader grant.

    One query per request (cached on the user object), none for users without a leader grant.
    """
    cached = getattr(user, _LEADER_POSTS_ATTR, None)
    if cached is None:
        ids = person_ids(user)
        cached = (
            list(
                Tenure.objects.filter(active_on(timezone.localdate()), person_id__in=ids)
                .order_by("post__unit__path", "post_id")
                .values_list("post_id", "post__role_code", "post__unit__path")
            )
            if ids
            else []
        )
        if getattr(user, "is_authenticated", False):
            setattr(user, _LEADER_POSTS_ATTR, cached)
    return cached


def leader_unit_paths(user: Actor, roles: tuple[str, ...] | None = None) -> list[str]:
    """Unit paths where the user holds a post today (only posts of ``roles`` when given)."""
    return sorted({path for _, role, path in leader_posts(user) if roles is None or role in roles})


def leader_scope_q(user: Actor, field: str, roles: tuple[str, ...] | None = None) -> Q:
    """Rows whose ``field`` (a unit path) lies under a unit where the user holds a post today."""
    q = Q(pk__in=[])
    for path in leader_unit_paths(user, roles):
        q |= Q(**{f"{field}__startswith": path})
    return q
