"""Generating the demo year's occurrences: counts per clause derived by hand from the org data, idempotency,
and following changes (a new post, a reorganisation under art_72, a vacancy, an abolished post)."""

from __future__ import annotations

import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest
from django.db.models import Count, Q

from tests.obligations.conftest import YEAR, Demo
from zeren.audit.models import AuditEvent
from zeren.catalog.models import KindTrait
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.services import complete, generate_occurrences, record_meeting
from zeren.org import services as org
from zeren.org.models import Organisation, Post, Succession, Tenure, Unit

D = dt.date
LEVELS = ["prefecture", "county", "zone"]  # art. 1 (县级以上) and art. 1 para 2 (zones, by reference)
TOWNSHIPS = ["township"]  # art. 73: the four leader obligations the pack reads for townships
YEAR_END = D(YEAR, 12, 31)
LEADER_ROLES = [
    "party_principal", "party_standing_member", "government_principal", "government_safety_leader",
    "government_other_leader", "department_principal", "department_safety_leader", "department_other_leader",
]  # fmt: skip


def _posts(*roles: str, levels: list[str] = LEVELS) -> int:
    return (
        Post.objects.filter(role_code__in=roles, unit__level__in=levels, start__lte=D(YEAR, 1, 1))
        .filter(Q(end__isnull=True) | Q(end__gte=YEAR_END))
        .count()
    )


def _orgs(q: Q) -> int:
    return (
        Organisation.objects.filter(q, unit__level__in=LEVELS, start__lte=D(YEAR, 1, 1))
        .filter(Q(end__isnull=True) | Q(end__gte=YEAR_END))
        .count()
    )


def _kinds_with(*traits: str) -> set[str]:
    return set(KindTrait.objects.filter(trait__code__in=traits).values_list("kind__code", flat=True))


@pytest.mark.clause(
    "art_1__para_2", "art_4__para_1__point_2", "art_5__para_1__point_4", "art_14__para_1__point_2",
    "art_14__para_1__point_3", "art_16__para_1__point_4", "art_17__para_1__point_3",
    "art_17__para_1__point_4", "art_20__para_1__point_13", "art_21__para_1__point_4", "art_53__para_1",
    "art_57__para_1", "art_73__para_1", "art_74__para_1", pack="kashgar_2021",
)  # fmt: skip
def test_counts_per_clause_equal_the_hand_derived_counts(demo: Demo) -> None:
    every = LEVELS + TOWNSHIPS
    bodies = _orgs(Q(type__in=["party_committee", "government", "zone_administration"]))
    supervisory = _orgs(Q(kind_code__in=_kinds_with("supervisory_department")))
    either_trait = _orgs(Q(kind_code__in=_kinds_with("supervisory_department", "industry_authority")))
    expected = {
        "art_4__para_1__point_2": _posts("party_principal", levels=every),  # one meeting a year (党委会 too)
        "art_5__para_1__point_4": 4 * _posts("party_standing_member"),  # 定期: quarterly (pack default)
        "art_14__para_1__point_2": 2 * _posts("government_principal", levels=every),  # two a year
        "art_14__para_1__point_3": 3 * _posts("government_principal"),  # the annual list + 2 reviews
        # quarterly, for every member of the government team but its head: the safety leader too
        "art_16__para_1__point_4": 4
        * _posts("government_other_leader", "government_safety_leader", levels=every),
        "art_17__para_1__point_3": 4 * _posts("department_principal"),  # quarterly (pack default)
        "art_17__para_1__point_4": 2 * _posts("department_principal"),  # half-yearly (pack default)
        "art_18__para_1__point_5": 4 * supervisory,
        "art_20__para_1__point_13": _orgs(Q(kind_code="development_reform")),
        "art_21__para_1__point_4": _orgs(Q(kind_code="industry_information")),
        "art_53__para_1": 2 * bodies,
        "art_54__para_1": bodies,
        "art_55__para_1": bodies,
        "art_57__para_1": bodies + either_trait + _posts(*LEADER_ROLES, levels=every),
        "art_57__para_2": _orgs(Q(type="committee_office")),
        "art_59__para_1": bodies,
        "art_74__para_1": _orgs(Q(type__in=["party_organ", "government_department", "vertical_agency"])),
    }

    assert demo.first_run.by_clause == expected
    counted = dict(Occurrence.objects.filter(year=YEAR).values_list("clause").annotate(n=Count("pk")))
    assert counted == expected
    # the prefecture, its 12 counties and 4 zones: one Party committee each, and every township's
    assert _posts("party_principal") == 17
    assert expected["art_4__para_1__point_2"] == 17 + _posts("party_principal", levels=TOWNSHIPS)
    assert demo.first_run.created == sum(expected.values())
    assert demo.first_run.unowned == 0


def test_generation_is_fast_and_set_based(demo: Demo) -> None:
    # ~8,200 rows since townships, zones and the 述职 of every leader owe occurrences (1.3 s of it is the
    # in-memory resolution); times belong in bench/, this is only a guard against a per-row query loop
    assert demo.seconds < 30
    # a handful of reads, then batched inserts (SQLite caps parameters per statement) and one audit event
    assert demo.queries < demo.first_run.created / 20


def test_second_run_creates_nothing_and_records_no_event(demo: Demo) -> None:
    events = AuditEvent.objects.count()

    again = generate_occurrences(actor=None, year=YEAR)

    assert (again.created, again.updated, again.moved, again.removed) == (0, 0, 0, 0)
    assert again.unchanged == demo.first_run.created
    assert AuditEvent.objects.count() == events


def test_first_run_recorded_one_audit_event_with_counts() -> None:
    events = AuditEvent.objects.filter(action="obligations.generate")

    assert events.count() == 1
    assert (events.get().after or {})["created"] == Occurrence.objects.filter(year=YEAR).count()


@pytest.mark.clause("art_55__para_1", "art_74__para_1", "art_76__para_1", pack="kashgar_2021")
def test_the_first_year_owes_what_falls_due_after_the_entry_into_force() -> None:
    result = generate_occurrences(actor=None, year=2021)  # in force from 2021-04-10

    labels = set(Occurrence.objects.filter(year=2021).values_list("period_label", flat=True))
    assert "2021Q1" not in labels  # the quarter ended before the measures took effect
    assert "2021Q2" in labels
    # the letters (art. 55) and the lists (art. 74), by default due 03-31, fall due 30 days after 04-10
    first_year = Occurrence.objects.filter(year=2021, clause__in=["art_55__para_1", "art_74__para_1"])
    assert result.by_clause["art_55__para_1"] > 0
    assert result.by_clause["art_74__para_1"] > 0
    assert set(first_year.values_list("due", flat=True)) == {D(2021, 5, 10)}


def test_a_new_post_gets_the_periods_due_while_it_exists() -> None:
    government = Organisation.objects.get(code="shache-gov")
    post = org.create_post(
        actor=None,
        code="shache-gov-deputy-new",
        organisation=government,
        title="莎车县人民政府副县长（新设）",
        role_code="government_other_leader",
        start=D(YEAR, 5, 1),
    )

    result = generate_occurrences(actor=None, year=YEAR)

    assert result.created == 3
    labels = Occurrence.objects.filter(post=post).values_list("period_label", flat=True).order_by("due")
    assert list(labels) == [f"{YEAR}Q2", f"{YEAR}Q3", f"{YEAR}Q4"]


def test_a_vacated_post_keeps_its_occurrences() -> None:
    post = Post.objects.get(code="shule-gov-deputy-social")
    before = list(Occurrence.objects.filter(post=post).values_list("pk", flat=True).order_by("pk"))
    for tenure in Tenure.objects.filter(post=post, end__isnull=True):
        org.end_tenure(actor=None, tenure=tenure, end=D(YEAR, 2, 1), reason="transfer")

    result = generate_occurrences(actor=None, year=YEAR)

    assert (result.created, result.removed, result.moved) == (0, 0, 0)
    assert list(Occurrence.objects.filter(post=post).values_list("pk", flat=True).order_by("pk")) == before
    assert len(before) == 4


def test_a_reorganised_departments_open_occurrences_pass_to_the_successor_art_72() -> None:
    old = Organisation.objects.get(code="shule-transport")
    old_principal = Post.objects.get(code="shule-transport-principal")
    new = org.create_organisation(
        actor=None,
        code="shule-transport-new",
        unit=Unit.objects.get(code="shule"),
        name="疏勒县交通运输局（新组建）",
        type="government_department",
        kind_code="transport",
        start=D(YEAR, 7, 1),
    )
    new_principal = org.create_post(
        actor=None,
        code="shule-transport-new-principal",
        organisation=new,
        title="疏勒县交通运输局（新组建）局长",
        role_code="department_principal",
        start=D(YEAR, 7, 1),
    )
    q2, q3 = (
        Occurrence.objects.get(
            post=old_principal, obligation_code="department_safety_report", period_label=label
        )
        for label in (f"{YEAR}Q2", f"{YEAR}Q3")
    )
    open_after = set(
        Occurrence.objects.filter(post=old_principal, due__gte=D(YEAR, 7, 1)).values_list("pk", flat=True)
    )
    org.reorganise(
        actor=None, predecessors=[old], successors=[new], on=D(YEAR, 7, 1), kind=Succession.Kind.RENAME
    )

    result = generate_occurrences(actor=None, year=YEAR)

    assert result.moved == len(open_after) > 0
    assert result.created == 0
    q2.refresh_from_db()
    q3.refresh_from_db()
    assert q2.post_id == old_principal.pk  # due before the reorganisation: stays
    assert (q3.post_id, q3.organisation_id) == (new_principal.pk, new.pk)  # same row, new owner
    assert set(Occurrence.objects.filter(post=new_principal).values_list("pk", flat=True)) == open_after
    assert generate_occurrences(actor=None, year=YEAR).changed is False


def test_an_abolished_post_loses_open_occurrences_but_never_done_ones(demo: Demo) -> None:
    post = Post.objects.get(code="shule-gov-deputy-social")
    q1, q2, q3, _q4 = Occurrence.objects.filter(post=post).order_by("due")
    evidence = record_meeting(
        actor=None,
        occurrence=q3,
        held_on=D(YEAR, 7, 20),
        presided_by="甲",
        attendees="乙、丙",
        minutes_summary="分析形势",
    )
    complete(actor=None, occurrence=q3, evidence=evidence)
    Post.objects.filter(pk=post.pk).update(end=D(YEAR, 6, 30))

    result = generate_occurrences(actor=None, year=YEAR)

    assert result.removed == 1  # Q4: open, no evidence, no longer owed
    assert set(Occurrence.objects.filter(post=post).values_list("pk", flat=True)) == {q1.pk, q2.pk, q3.pk}
    assert Evidence.objects.filter(occurrence=q3).count() == 1


def test_summary_json_contract() -> None:
    from zeren.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["obligations", "summary", "--year", str(YEAR), "--json"])

    data = json.loads(out.getvalue())
    assert code == 0
    assert set(data) == {"by_clause", "by_status"}
    assert set(data["by_status"]) == {"upcoming", "due_soon", "overdue", "done", "done_late", "waived"}
    assert sum(data["by_clause"].values()) == sum(data["by_status"].values())
    assert sum(data["by_clause"].values()) == Occurrence.objects.filter(year=YEAR).count()
    assert all(isinstance(v, int) for v in data["by_clause"].values())


def test_generate_cli_json() -> None:
    from zeren.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["obligations", "generate", "--year", str(YEAR), "--json"])

    data = json.loads(out.getvalue())
    assert code == 0
    assert data["created"] == 0
    assert data["year"] == YEAR
