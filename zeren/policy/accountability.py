"""A proposal (never a decision) of accountability forms for one person (arts. 63-71).

SKELETON: final signatures; bodies being filled in. See docs/accidents.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TRIGGERS: tuple[str, ...] = ("duty_failure", "obstruction", "reporting", "accident", "other")


@dataclass(frozen=True)
class PersonFacts:
    post_code: str
    role_code: str
    holder_code: str
    holder_name: str = ""
    is_principal: bool = False
    duties_fully_performed: bool = False  # verified (art_68): only then exempt
    evidence: tuple[str, ...] = ()  # list lines, obligation occurrences done ... (refs)
    remedial_actions: bool = False  # art_67
    enlarged_harm: bool = False  # art_66: poor work enlarged casualties/losses or serious social impact
    main_leadership_responsibility: bool = False  # art_66 "负有主要领导责任"
    reporting_findings: tuple[str, ...] = ()  # finding kinds involving them: late|omitted|false|concealed
    suspected_crime: bool = False  # art_64__para_1 second sentence


@dataclass(frozen=True)
class FormRange:
    low: str  # form id on the art. 64 ladder
    high: str


@dataclass(frozen=True)
class ProposalRules:
    """The art. 64 ladder and the pack's default ranges (local choices, pack ``accountability.proposal``)."""

    ladder: tuple[str, ...]  # form ids, mildest first
    form_names: Mapping[str, str]
    sanction: str
    sanction_from: str  # a form id: ranges reaching it make a sanction possible
    by_trigger: Mapping[str, FormRange]
    by_grade: Mapping[str, FormRange]  # for trigger "accident"
    aggravation_steps: int
    mitigation_steps: int
    concealment_floor: str  # lowest form for false/concealed reports
    deciding_organs: tuple[str, ...]
    referral_organ: str
    clauses: Mapping[str, str]  # role -> clause: trigger:<id>, forms, referral, aggravation, ...
    note: str
    source: str


@dataclass(frozen=True)
class Proposal:
    outcome: str  # exempt | propose_forms
    forms: list[str]  # form ids, mildest first
    sanction_possible: bool
    referral_to_discipline: bool
    deciding_organs: list[str]
    clauses: list[str]
    facts_used: list[str]
    trace: str


def propose(*, trigger: str, grade: str | None, facts: PersonFacts, rules: ProposalRules) -> Proposal:
    """Propose a range of forms for one person; the competent organs (art_71) decide."""
    raise NotImplementedError
