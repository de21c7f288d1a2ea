"""The permission policy for plans, targets and findings, used alike by pages, API, services' callers and CLI.

- committee admins covering the organiser unit: manage the plan (targets, team, start, complete), see
  everything in it, open an accountability case from a finding (art_63__para_1__point_1);
- team members (PlanMember, any account): see the plan, mark checklists, record findings, verify or
  reject rectification reports (the re-inspection);
- operators (and reviewers) of a target's unit: see that target and its findings, never the rest of the
  plan; operators of the target's unit report rectification done;
- reviewers covering the organiser unit: read the whole plan;
- anyone else, anonymous included: nothing.

Out of scope → 404 (nothing to probe); in scope but not allowed → 403.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, scope_q
from zeren.common.actor import Actor

from .models import Finding, Plan, Target

MANAGE_ROLES = (Role.COMMITTEE_ADMIN,)
OVERSEE_ROLES = (Role.COMMITTEE_ADMIN, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
TARGET_VIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
REPORT_ROLES = (Role.UNIT_OPERATOR,)

TargetAction = Literal["view", "inspect", "report", "manage"]


def _uid(user: Actor) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk if user.is_active else None


def is_member(user: Actor, plan: Plan) -> bool:
    """Whether the user is on the plan's inspection team."""
    uid = _uid(user)
    return uid is not None and plan.members.filter(user_id=uid).exists()


def can_manage(user: Actor, plan: Plan) -> bool:
    """Whether the user may manage the plan (a managing role over its organiser)."""
    return covers(user, MANAGE_ROLES, plan.organiser.path)


def can_view_plan(user: Actor, plan: Plan) -> bool:
    """Whether the user may see the plan: overseeing its organiser, or on its team."""
    return covers(user, OVERSEE_ROLES, plan.organiser.path) or is_member(user, plan)


def organiser_units_q(user: Actor) -> Q:
    """The filter on units the user may organise plans for."""
    return scope_q(user, MANAGE_ROLES, "path")


def visible_plans(user: Actor) -> QuerySet[Plan]:
    """Plans the user oversees or inspects for."""
    uid = _uid(user)
    q = scope_q(user, OVERSEE_ROLES, "organiser__path")
    if uid is not None:
        q |= Q(members__user_id=uid)
    return Plan.objects.filter(q).distinct().select_related("organiser")


def visible_targets(user: Actor) -> QuerySet[Target]:
    """Targets of visible plans, plus targets in the user's own units (operators see their own)."""
    uid = _uid(user)
    q = scope_q(user, OVERSEE_ROLES, "plan__organiser__path") | scope_q(user, TARGET_VIEW_ROLES, "unit__path")
    if uid is not None:
        q |= Q(plan__members__user_id=uid)
    return Target.objects.filter(q).distinct().select_related("plan__organiser", "unit", "organisation")


def can_target(user: Actor, target: Target, action: TargetAction) -> bool:
    """Whether the user may ``action`` a target: manage (the plan), inspect (its team), report (its unit),
    view."""
    plan = target.plan
    if action == "manage":
        return can_manage(user, plan)
    if action == "inspect":
        return is_member(user, plan)
    if action == "report":
        return covers(user, REPORT_ROLES, target.unit.path)
    return can_view_plan(user, plan) or covers(user, TARGET_VIEW_ROLES, target.unit.path)


_DENIED = {
    "inspect": "只有检查组成员可以检查、记录问题和复查整改",
    "report": "只有被检查单位的操作员可以报告整改情况",
    "manage": "只有组织单位的安委办管理员可以管理计划或据此立案问责",
}


def access_plan(user: Actor, plan_id: int, *, manage: bool = False) -> Plan:
    """The plan for the user (404 when unseen; 403 to manage without the right)."""
    plan = Plan.objects.select_related("organiser").filter(pk=plan_id).first()
    if plan is None or not can_view_plan(user, plan):
        raise Http404(f"没有计划 {plan_id}，或您无权查看")
    if manage and not can_manage(user, plan):
        raise PermissionDenied(_DENIED["manage"])
    return plan


def access_target(user: Actor, target_id: int, action: TargetAction = "view") -> Target:
    """The target for the user (404 when unseen; 403 for an action the user lacks)."""
    target = (
        Target.objects.select_related("plan__organiser", "unit", "organisation").filter(pk=target_id).first()
    )
    if target is None or not can_target(user, target, "view"):
        raise Http404(f"没有检查对象 {target_id}，或您无权查看")
    if action != "view" and not can_target(user, target, action):
        raise PermissionDenied(_DENIED[action])
    return target


def access_finding(user: Actor, finding_id: int, action: TargetAction = "view") -> Finding:
    """The finding for the user, authorised through its target (404 unseen; 403 for the action)."""
    finding = (
        Finding.objects.select_related(
            "target__plan__organiser", "target__unit", "target__organisation", "owner"
        )
        .filter(pk=finding_id)
        .first()
    )
    if finding is None or not can_target(user, finding.target, "view"):
        raise Http404(f"没有问题 {finding_id}，或您无权查看")
    if action != "view" and not can_target(user, finding.target, action):
        raise PermissionDenied(_DENIED[action])
    return finding
