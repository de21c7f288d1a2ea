"""The permission policy for accidents, used alike by pages, API, services' callers and commands.

Accidents in a unit subtree are visible to the committee-office administrator, unit operators and
the organisation-department and discipline-inspection reviewers of that subtree; the administrator
and operators register accidents and record their supplements, timeline and findings. The public
sees nothing. Out of scope → 404 (nothing to probe); in scope but read-only → 403.

Other involved units (where the vehicle is registered, where the enterprise is licensed) bring their posts
and the people who held them into the accident's answerable chain, which every reader of the accident sees.
So a writer may name only units whose posts and people the org policy already lets them read
(``involvable_units``): a county operator, the townships and zones of their county; the prefecture's
committee office, any county, township or zone of the prefecture. A unit out of that scope is refused with
the same message as a unit that does not exist (nothing to probe). Units already named stay selectable when
someone with a narrower scope edits the accident, so an edit never drops them silently.

A leader reads, never writes, the accidents in the units where they hold a post today (the units whose
accidents their posts answer for: a county's posts answer for its townships too) and the accidents of
any case that names them (art. 69: wherever they serve now).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, person_ids, scope_q
from zeren.common.actor import Actor
from zeren.org.models import Unit
from zeren.org.permissions import leader_scope_q, visible_units

from .errors import InvalidAccident
from .models import Accident

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
REGISTER_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR)
# Who may open an accountability case about an accident (the accountability app's OPEN_ROLES are these):
# asked here so the accident page does not reach up into the accountability app.
CASE_OPEN_ROLES = VIEW_ROLES
ACCIDENT_UNIT_LEVELS = (Unit.Level.COUNTY, Unit.Level.TOWNSHIP, Unit.Level.ZONE)


def _named_in_case(user: Actor) -> Q:
    """Accidents with a case naming one of the user's people (leader grants)."""
    people = person_ids(user)
    if not people:
        return Q(pk__in=[])
    # Through the reverse relations by name: the accountability app builds on this one, not the reverse.
    named = Accident.objects.filter(cases__subjects__person_id__in=people).values("pk")
    return Q(pk__in=named)


def visible_accidents(user: Actor) -> QuerySet[Accident]:
    """Accidents in the user's viewing scope, in a leader's own units, or whose case names the user."""
    q = scope_q(user, VIEW_ROLES, "unit__path") | leader_scope_q(user, "unit__path") | _named_in_case(user)
    return Accident.objects.filter(q).select_related("unit")


def can_view(user: Actor, unit: Unit) -> bool:
    """Whether the user may view the accidents of ``unit`` through a scoped viewing role."""
    return covers(user, VIEW_ROLES, unit.path)


def can_view_accident(user: Actor, accident: Accident) -> bool:
    """Whether the user may see this accident: by scope, as a leader of its unit, or named in its case."""
    if can_view(user, accident.unit):
        return True
    return Accident.objects.filter(
        leader_scope_q(user, "unit__path") | _named_in_case(user), pk=accident.pk
    ).exists()


def can_register(user: Actor, unit: Unit) -> bool:
    """Whether the user may register and change accidents of ``unit`` (a scoped registering role)."""
    return covers(user, REGISTER_ROLES, unit.path)


def registrable_units(user: Actor) -> QuerySet[Unit]:
    """Counties, townships and zones where the user may register an accident."""
    return Unit.objects.filter(
        scope_q(user, REGISTER_ROLES, "path"), level__in=ACCIDENT_UNIT_LEVELS
    ).order_by("path")


def access_accident(user: Actor, accident_id: int, *, change: bool = False) -> Accident:
    """The accident for the user (404 when unseen, so its existence does not leak); ``change`` needs
    registering."""
    accident = Accident.objects.select_related("unit", "pack").filter(pk=accident_id).first()
    if accident is None or not can_view_accident(user, accident):
        raise Http404(f"没有事故 {accident_id}，或您无权查看")
    if change and not can_register(user, accident.unit):
        raise PermissionDenied("您对该事故只有查看权限")
    return accident


def access_unit_for_registration(user: Actor, code: str) -> Unit:
    """A unit (by code or Chinese name) where ``user`` registers an accident."""
    unit = Unit.objects.filter(code=code).first() or Unit.objects.filter(name=code).first()
    if unit is None or not can_view(user, unit):
        raise Http404(f"没有单位 {code}，或您无权查看")
    if not can_register(user, unit):
        raise PermissionDenied("您无权在该单位登记事故")
    return unit


def involvable_units(user: Actor, accident: Accident | None = None) -> QuerySet[Unit]:
    """Counties, townships and zones ``user`` may name as other involved units (with those ``accident``
    already names)."""
    keep = Q(code__in=accident.also_units) if accident is not None and accident.also_units else Q(pk__in=[])
    in_scope = Q(pk__in=visible_units(user).values("pk"))
    units = Unit.objects.filter(in_scope | keep, level__in=ACCIDENT_UNIT_LEVELS)
    if accident is not None:
        units = units.exclude(pk=accident.unit_id)
    return units.order_by("path")


def access_involved_units(user: Actor, values: list[str], accident: Accident | None = None) -> list[Unit]:
    """The units named by code or Chinese name in ``values``, each one ``user`` may name (else refused,
    missing and out-of-scope alike)."""
    allowed = involvable_units(user, accident)
    found: list[Unit] = []
    for value in dict.fromkeys(v.strip() for v in values if v.strip()):
        unit = allowed.filter(Q(code=value) | Q(name=value)).first()
        if unit is None:
            raise InvalidAccident(
                f"没有单位 {value}，或您无权将其列为其他涉事单位"
                "（只能选择您有权查看的县（市）、乡镇（街道）或功能区）",
                field="also_units",
            )
        found.append(unit)
    return found


def can_open_case(user: Actor, accident: Accident) -> bool:
    """Whether the user may open an accountability case from this accident (a scoped case-opening role)."""
    return covers(user, CASE_OPEN_ROLES, accident.unit.path)
