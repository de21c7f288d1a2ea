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
        evidence=("list:line:42", "occurrence:2026Q1"),
    )  # fmt: skip

    proposal = propose(trigger="accident", grade="较大", facts=facts, rules=rules)

    assert proposal.outcome == "exempt"
    assert proposal.forms == []
    assert proposal.sanction_possible is False
    assert "art_68__para_1" in proposal.clauses
    assert "依据：list:line:42" in proposal.facts_used


def test_full_performance_without_evidence_does_not_exempt(rules: ProposalRules) -> None:
    facts = PersonFacts("dep_transport", "government_other_leader", "p5", duties_fully_performed=True)

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
        evidence=("list:line:1",), reporting_findings=("concealed",), suspected_crime=True,
    )  # fmt: skip

    proposal = propose(trigger="accident", grade="一般", facts=facts, rules=rules)

    assert proposal.outcome == "propose_forms"
    assert proposal.forms == ["reassignment", "ordered_resignation", "demotion", "dismissal"]
    assert proposal.sanction_possible is True
    assert proposal.referral_to_discipline is True
    assert proposal.deciding_organs[0] == "discipline_inspection"
    assert {"art_63__para_1__point_3", "art_64__para_1"} <= set(proposal.clauses)


def test_non_accident_triggers_use_their_own_range(rules: ProposalRules) -> None:
    proposal = propose(trigger="reporting", grade=None, facts=DEPUTY, rules=rules)

    assert proposal.forms == ["admonishment", "suspension"]
    assert proposal.clauses[0] == "art_63__para_1__point_3"


def test_unknown_trigger_and_missing_grade_are_rejected(rules: ProposalRules) -> None:
    with pytest.raises(ValueError, match="trigger"):
        propose(trigger="bad", grade=None, facts=DEPUTY, rules=rules)
    with pytest.raises(ValueError, match="grade"):
        propose(trigger="accident", grade=None, facts=DEPUTY, rules=rules)
