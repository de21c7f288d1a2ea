"""The demo's obligation completion and last year's tour: the records the annual assessment reads.

The demo (pack, org demo, the 2025 and 2026 calendars, a committee-office administrator) is built and
completed once per module inside a transaction rolled back at the end; each test runs in a savepoint
inside it. Today is 2026-11-28, so the assessment year is 2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from zeren.accounts.models import RoleAssignment
from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.completion import (
    COUNTY_PROFILES,
    DEMO_MARK,
    DemoCompletionSummary,
    build_demo_completion,
)
from zeren.demo.data import COUNTIES
from zeren.demo.supervision import build_demo_assessment_tour
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.selectors import completion_rate, rates_by_unit
from zeren.obligations.services import generate_occurrences
from zeren.org.models import Organisation, Tenure, Unit
from zeren.packs import KASHGAR_PACK_DIR
from zeren.supervision.models import Finding, Plan
from zeren.supervision.selectors import inspection_facts, organisation_inspection_facts

TODAY = dt.date(2026, 11, 28)
LAST_YEAR, THIS_YEAR = 2025, 2026
YEAR_END = dt.date(LAST_YEAR, 12, 31)
WEAK = {"shule", "jiashi"}


@dataclass(frozen=True)
class Built:
    summary: DemoCompletionSummary
    admin: Any


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Built]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
        build_demo()
        for year in (LAST_YEAR, THIS_YEAR):
            generate_occurrences(actor=None, year=year)
        admin = get_user_model().objects.create_user(username="admin", password=None)
        RoleAssignment.objects.create(
            user=admin, role="committee_admin", unit=Unit.objects.get(code="kashgar")
        )
        yield Built(build_demo_completion(today=TODAY), admin)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_demo(built: Built, db: None) -> None:
    """Every test runs in a savepoint inside the module's demo transaction."""


def _last_year_rates() -> dict[str, Any]:
    return {u["code"]: rate for u, rate in rates_by_unit(Occurrence.objects.filter(year=LAST_YEAR), YEAR_END)}


def test_summary_reports_what_was_written(built: Built) -> None:
    s = built.summary
    closed = Occurrence.objects.filter(year__in=[LAST_YEAR, THIS_YEAR])

    assert (s.created, s.years) == (True, (LAST_YEAR, THIS_YEAR))
    assert s.done == closed.filter(status="done").count() > 4000
    assert s.done_late == closed.filter(status="done_late").count() > 0
    assert s.waived == closed.filter(status="waived").count() > 0
    assert s.left_open == closed.filter(status="open", due__lt=TODAY).count() > 0


def test_idempotent(built: Built) -> None:
    evidence, events = Evidence.objects.count(), AuditEvent.objects.count()

    again = build_demo_completion(today=TODAY)

    assert (again.created, again.years, again.done) == (False, (), 0)
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == (evidence, events)


def test_one_audit_event_summarises_the_run(built: Built) -> None:
    event = AuditEvent.objects.get(action="demo.obligation_completion")
    after = event.after or {}

    assert after["done"] == built.summary.done
    assert after["years"] == [LAST_YEAR, THIS_YEAR]
    assert "虚构" in event.note


def test_county_shares_within_their_bands() -> None:
    rates = _last_year_rates()
    counties = {c.code for c in COUNTIES}

    assert set(COUNTY_PROFILES) == counties
    for code in counties - WEAK:
        rate = rates[code]
        on_time = Decimal(100 * rate.done) / rate.denominator
        assert Decimal(85) <= on_time <= Decimal(98), code
        assert Decimal(90) <= rate.percent <= Decimal(99), code
    for code in WEAK:
        assert Decimal(50) <= rates[code].percent <= Decimal(65), code


def test_departments_vary_and_two_are_weak() -> None:
    depts = Organisation.objects.filter(unit__code="kashgar", type="government_department")
    shares = {}
    for org in depts:
        rate = completion_rate(Occurrence.objects.filter(year=LAST_YEAR, organisation=org), YEAR_END)
        shares[org.code] = rate.percent
    weak = {code for code, percent in shares.items() if percent is not None and percent < 70}

    assert weak == {"kashgar-housing-construction", "kashgar-natural-resources"}
    assert shares["kashgar-emergency"] == Decimal(100)
    assert len(set(shares.values())) >= 4


def test_late_ones_are_held_after_the_due_date_and_waived_ones_have_a_reason(built: Built) -> None:
    late = Occurrence.objects.filter(year=LAST_YEAR, status="done_late").select_related("completion_evidence")
    waived = Occurrence.objects.filter(status="waived")

    assert late.count() > 50
    assert all(o.effective_date is not None and o.effective_date > o.due for o in late)
    assert 0 < waived.count() <= 10
    assert all(o.waived_reason.endswith(DEMO_MARK) and o.waived_by == built.admin for o in waived)
    assert all(o.waived_at is not None and o.waived_at.date() < TODAY for o in waived)


def test_completions_look_like_the_complete_service() -> None:
    closed = Occurrence.objects.filter(status__in=["done", "done_late"]).select_related("completion_evidence")

    for o in closed:
        e = o.completion_evidence
        assert e is not None
        assert (e.occurrence_id, e.kind) == (o.pk, "meeting")
        assert o.effective_date == e.effective_date == e.held_on
        assert e.held_on is not None
        assert e.held_on < TODAY
        assert o.status == ("done_late" if e.held_on > o.due else "done")
        assert o.completed_at is not None
        assert o.completed_at.date() >= e.held_on
        assert e.uploaded_at == o.completed_at
        assert e.minutes_summary.endswith(DEMO_MARK)
        assert "演示，虚构" in e.attendees
        assert e.presided_by
    assert Evidence.objects.count() == closed.count()


def test_the_meeting_is_presided_by_the_posts_holder_on_that_day() -> None:
    sample = Evidence.objects.select_related("occurrence__post").order_by("pk")[::500]

    for e in sample:
        holders = Tenure.objects.filter(post=e.occurrence.post, start__lte=e.held_on).exclude(
            end__lt=e.held_on
        )
        names = [t.person.name for t in holders.select_related("person").order_by("acting", "start")]
        expected = f"{names[0]}（{e.occurrence.post.title}）" if names else e.occurrence.post.title
        assert e.presided_by == expected[:100]


def test_this_year_only_what_is_already_due() -> None:
    this_year = Occurrence.objects.filter(year=THIS_YEAR)

    assert this_year.filter(due__gte=TODAY).exclude(status="open").count() == 0
    assert this_year.filter(due__lt=TODAY, status="done").count() > 1000


def test_counted_by_rate_aggregates(built: Built) -> None:
    rate = completion_rate(Occurrence.objects.filter(year=LAST_YEAR), TODAY)  # every 2025 item is past due
    by_group = built.summary.by_group

    assert rate.done == sum(g["done"] for g in by_group.values())
    assert rate.done_late == sum(g["done_late"] for g in by_group.values())
    assert rate.waived == sum(g["waived"] for g in by_group.values())
    assert rate.overdue == sum(g["open"] for g in by_group.values())
    assert rate.due_to_date == Occurrence.objects.filter(year=LAST_YEAR).count()


def test_deterministic_and_a_bounded_number_of_queries(
    built: Built, django_assert_max_num_queries: Any
) -> None:
    # given: the completion undone (in this test's savepoint)
    before = _last_year_rates()
    Occurrence.objects.update(
        status="open", effective_date=None, completed_at=None, completion_evidence=None,
        waived_reason="", waived_by=None, waived_at=None,
    )  # fmt: skip
    Evidence.objects.all().delete()

    # when: done again, in bulk (one INSERT per 90 evidence rows on SQLite's 999-parameter limit), never one
    # query per row: since townships and zones owe obligations (issue 14) the demo closes some thousands of
    # occurrences, about 220 queries on SQLite
    with django_assert_max_num_queries(260):
        again = build_demo_completion(today=TODAY)

    # then: the same occurrences close the same way
    assert again == built.summary
    assert _last_year_rates() == before


# -- last year's tour ---------------------------------------------------------------------------------


@pytest.fixture
def tour() -> Plan:
    summary = build_demo_assessment_tour(today=TODAY)
    assert summary.plan_id is not None
    return Plan.objects.get(pk=summary.plan_id)


def test_last_years_tour_has_counties_and_departments(tour: Plan) -> None:
    targets = tour.targets.select_related("organisation", "unit")

    assert (tour.year, tour.status, tour.kind) == (LAST_YEAR, "completed", "tour")
    assert {t.unit.code for t in targets if t.organisation is None} == {"kashi", "shule", "jiashi", "bachu"}
    departments = {t.organisation.code for t in targets if t.organisation is not None}
    assert len(departments) >= 3
    assert {t.unit.code for t in targets if t.organisation is not None} == {"kashgar"}
    statuses = set(Finding.objects.filter(target__plan=tour).values_list("status", flat=True))
    assert statuses == {"open", "reported", "rejected", "verified"}


def test_last_years_tour_gives_the_assessment_inspection_facts(tour: Plan) -> None:
    units = {u.code: u.pk for u in Unit.objects.filter(level="county")}
    orgs = {o.code: o.pk for o in Organisation.objects.filter(unit__code="kashgar")}

    counties = inspection_facts(year=LAST_YEAR, unit_ids=list(units.values()), today=YEAR_END)
    depts = organisation_inspection_facts(
        year=LAST_YEAR, organisation_ids=list(orgs.values()), today=YEAR_END
    )

    good, weak = counties[units["kashi"]], counties[units["shule"]]
    assert good.rectified_on_time == good.findings > 0
    assert (weak.rectified_on_time, weak.escalated) == (0, 1)
    assert weak.overdue >= 2
    assert depts[orgs["kashgar-emergency"]].rectified_on_time == depts[orgs["kashgar-emergency"]].findings
    housing = depts[orgs["kashgar-housing-construction"]]
    assert (housing.verified, housing.escalated) == (0, 1)
    transport = depts[orgs["kashgar-transport"]]
    assert 0 < transport.rectified_on_time < transport.verified


def test_last_years_tour_is_idempotent(tour: Plan) -> None:
    again = build_demo_assessment_tour(today=TODAY)

    assert (again.created, again.plan_id) == (False, tour.pk)
    assert Plan.objects.count() == 1
