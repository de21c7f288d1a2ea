"""Services: checklist generation, findings, the rectification cycle, escalation, notices, facts, cases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.supervision.world import YEAR, D, TourWorld, finding
from zeren.accountability.models import Case
from zeren.audit.models import AuditEvent
from zeren.catalog.models import Obligation
from zeren.obligations.models import Evidence, Occurrence
from zeren.supervision import services
from zeren.supervision.checklists import checklist_rows
from zeren.supervision.errors import (
    CaseAlreadyOpen,
    InvalidTarget,
    InvalidTransition,
    PlanNotInProgress,
    ReasonRequired,
    RecordFrozen,
)
from zeren.supervision.models import Finding, RectificationNotice, RectificationReport
from zeren.supervision.selectors import inspection_facts


def test_checklist_comes_from_the_published_list(tw: TourWorld) -> None:
    items = list(tw.target.items.order_by("position"))

    assert len(items) > 5
    assert items[0].position == 1
    assert all(i.result == "pending" for i in items)
    assert all(i.clause.startswith("art_") and i.summary for i in items)
    assert tw.target.list_id is not None


def test_checklist_carries_the_targets_obligation_record(tw: TourWorld) -> None:
    # given an occurrence of the transport bureau for a listed clause in the plan's year, with evidence
    item = tw.target.items.order_by("position").first()
    assert item is not None
    obligation = Obligation.objects.first()
    assert obligation is not None
    occurrence = Occurrence.objects.create(
        pack=obligation.pack,
        obligation=obligation,
        obligation_code="meeting",
        clause=item.clause + "__x",
        year=YEAR,
        period_label="2026Q1",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 3, 31),
        due=D(2026, 3, 31),
        post=tw.transport_head,
        unit=tw.org.shule,
        organisation=tw.org.shule_transport,
        status="done",
    )
    Evidence.objects.create(occurrence=occurrence, kind="meeting", effective_date=D(2026, 3, 1))

    # when the checklist is generated
    _, rows = checklist_rows(tw.target, YEAR)

    # then the item shows what the target already has for that clause
    row = next(r for r in rows if r["clause"] == item.clause)
    assert row["evidence_summary"] == [
        {
            "occurrence": occurrence.pk,
            "obligation": "meeting",
            "period": "2026Q1",
            "status": "done",
            "due": "2026-03-31",
            "evidence": 1,
        }
    ]


def test_targets_are_below_the_organiser(tw: TourWorld) -> None:
    before = tw.plan.targets.count()

    with pytest.raises(InvalidTarget):
        services.add_target(actor=tw.users["admin"], plan=tw.plan, unit=tw.org.kashgar)

    assert tw.plan.targets.count() == before


def test_marking_and_findings_need_the_plan_in_progress(tw: TourWorld) -> None:
    services.set_plan_status(actor=tw.users["admin"], plan=tw.plan, status="completed")
    item = tw.target.items.first()
    assert item is not None

    with pytest.raises(PlanNotInProgress):
        services.mark_item(actor=tw.users["ivan"], item=item, result="met")
    with pytest.raises(PlanNotInProgress):
        finding(tw)

    item.refresh_from_db()
    assert item.result == "pending"
    assert Finding.objects.count() == 0


def test_marking_an_item(tw: TourWorld) -> None:
    item = tw.target.items.order_by("position").first()
    assert item is not None

    services.mark_item(actor=tw.users["ivan"], item=item, result="not_met", note="无会议纪要")

    item.refresh_from_db()
    assert (item.result, item.note, item.marked_by) == ("not_met", "无会议纪要", tw.users["ivan"])
    assert AuditEvent.objects.filter(action="supervision.mark_item", object_id=str(item.pk)).count() == 1


def test_a_finding_takes_the_clause_of_its_item_and_major_is_supervised(tw: TourWorld) -> None:
    f = finding(tw, severity="major")
    item = tw.target.items.order_by("position").first()
    assert item is not None

    assert (f.clause, f.status, f.supervised) == (item.clause, "open", True)
    assert finding(tw, severity="serious").supervised is False


def test_rectification_cycle_report_reject_report_verify(tw: TourWorld) -> None:
    f = finding(tw)
    alice, ivan = tw.users["alice"], tw.users["ivan"]

    services.report_rectification(actor=alice, finding=f, text="已召开会议", today=D(2026, 6, 1))
    f.refresh_from_db()
    assert f.status == "reported"

    with pytest.raises(ReasonRequired):
        services.reject_rectification(actor=ivan, finding=f, reason=" ")
    services.reject_rectification(actor=ivan, finding=f, reason="纪要未签发")
    f.refresh_from_db()
    assert f.status == "rejected"

    services.report_rectification(actor=alice, finding=f, text="纪要已签发", today=D(2026, 6, 20))
    services.verify_rectification(actor=ivan, finding=f)
    f.refresh_from_db()

    assert f.status == "verified"
    assert list(f.reports.order_by("pk").values_list("text", "decision", "reason")) == [
        ("已召开会议", "rejected", "纪要未签发"),
        ("纪要已签发", "accepted", ""),
    ]
    assert list(
        AuditEvent.objects.filter(action__endswith="_rectification")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "supervision.report_rectification",
        "supervision.reject_rectification",
        "supervision.report_rectification",
        "supervision.verify_rectification",
    ]


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "verify"),
        ([], "reject"),
        (["report"], "report"),
        (["report", "verify"], "report"),
        (["report", "verify"], "reject"),
    ],
)
def test_invalid_transitions_are_named_and_change_nothing(
    tw: TourWorld, setup: list[str], action: str
) -> None:
    f = finding(tw)
    steps: dict[str, Callable[[], object]] = {
        "report": lambda: services.report_rectification(actor=tw.users["alice"], finding=f, text="已整改"),
        "verify": lambda: services.verify_rectification(actor=tw.users["ivan"], finding=f),
        "reject": lambda: services.reject_rectification(actor=tw.users["ivan"], finding=f, reason="不到位"),
    }
    for step in setup:
        steps[step]()
    f.refresh_from_db()
    status, reports, events = f.status, RectificationReport.objects.count(), AuditEvent.objects.count()

    with pytest.raises(InvalidTransition) as caught:
        steps[action]()

    assert caught.value.code == "invalid_transition"
    f.refresh_from_db()
    assert (f.status, RectificationReport.objects.count(), AuditEvent.objects.count()) == (
        status,
        reports,
        events,
    )


def test_reports_are_history(tw: TourWorld) -> None:
    f = finding(tw)
    report = services.report_rectification(actor=tw.users["alice"], finding=f, text="已整改")
    services.verify_rectification(actor=tw.users["ivan"], finding=f)
    report.refresh_from_db()

    report.reason = "改写"
    with pytest.raises(RecordFrozen):
        report.save()
    with pytest.raises(RecordFrozen):
        report.delete()


def test_escalation_and_notices_are_idempotent(tw: TourWorld) -> None:
    major = finding(tw, severity="major", deadline=D(2026, 6, 30))
    general = finding(tw, severity="general", deadline=D(2026, 6, 30))

    on_deadline = services.escalate_overdue(today=D(2026, 6, 30))
    assert (on_deadline.overdue, on_deadline.escalated, on_deadline.notices) == (0, 0, 0)

    first = services.escalate_overdue(today=D(2026, 7, 1))
    again = services.escalate_overdue(today=D(2026, 7, 2))

    assert (first.overdue, first.escalated) == (2, 1)
    # alice and bob (operators of 疏勒县) for both findings; admin for the escalated one
    assert first.notices == 5
    assert (again.escalated, again.notices) == (0, 0)
    major.refresh_from_db()
    general.refresh_from_db()
    assert major.escalated_at is not None
    assert general.escalated_at is None
    assert sorted(
        RectificationNotice.objects.filter(finding=major).values_list("kind", "user__username")
    ) == [
        ("escalated", "admin"),
        ("overdue", "alice"),
        ("overdue", "bob"),
    ]


def test_the_escalation_delay_is_the_packs_local_choice(tw: TourWorld) -> None:
    from zeren.catalog.models import Parameter

    major = finding(tw, severity="major", deadline=D(2026, 6, 30))
    choice = Parameter.objects.get(section="local_choices", code="supervision_escalation_days")
    assert choice.value["value"] == 0  # the Kashgar pack's default: the first overdue day
    Parameter.objects.filter(pk=choice.pk).update(value={**choice.value, "value": 3})

    assert services.escalate_overdue(today=D(2026, 7, 3)).escalated == 0  # 3 days overdue: not yet
    assert services.escalate_overdue(today=D(2026, 7, 4)).escalated == 1
    major.refresh_from_db()
    assert major.escalated_at is not None


def test_facts_for_assessment(tw: TourWorld) -> None:
    on_time = finding(tw, severity="major", deadline=D(2026, 6, 30))
    late = finding(tw, severity="general", deadline=D(2026, 6, 30))
    finding(tw, severity="serious", deadline=D(2026, 6, 1))  # never reported
    services.report_rectification(
        actor=tw.users["alice"], finding=on_time, text="已整改", today=D(2026, 6, 30)
    )
    services.verify_rectification(actor=tw.users["ivan"], finding=on_time)
    services.report_rectification(actor=tw.users["alice"], finding=late, text="已整改", today=D(2026, 7, 1))
    services.verify_rectification(actor=tw.users["ivan"], finding=late)

    facts = inspection_facts(year=YEAR, today=D(2026, 8, 1))[tw.org.shule.pk]

    assert facts.by_severity == {"general": 1, "serious": 1, "major": 1}
    assert (facts.findings, facts.verified, facts.rectified_on_time, facts.overdue) == (3, 2, 1, 1)
    assert facts.clauses["rectified_on_time"] == [on_time.clause]
    assert inspection_facts(year=YEAR - 1) == {}


def test_opening_a_case_from_a_finding(tw: TourWorld) -> None:
    f = finding(tw)
    services.mark_item(actor=tw.users["ivan"], item=f.checklist_item, result="not_met", note="无纪要")  # type: ignore[arg-type]

    case = services.open_case_from_finding(actor=tw.users["admin"], finding=f)

    f.refresh_from_db()
    assert f.case_id == case.pk
    stored = Case.objects.get(pk=case.pk)
    assert stored.trigger == "duty_failure"
    assert "art_63__para_1__point_1" in stored.clauses
    assert "未按期召开安全生产专题会议" in stored.facts
    assert "无纪要" in stored.facts
    assert [s.person.name for s in stored.subjects.all()] == ["演示丙"]
    with pytest.raises(CaseAlreadyOpen):
        services.open_case_from_finding(actor=tw.users["admin"], finding=f)
    assert Case.objects.count() == 1


def test_deadline_before_the_finding_is_refused(tw: TourWorld) -> None:
    with pytest.raises(Exception, match="整改期限"):
        finding(tw, deadline=D(2026, 5, 1), found_on=D(2026, 5, 10))
    assert Finding.objects.count() == 0
