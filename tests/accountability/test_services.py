"""Cases: subjects fixed at opening, proposals with clauses and facts, decisions amended by new records,
eligibility under the art. 65 veto."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.accidents.models import Accident
from zeren.accountability import selectors, services
from zeren.accountability.errors import AlreadyDecided, InvalidDecision, StaleAmendment
from zeren.accountability.models import Case, Decision, Subject
from zeren.audit.models import AuditEvent
from zeren.common.frozen import FrozenRecordError as RecordFrozen
from zeren.org import services as org_services

TZ = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 3, 1, 10, 0, tzinfo=TZ)


def _accident(aworld: AccidentWorld, deaths: int = 3) -> Accident:
    return accidents.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=AT,
        enterprise="某客运公司",
        description="侧翻",
        deaths=deaths,
    )


def _case(aworld: AccidentWorld) -> Case:
    return services.open_case_for_accident(actor=aworld.users["alice"], accident=_accident(aworld))


def _decide(
    subject: Subject, *, amends: Decision | None = None, form: str = "admonishment", **kw: object
) -> Decision:
    return services.record_decision(
        actor=None,
        subject=subject,
        outcome="accountable",
        form=form,
        organ="discipline_inspection",
        decided_on=dt.date(2026, 4, 1),
        reasoning="督促不力",
        leadership_responsibility=True,
        amends=amends,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.clause("art_16__para_1", "art_63__para_1__point_4", pack="kashgar_2021")
def test_an_accident_case_proposes_the_likely_posts_and_lists_the_possible_apart(
    aworld: AccidentWorld,
) -> None:
    case = _case(aworld)  # 较大 (3 deaths), no report failure

    subjects = {s.post.code: s for s in case.subjects.select_related("post", "person") if s.post}
    possible = {p["post"]: p for p in case.possible}
    # Likely at 较大: the deputy overseeing the sector; the county principals, the safety deputy and the
    # departments' heads only possible (可能涉及，需调查核实), not subjects.
    assert set(subjects) == {"shule-deputy"}
    assert "art_16__para_1" in subjects["shule-deputy"].clauses
    assert subjects["shule-deputy"].responsibility == "重要领导责任"
    assert set(possible) == {
        "shule-ps-principal",
        "shule-transport-principal",
        "shule-executive",
        "shule-head",
        "shule-secretary",
    }
    assert not set(possible) & set(subjects)
    assert possible["shule-head"]["responsibility"] == "主要领导责任"
    assert possible["shule-head"]["clauses"] == ["art_14__para_1", "art_3__para_2"]
    assert possible["shule-secretary"]["clauses"][0] == "art_4__para_1"
    assert possible["shule-executive"]["clauses"][0] == "art_15__para_1"
    assert possible["shule-ps-principal"]["responsibility"] == "领导责任"
    assert possible["shule-head"]["holder_name"] == aworld.people["head"].name
    assert "art_63__para_1__point_4" in case.clauses
    assert AuditEvent.objects.filter(action="accountability.open_case").count() == 1


@pytest.mark.clause("art_14__para_1", "art_4__para_1", "art_17__para_1", pack="kashgar_2021")
def test_at_a_major_road_accident_the_lead_department_head_and_the_overseer_are_proposed(
    aworld: AccidentWorld,
) -> None:
    case = services.open_case_for_accident(actor=None, accident=_accident(aworld, deaths=10))

    subjects = set(case.subjects.values_list("post__code", flat=True))
    possible = {p["post"] for p in case.possible}
    # A road accident starts from the departments (the pack's road sector group): the county principals
    # are possible, as are transport (it only contributes to road traffic) and the safety deputy.
    assert subjects == {"shule-deputy", "shule-ps-principal"}
    assert possible == {"shule-head", "shule-secretary", "shule-transport-principal", "shule-executive"}


@pytest.mark.clause("art_63__para_1__point_3", pack="kashgar_2021")
def test_a_report_failure_case_proposes_the_county_principals(aworld: AccidentWorld) -> None:
    accident = _accident(aworld)
    finding = accidents.record_finding(actor=None, accident=accident, kind="concealed", basis="隐瞒不报")

    case = services.open_case_for_finding(actor=None, finding=finding)

    subjects = set(case.subjects.values_list("post__code", flat=True))
    assert {"shule-head", "shule-secretary", "shule-executive", "shule-deputy"} <= subjects
    assert {p["post"] for p in case.possible} == {"shule-ps-principal", "shule-transport-principal"}


def test_proposals_list_clauses_facts_and_evidence(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    subject = case.subjects.get(post__code="shule-deputy")
    services.set_subject_facts(actor=None, subject=subject, facts={"remedial_actions": True})

    proposal, evidence = selectors.proposal_for(subject)

    assert proposal.outcome == "propose_forms"
    assert proposal.forms
    assert "art_64__para_1" in proposal.clauses
    assert "art_67__para_1" in proposal.clauses  # mitigation, from the recorded fact
    assert proposal.facts_used
    assert proposal.deciding_organs
    assert evidence[0].kind == "list"  # art. 68: the list in force (none here) is shown


@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        ({"duties_fully_performed": True, "deployments_implemented": True}, "exempt"),
        ({"duties_fully_performed": True}, "propose_forms"),  # art. 68: both conditions, not one flag
    ],
)
def test_full_performance_proposes_exemption(
    aworld: AccidentWorld, facts: dict[str, bool], outcome: str
) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")
    services.set_subject_facts(actor=None, subject=subject, facts=facts)

    proposal, _ = selectors.proposal_for(subject)

    assert proposal.outcome == outcome
    assert ("art_68__para_1" in proposal.clauses) is (outcome == "exempt")


def test_decisions_are_amended_by_new_records(aworld: AccidentWorld) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")
    first = _decide(subject)

    with pytest.raises(AlreadyDecided):
        _decide(subject, form="notice")
    second = _decide(subject, amends=first, form="notice")
    with pytest.raises(StaleAmendment):
        _decide(subject, amends=first, form="suspension")
    with pytest.raises(RecordFrozen):
        first.save()

    assert Decision.objects.filter(subject=subject).count() == 2
    assert selectors.current_decision(subject) == second
    assert second.amends == first
    assert "art_71__para_1" in second.clauses
    assert "art_65" in second.clauses
    assert AuditEvent.objects.filter(action="accountability.amend_decision").count() == 1
    first.refresh_from_db()
    assert first.form == "admonishment"  # never silently edited


def test_a_decision_needs_a_known_form_organ_and_reasoning(aworld: AccidentWorld) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")

    with pytest.raises(InvalidDecision):
        _decide(subject, form="beheading")
    with pytest.raises(InvalidDecision):
        services.record_decision(
            actor=None,
            subject=subject,
            outcome="accountable",
            form="notice",
            organ="x",
            decided_on=dt.date(2026, 4, 1),
            reasoning="r",
        )
    assert Decision.objects.count() == 0


def test_eligibility_until_the_last_barred_day_then_eligible(aworld: AccidentWorld) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")
    _decide(subject)  # 诫勉 on 2026-04-01: 6 months
    person = aworld.people["deputy"]
    # wherever they serve now (the pack's veto.after_transfer; not art. 69, which is lifelong pursuit)
    other = org_services.create_post(
        actor=None,
        code="shache-deputy-2",
        organisation=aworld.org.shache_gov,
        title="莎车县人民政府副县长",
        role_code="government_other_leader",
        start=dt.date(2019, 1, 1),
    )
    org_services.transfer(actor=None, person=person, to_post=other, on=dt.date(2026, 6, 1))

    barred = services.check_eligibility(person, dt.date(2026, 9, 30))
    free = services.check_eligibility(person, dt.date(2026, 10, 1))

    assert (barred.eligible, barred.until) == (False, dt.date(2026, 9, 30))
    assert barred.reasons
    assert barred.clauses == ["art_65", "art_58__para_1"]
    assert free.eligible is True


def test_an_amended_decision_no_longer_bars(aworld: AccidentWorld) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")
    first = _decide(subject)
    services.record_decision(
        actor=None,
        subject=subject,
        outcome="not_accountable",
        organ="discipline_inspection",
        decided_on=dt.date(2026, 5, 1),
        reasoning="复查后认定不负领导责任",
        amends=first,
    )

    assert services.check_eligibility(aworld.people["deputy"], dt.date(2026, 5, 2)).eligible is True


def test_cases_for_a_finding_duty_failure_obstruction_and_interference(aworld: AccidentWorld) -> None:
    accident = _accident(aworld)
    finding = accidents.record_finding(actor=None, accident=accident, kind="concealed", basis="隐瞒不报")
    on = dt.date(2026, 2, 1)
    people = [(aworld.people["ps"], aworld.ps_principal)]

    reporting = services.open_case_for_finding(actor=None, finding=finding)
    duty = services.open_case(
        actor=None,
        trigger="duty_failure",
        unit=aworld.org.shule,
        on=on,
        title="巡查发现",
        facts="未开展检查",
        people=people,
    )
    obstruction = services.open_case(
        actor=None,
        trigger="obstruction",
        unit=aworld.org.shule,
        on=on,
        title="阻挠执法",
        facts="阻挠",
        people=people,
    )
    record = services.record_interference(
        actor=None,
        unit=aworld.org.shule,
        person=aworld.people["deputy"],
        post=aworld.org.shule_deputy,
        occurred_on=on,
        description="要求撤销处罚",
    )
    interference = services.open_case_for_interference(actor=None, record=record)

    assert "art_63__para_1__point_3" in reporting.clauses
    assert reporting.subjects.filter(post__code="shule-secretary").exists()
    assert duty.clauses == ["art_63__para_1__point_1"]
    assert obstruction.clauses == ["art_63__para_1__point_2"]
    assert interference.clauses[0] == "art_19__para_1__point_8"
    assert record.reported_to == ["organisation_department", "discipline_inspection"]
    proposal, _ = selectors.proposal_for(reporting.subjects.first())  # type: ignore[arg-type]
    assert proposal.facts_used


def test_a_late_report_is_attributed_only_to_principals_unless_recorded_otherwise(
    aworld: AccidentWorld,
) -> None:
    """Art. 63 para 1 item 3: only those with leadership responsibility for the report answer for 迟报."""
    accident = _accident(aworld)
    finding = accidents.record_finding(actor=None, accident=accident, kind="late", basis="超过1小时报告")
    case = services.open_case_for_finding(actor=None, finding=finding)
    principal = case.subjects.get(post__code="shule-head")
    deputy = case.subjects.get(post__code="shule-deputy")

    principal_proposal, _ = selectors.proposal_for(principal)
    deputy_proposal, _ = selectors.proposal_for(deputy)

    assert selectors.fact_values(principal)["report_responsibility"] is True  # a unit principal, by default
    assert (principal_proposal.outcome, principal_proposal.forms) == (
        "propose_forms",
        ["admonishment", "suspension"],  # the reporting range, raised once, not twice
    )
    assert deputy_proposal.outcome == "not_applicable"

    services.set_subject_facts(actor=None, subject=deputy, facts={"report_responsibility": True})
    deputy.refresh_from_db()

    assert selectors.proposal_for(deputy)[0].forms == ["admonishment", "suspension"]


def test_a_party_post_removal_is_recorded_and_checked_without_error(aworld: AccidentWorld) -> None:
    """撤销党内职务 used to make the eligibility check raise ValueError: every pack grade has a period."""
    subject = _case(aworld).subjects.get(post__code="shule-deputy")

    decision = _decide(subject, form="sanction", sanction_grade="撤销党内职务")
    barred = services.check_eligibility(aworld.people["deputy"], dt.date(2028, 3, 31))
    free = services.check_eligibility(aworld.people["deputy"], dt.date(2028, 4, 1))

    assert decision.sanction_grade == "撤销党内职务（党纪处分）"
    assert (barred.eligible, barred.until, barred.unresolved) == (False, dt.date(2028, 3, 31), [])
    assert free.eligible is True


def test_a_sanction_grade_outside_the_pack_is_refused_and_nothing_is_recorded(aworld: AccidentWorld) -> None:
    subject = _case(aworld).subjects.get(post__code="shule-deputy")

    with pytest.raises(InvalidDecision, match="处分种类须为政策包所列之一"):
        _decide(subject, form="sanction", sanction_grade="罚款")

    assert Decision.objects.count() == 0
