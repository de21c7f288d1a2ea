"""The permission policy for accidents, used alike by pages, API, services' callers and commands.

Accidents in a unit subtree are visible to the committee-office administrator, unit operators and
the organisation-department and discipline-inspection reviewers of that subtree; the administrator
and operators register accidents and record their supplements, timeline and findings. The public
sees nothing. Out of scope → 404 (nothing to probe); in scope but read-only → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, scope_q
from zeren.org.models import Unit

from .models import Accident

VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
REGISTER_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR)
# Who may open an accountability case about an accident (the accountability app's OPEN_ROLES are these):
# asked here so the accident page does not reach up into the accountability app.
CASE_OPEN_ROLES = VIEW_ROLES
ACCIDENT_UNIT_LEVELS = (Unit.Level.COUNTY, Unit.Level.TOWNSHIP, Unit.Level.ZONE)


def visible_accidents(user: Any) -> QuerySet[Accident]:
    return Accident.objects.filter(scope_q(user, VIEW_ROLES, "unit__path")).select_related("unit")


def can_view(user: Any, unit: Unit) -> bool:
    return covers(user, VIEW_ROLES, unit.path)


def can_register(user: Any, unit: Unit) -> bool:
    return covers(user, REGISTER_ROLES, unit.path)


def registrable_units(user: Any) -> QuerySet[Unit]:
    """Counties, townships and zones where the user may register an accident."""
    return Unit.objects.filter(
        scope_q(user, REGISTER_ROLES, "path"), level__in=ACCIDENT_UNIT_LEVELS
    ).order_by("path")


def access_accident(user: Any, accident_id: int, *, change: bool = False) -> Accident:
    accident = Accident.objects.select_related("unit", "pack").filter(pk=accident_id).first()
    if accident is None or not can_view(user, accident.unit):
        raise Http404(f"没有事故 {accident_id}，或您无权查看")
    if change and not can_register(user, accident.unit):
        raise PermissionDenied("您对该事故只有查看权限")
    return accident


def access_unit_for_registration(user: Any, code: str) -> Unit:
    """A unit (by code or Chinese name) where ``user`` registers an accident."""
    unit = Unit.objects.filter(code=code).first() or Unit.objects.filter(name=code).first()
    if unit is None or not can_view(user, unit):
        raise Http404(f"没有单位 {code}，或您无权查看")
    if not can_register(user, unit):
        raise PermissionDenied("您无权在该单位登记事故")
    return unit


def can_open_case(user: Any, accident: Accident) -> bool:
    return covers(user, CASE_OPEN_ROLES, accident.unit.path)
