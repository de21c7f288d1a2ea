"""Inspection facts per inspected department (``organisation_inspection_facts``), for the assessment.

Given the tour world's plan (2026, in progress) with two prefecture departments added as targets beside
疏勒县交通运输局, findings in every rectification state; the facts are keyed by ``Target.organisation_id``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.supervision.world import YEAR, D, TourWorld, finding
from zeren.org import services as org
from zeren.org.models import Organisation
from zeren.supervision import services
from zeren.supervision.models import Finding, Target
from zeren.supervision.selectors import inspection_facts, organisation_inspection_facts

AUG_1 = D(2026, 8, 1)


@dataclass
class Departments:
    emergency: Organisation
    housing: Organisation
    emergency_target: Target
    housing_target: Target


def _department(tw: TourWorld, code: str, name: str, kind: str) -> tuple[Organisation, Target]:
    organisation = org.create_organisation(
        actor=None,
        code=code,
        unit=tw.org.kashgar,
        name=name,
        type="government_department",
        kind_code=kind,
        start=D(2019, 1, 1),
    )
    target = services.add_target(
        actor=tw.users["admin"], plan=tw.plan, unit=tw.org.kashgar, organisation=organisation
    )
    return organisation, target


@pytest.fixture
def depts(tw: TourWorld) -> Departments:
    emergency, emergency_target = _department(
        tw, "kashgar-emergency", "喀什地区应急管理局", "emergency_management"
    )
    housing, housing_target = _department(
        tw, "kashgar-housing", "喀什地区住房和城乡建设局", "housing_construction"
    )
    return Departments(emergency, housing, emergency_target, housing_target)


def _finding(tw: TourWorld, target: Target, owner: Organisation, **kw: Any) -> Finding:
    return services.record_finding(
        actor=tw.users["ivan"],
        target=target,
        severity=kw.pop("severity", "general"),
        clause=kw.pop("clause", "art_17__para_1__point_3"),
        description="未按季度报告安全生产工作",
        owner=owner,
        deadline=kw.pop("deadline", D(2026, 6, 30)),
        measures="限期整改并报送佐证",
        found_on=D(2026, 5, 10),
        **kw,
    )


def _report(tw: TourWorld, f: Finding, on: dt.date, then: str = "") -> None:
    services.report_rectification(actor=tw.users["admin"], finding=f, text="已整改（测试）", today=on)
    if then == "verify":
        services.verify_rectification(actor=tw.users["ivan"], finding=f)
    elif then == "reject":
        services.reject_rectification(actor=tw.users["ivan"], finding=f, reason="佐证不足")


def test_facts_per_department(tw: TourWorld, depts: Departments) -> None:
    # given: 应急管理局 rectifies both findings on time; 住建局 has one late, one rejected, one open 重大隐患
    em, ho = depts.emergency, depts.housing
    _report(tw, _finding(tw, depts.emergency_target, em), D(2026, 6, 20), "verify")
    reported_on_the_deadline = _finding(
        tw, depts.emergency_target, em, severity="serious", clause="art_18__para_1__point_5"
    )
    _report(tw, reported_on_the_deadline, D(2026, 6, 30), "verify")  # the deadline day is still on time
    _report(tw, _finding(tw, depts.housing_target, ho), D(2026, 7, 1), "verify")  # a day late
    _report(tw, _finding(tw, depts.housing_target, ho, severity="serious"), D(2026, 6, 1), "reject")
    _finding(tw, depts.housing_target, ho, severity="major", clause="art_18__para_1__point_2")
    services.escalate_overdue(today=AUG_1)

    # when
    facts = organisation_inspection_facts(year=YEAR, organisation_ids=[em.pk, ho.pk], today=AUG_1)

    # then
    assert set(facts) == {em.pk, ho.pk}
    e, h = facts[em.pk], facts[ho.pk]
    assert (e.unit_id, e.unit_name, e.year) == (em.pk, "喀什地区应急管理局", YEAR)
    assert (e.findings, e.verified, e.rectified_on_time, e.overdue, e.escalated) == (2, 2, 2, 0, 0)
    assert e.by_severity == {"general": 1, "serious": 1, "major": 0}
    assert (h.findings, h.verified, h.rectified_on_time, h.overdue, h.escalated) == (3, 1, 0, 2, 1)
    assert h.by_severity == {"general": 1, "serious": 1, "major": 1}
    assert h.clauses["overdue"] == ["art_17__para_1__point_3", "art_18__para_1__point_2"]
    assert h.clauses["escalated"] == ["art_18__para_1__point_2"]
    assert "rectified_on_time" not in h.clauses
    assert e.clauses["rectified_on_time"] == ["art_17__para_1__point_3", "art_18__para_1__point_5"]


def test_only_the_asked_departments_and_year_and_organisation_targets(
    tw: TourWorld, depts: Departments
) -> None:
    # given: findings on both departments, on the county department target and on a unit-wide target
    _finding(tw, depts.emergency_target, depts.emergency)
    _finding(tw, depts.housing_target, depts.housing)
    finding(tw)  # 疏勒县交通运输局 (an organisation target of the county)
    county = services.add_target(actor=tw.users["admin"], plan=tw.plan, unit=tw.org.shache)
    _finding(tw, county, tw.org.shache_gov)

    only_emergency = organisation_inspection_facts(
        year=YEAR, organisation_ids=[depts.emergency.pk], today=AUG_1
    )
    every_org = organisation_inspection_facts(
        year=YEAR,
        organisation_ids=[
            depts.emergency.pk,
            depts.housing.pk,
            tw.org.shule_transport.pk,
            tw.org.shache_gov.pk,
        ],
        today=AUG_1,
    )

    assert list(only_emergency) == [depts.emergency.pk]
    # the unit-wide target of 莎车县 has no organisation: its finding is not a department's
    assert set(every_org) == {depts.emergency.pk, depts.housing.pk, tw.org.shule_transport.pk}
    assert (
        organisation_inspection_facts(year=YEAR - 1, organisation_ids=[depts.emergency.pk], today=AUG_1) == {}
    )
    assert organisation_inspection_facts(year=YEAR, organisation_ids=[], today=AUG_1) == {}


def test_unit_facts_are_unchanged(tw: TourWorld, depts: Departments) -> None:
    # the per-unit reading still groups by the target's unit: departments of the prefecture count there
    _finding(tw, depts.emergency_target, depts.emergency)
    finding(tw)

    facts = inspection_facts(year=YEAR, today=AUG_1)

    assert {uid: f.findings for uid, f in facts.items()} == {tw.org.kashgar.pk: 1, tw.org.shule.pk: 1}
    assert facts[tw.org.kashgar.pk].unit_name == "喀什地区"


def test_one_query_whatever_the_number_of_departments(
    tw: TourWorld, depts: Departments, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        _finding(tw, depts.emergency_target, depts.emergency)
        _finding(tw, depts.housing_target, depts.housing)

    with django_assert_num_queries(1):
        facts = organisation_inspection_facts(
            year=YEAR, organisation_ids=[depts.emergency.pk, depts.housing.pk], today=AUG_1
        )

    assert {k: f.findings for k, f in facts.items()} == {depts.emergency.pk: 3, depts.housing.pk: 3}
