"""Proposals of accountability forms (arts. 63-71): exemption, mitigation, aggravation, concealment."""

from __future__ import annotations

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import proposal_rules
from zeren.policy.accountability import PersonFacts, ProposalRules, propose


@pytest.fixture(scope="module")
def rules() -> ProposalRules:
    return proposal_rules(load_pack(KASHGAR_PACK_DIR))


DEPUTY = PersonFacts(post_code="dep_transport", role_code="government_other_leader", holder_code="p5")


def test_verified_full_performance_exempts(rules: ProposalRules) -> None:
    facts = PersonFacts(
        "dep_transport", "government_other_leader", "p5", duties_fully_performed=True,
        deployments_implemented=True, evidence=("list:line:42", "occurrence:2026Q1"),
    )  # fmt: skip

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.outcome == "exempt"
    assert proposal.forms == []
    assert proposal.sanction_possible is False
    assert "art_68__para_1" in proposal.clauses
    assert "依据：list:line:42" in proposal.facts_used


def test_full_performance_without_evidence_does_not_exempt(rules: ProposalRules) -> None:
    facts = PersonFacts(
        "dep_transport",
        "government_other_leader",
        "p5",
        duties_fully_performed=True,
        deployments_implemented=True,
    )

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.outcome == "propose_forms"
    assert "art_68__para_1" not in proposal.clauses
    assert "未附查实依据" in proposal.trace


@pytest.mark.parametrize(
    ("grade", "forms"),
    [
        ("一般", ["notice", "admonishment"]),
        ("较大", ["admonishment", "suspension", "reassignment"]),
        ("重大", ["suspension", "reassignment", "ordered_resignation", "demotion"]),
    ],
)
def test_base_range_by_grade(rules: ProposalRules, grade: str, forms: list[str]) -> None:
    proposal = propose(trigger="accident", grade=grade, facts=DEPUTY, rules=rules)

    assert proposal.forms == forms
    assert proposal.clauses[:2] == ["art_63__para_1__point_4", "art_70__para_1"]
    assert proposal.deciding_organs == [
        "discipline_inspection",
        "organisation_personnel",
        "emergency_management",
    ]


def test_mitigation_moves_the_range_down(rules: ProposalRules) -> None:
    facts = PersonFacts("dep_transport", "government_other_leader", "p5", remedial_actions=True)

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.forms == ["notice", "admonishment", "suspension"]
    assert "art_67__para_1" in proposal.clauses


def test_aggravation_moves_the_range_up(rules: ProposalRules) -> None:
    facts = PersonFacts(
        "dep_transport",
        "government_other_leader",
        "p5",
        enlarged_harm=True,
        main_leadership_responsibility=True,
    )

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.forms == ["suspension", "reassignment", "ordered_resignation"]
    assert proposal.sanction_possible is True
    assert "art_66__para_1" in proposal.clauses


def test_enlarged_harm_without_main_leadership_responsibility_does_not_aggravate(
    rules: ProposalRules,
) -> None:
    facts = PersonFacts("dep_transport", "government_other_leader", "p5", enlarged_harm=True)

    assert propose(trigger="accident", grade="较大", facts=facts, rules=rules).forms == [
        "admonishment", "suspension", "reassignment",
    ]  # fmt: skip


def test_concealment_blocks_exemption_and_reaches_the_top(rules: ProposalRules) -> None:
    facts = PersonFacts(
        "county_head", "government_principal", "p8", is_principal=True, duties_fully_performed=True,
        deployments_implemented=True, evidence=("list:line:1",), reporting_findings=("concealed",),
        report_responsibility=True, suspected_crime=True,
    )  # fmt: skip

    proposal = propose(trigger="accident", grade="一般", facts=facts, rules=rules)

    assert proposal.outcome == "propose_forms"
    assert proposal.forms == ["reassignment", "ordered_resignation", "demotion", "dismissal"]
    assert proposal.sanction_possible is True
    assert proposal.referral_to_discipline is True
    assert proposal.deciding_organs[0] == "discipline_inspection"
    assert {"art_63__para_1__point_3", "art_64__para_1"} <= set(proposal.clauses)


def test_non_accident_triggers_use_their_own_range(rules: ProposalRules) -> None:
    facts = PersonFacts("dep_transport", "government_other_leader", "p5", report_responsibility=True)

    proposal = propose(trigger="reporting", grade=None, facts=facts, rules=rules)

    assert proposal.forms == ["admonishment", "suspension"]
    assert proposal.clauses[0] == "art_63__para_1__point_3"


def test_unknown_trigger_and_missing_grade_are_rejected(rules: ProposalRules) -> None:
    with pytest.raises(ValueError, match="trigger"):
        propose(trigger="bad", grade=None, facts=DEPUTY, rules=rules)
    with pytest.raises(ValueError, match="grade"):
        propose(trigger="accident", grade=None, facts=DEPUTY, rules=rules)


RESIGN, ADM, DISMISS = "ordered_resignation", "admonishment", "dismissal"


def _facts(**kw: object) -> PersonFacts:
    return PersonFacts("dep_transport", "government_other_leader", "p5", **kw)  # type: ignore[arg-type]


# 第六十三条第一款第（三）项：对迟报、漏报、谎报或者瞒报“负有领导责任的”才问责。
@pytest.mark.parametrize(
    ("trigger", "responsible", "kinds", "outcome", "forms"),
    [
        # 事故案件：迟报只让对报告负有领导责任的人上限上移一档
        ("accident", True, ("late",), "propose_forms", [ADM, "suspension", "reassignment", RESIGN]),
        ("accident", False, ("late",), "propose_forms", ["admonishment", "suspension", "reassignment"]),
        # 瞒报同理：不负报告领导责任的人不因瞒报提至调整职务以上
        ("accident", False, ("concealed",), "propose_forms", ["admonishment", "suspension", "reassignment"]),
        ("accident", True, ("concealed",), "propose_forms", ["reassignment", RESIGN, "demotion", DISMISS]),
        # 报告失职案件：区间即迟报的区间，只取一次（不再上移）
        ("reporting", True, ("late",), "propose_forms", ["admonishment", "suspension"]),
        ("reporting", True, ("omitted",), "propose_forms", ["admonishment", "suspension"]),
        # 报告失职案件中不负报告领导责任的人：不适用本项
        ("reporting", False, ("late",), "not_applicable", []),
    ],
)  # fmt: skip
def test_reporting_failures_reach_only_those_with_leadership_responsibility_for_the_report(
    rules: ProposalRules,
    trigger: str,
    responsible: bool,
    kinds: tuple[str, ...],
    outcome: str,
    forms: list[str],
) -> None:
    facts = _facts(reporting_findings=kinds, report_responsibility=responsible)

    proposal = propose(trigger=trigger, grade="较大", facts=facts, rules=rules)

    assert (proposal.outcome, proposal.forms) == (outcome, forms)
    if outcome == "not_applicable":
        assert "第六十三条第一款第（三）项" in proposal.trace
        assert proposal.clauses[0] == "art_63__para_1__point_3"


# 第六十六条：从重只对“负有主要领导责任的”；是主要负责人本身不够。
@pytest.mark.parametrize(
    ("principal", "main", "enlarged", "forms"),
    [
        (True, False, True, ["admonishment", "suspension", "reassignment"]),
        (False, True, True, ["suspension", "reassignment", "ordered_resignation"]),
        (True, True, True, ["suspension", "reassignment", "ordered_resignation"]),
        (True, True, False, ["admonishment", "suspension", "reassignment"]),
    ],
)
def test_aggravation_needs_main_leadership_responsibility_not_a_principal_post(
    rules: ProposalRules, principal: bool, main: bool, enlarged: bool, forms: list[str]
) -> None:
    facts = _facts(is_principal=principal, main_leadership_responsibility=main, enlarged_harm=enlarged)

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.forms == forms
    assert ("art_66__para_1" in proposal.clauses) is (forms[0] == "suspension")


# 第六十八条：职责范围内发生生产安全事故，全面履行职责“并”全面落实党委和政府有关工作部署的，不予追究。
@pytest.mark.parametrize(
    ("trigger", "duties", "deployments", "outcome"),
    [
        ("accident", True, True, "exempt"),
        ("accident", True, False, "propose_forms"),
        ("accident", False, True, "propose_forms"),
        ("duty_failure", True, True, "propose_forms"),
        ("obstruction", True, True, "propose_forms"),
        ("reporting", True, True, "propose_forms"),
    ],
)
def test_exemption_only_for_accidents_and_only_on_both_conditions(
    rules: ProposalRules, trigger: str, duties: bool, deployments: bool, outcome: str
) -> None:
    facts = _facts(
        duties_fully_performed=duties, deployments_implemented=deployments, evidence=("list:1",),
        report_responsibility=True,
    )  # fmt: skip

    proposal = propose(trigger=trigger, grade="较大", facts=facts, rules=rules)

    assert proposal.outcome == outcome
    assert ("art_68__para_1" in proposal.clauses) is (outcome == "exempt")
    if outcome != "exempt":
        assert "不适用" in proposal.trace or "不适用" in " ".join(proposal.facts_used)


def test_traces_name_the_trigger_in_chinese_not_its_code(rules: ProposalRules) -> None:
    proposal = propose(trigger="duty_failure", grade=None, facts=DEPUTY, rules=rules)

    assert "duty_failure" not in proposal.trace
    assert "问责情形：未按规定履行第二、三、四章所规定职责" in proposal.trace
