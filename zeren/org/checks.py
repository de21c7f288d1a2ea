"""Structural checks of the org data against the text (``zeren org check``, the committee office's page).

The pack names each check, its clause, roles and levels (pack.yaml ``organisation.checks``); the rules are
pure (``zeren.policy.org_checks``); this module reads what they need in one query per check (annotations
and ``Exists``, never a query per row) and records the office's special-fund figures (art. 14 para 1
point 4) and the departments' safety bodies and staff (art. 17 para 1 point 5) through audited services.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from zeren.accounts.models import Role
from zeren.accounts.scope import covers
from zeren.audit.services import record_event
from zeren.catalog.models import KindTrait, PackVersion
from zeren.catalog.packs import stored_sections
from zeren.common.actor import Actor, acting_user
from zeren.packs.model_org import OrganisationRules, OrgCheck
from zeren.policy import org_checks as rules
from zeren.policy.org_checks import Finding

from . import services
from .models import Organisation, Post, SpecialFundBudget, Tenure, Unit, active_on


def _organisation(pack: PackVersion) -> OrganisationRules:
    return stored_sections(pack).organisation


def _held(check: OrgCheck, on: dt.date) -> dict[int, dict[str, set[int]]]:
    """unit id -> role -> people holding a post of that role there on ``on`` (one query)."""
    held: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = Tenure.objects.filter(
        active_on(on),
        active_on(on, "post__"),
        post__role_code__in=[*check.roles, *check.with_roles],
        post__unit__level__in=check.levels,
    ).values_list("post__unit_id", "post__role_code", "person_id")
    for unit_id, role, person in rows:
        held[unit_id][role].add(person)
    return held


def _safety_leader(check: OrgCheck, on: dt.date) -> list[Finding]:
    held = _held(check, on)
    units = Unit.objects.filter(level__in=check.levels).order_by("path").values_list("pk", "code", "name")
    plain = [
        rules.UnitGovernment(
            code,
            name,
            frozenset(str(p) for role in check.roles for p in held[pk][role]),
            frozenset(str(p) for role in check.with_roles for p in held[pk][role]),
        )
        for pk, code, name in units
    ]
    return rules.safety_leader_on_standing_committee(check.clause, plain)


def _departments(check: OrgCheck, organisation: OrganisationRules, on: dt.date) -> list[rules.Department]:
    led = Tenure.objects.filter(
        active_on(on),
        active_on(on, "post__"),
        post__organisation=OuterRef("pk"),
        post__role_code__in=check.roles,
    )
    rows = (
        Organisation.objects.filter(
            active_on(on), unit__level__in=check.levels, type__in=organisation.types_of("department")
        )
        .annotate(led=Exists(led))
        .order_by("unit__path", "name")
        .values_list("code", "name", "led")
    )
    return [rules.Department(code, name, safety_leader_held=led) for code, name, led in rows]


def _staffing(
    check: OrgCheck, organisation: OrganisationRules, pack: PackVersion, on: dt.date
) -> list[Finding]:
    """Art. 17 para 1 point 5: the departments the pack names (all, or its kinds / traits), one query."""
    rows = Organisation.objects.filter(
        active_on(on), unit__level__in=check.levels, type__in=organisation.types_of("department")
    )
    if check.kinds or check.traits:
        kinds = set(check.kinds) | set(_kinds_with_traits(pack, check.traits))
        rows = rows.filter(kind_code__in=sorted(kinds))
    plain = [
        rules.DepartmentStaffing(code, name, body, staff)
        for code, name, body, staff in rows.order_by("unit__path", "name").values_list(
            "code", "name", "safety_body", "safety_staff"
        )
    ]
    return rules.department_safety_body(check.clause, plain)


def _kinds_with_traits(pack: PackVersion, traits: tuple[str, ...]) -> list[str]:
    """The pack's department kinds carrying one of ``traits`` (pack ``department_kinds[].traits``), from the
    stored catalogue."""
    links = KindTrait.objects.filter(kind__pack=pack, trait__code__in=traits)
    return sorted(set(links.values_list("kind__code", flat=True)))


def _lists(check: OrgCheck, on: dt.date) -> list[Finding]:
    # duties is a feature app above org: read its model by name, as the assessment reads supervision's
    lists = apps.get_model("duties", "ResponsibilityList")
    published = lists.objects.filter(post=OuterRef("pk"), status="published")
    rows = (
        Post.objects.filter(active_on(on), unit__level__in=check.levels)
        .annotate(published=Exists(published))
        .order_by("unit__path", "organisation__name", "title")
        .values_list("code", "title", "published")
    )
    return rules.list_published(check.clause, {code: (title, done) for code, title, done in rows})


def _fund(check: OrgCheck, year: int) -> list[Finding]:
    budgets = dict(SpecialFundBudget.objects.filter(year=year).values_list("unit_id", "amount_yuan"))
    units = Unit.objects.filter(level__in=check.levels).order_by("path").values_list("pk", "code", "name")
    return rules.special_fund_budgeted(check.clause, year, {c: (n, budgets.get(pk)) for pk, c, n in units})


def org_findings(pack: PackVersion, *, on: dt.date, year: int | None = None) -> list[Finding]:
    """Every gap between the org data on ``on`` and what the pack's checks read from the text."""
    organisation = _organisation(pack)
    year = year or on.year
    findings: list[Finding] = []
    for check in organisation.checks:
        if check.check == "safety_leader_on_standing_committee":
            findings += _safety_leader(check, on)
        elif check.check == "department_safety_leader":
            findings += rules.department_safety_leader(check.clause, _departments(check, organisation, on))
        elif check.check == "department_safety_body":
            findings += _staffing(check, organisation, pack, on)
        elif check.check == "list_published":
            findings += _lists(check, on)
        elif check.check == "special_fund_budgeted":
            findings += _fund(check, year)
    return findings


# -- the special fund figure (art. 14 para 1 point 4) -------------------------------------------------


def can_record_fund(actor: Actor) -> bool:
    prefecture = Unit.objects.filter(level=Unit.Level.PREFECTURE).order_by("path").first()
    return actor is None or covers(actor, [Role.COMMITTEE_ADMIN], prefecture.path if prefecture else None)


@transaction.atomic
def record_special_fund(
    *, actor: Actor, unit: Unit, year: int, amount_yuan: int, note: str = ""
) -> SpecialFundBudget:
    """Enter (or correct) a unit's budgeted special fund for ``year``; audited with before and after."""
    if not can_record_fund(actor):
        raise PermissionDenied("只有地区安委办管理员可以登记安全生产专项资金预算")
    if amount_yuan < 0:
        raise ValueError("预算金额不能为负数")
    row = SpecialFundBudget.objects.select_for_update().filter(unit=unit, year=year).first()
    before = {"amount_yuan": row.amount_yuan, "note": row.note} if row else None
    user = acting_user(actor)
    if row is None:
        row = SpecialFundBudget(unit=unit, year=year)
    row.amount_yuan, row.note, row.entered_by, row.entered_at = amount_yuan, note, user, timezone.now()
    row.save()
    record_event(
        actor=actor,
        action="org.record_special_fund",
        obj=row,
        before=before,
        after={"unit": unit.code, "year": year, "amount_yuan": amount_yuan, "note": note},
        unit_path=unit.path,
        note=f"登记{unit.name}{year}年度安全生产专项资金预算{amount_yuan}元",
    )
    return row


# -- a department's safety body and staff (art. 17 para 1 point 5) ----------------------------------


def record_safety_staffing(
    *, actor: Actor, organisation: Organisation, safety_body: str, safety_staff: int | None
) -> Organisation:
    """Enter (or correct) a department's safety body and the number of its safety staff: the committee
    office's to enter (as the special fund); written and audited by ``services.set_safety_staffing``."""
    if not can_record_fund(actor):
        raise PermissionDenied("只有地区安委办管理员可以登记部门安全生产工作机构和人员")
    return services.set_safety_staffing(
        actor=actor, organisation=organisation, safety_body=safety_body, safety_staff=safety_staff
    )
