"""Pack data for the annual target assessment (pack.yaml ``assessment``; arts. 53–62), see
docs/pack-format.md and docs/assessment.md. Built by ``build_assessment``, checked by ``validate_assessment``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model_base import Choice

MEMBERS = ("county", "prefecture_department")  # who is assessed in a group (money recipient/payer values)
RULES = ("completion_rate", "rectification_rate", "ceilings", "published_share")
DEDUCTION_FACTS = ("report_failures.late", "report_failures.omitted", "obligations.overdue")
VETO_TRIGGERS = ("accident_grade_at_least", "report_failure")
RANKING_KEYS = ("score_desc", "deaths_asc", "obligation_rate_desc")  # documented criteria, never an id
TIES = ("share",)  # units equal on every key share the place (1, 2, 2, 4) and each gets its reward
BARRED_PRINCIPAL = ("unit_loses_award", "principal_share_withheld")  # art. 65 within a unit
SHARE_ROUNDING = ("floor_remainder_to_first",)
RATING_LEVELS = ("excellent", "competent", "basic", "incompetent")  # best first (art. 57 para 2)


@dataclass(frozen=True)
class GroupData:
    id: str
    name: str
    members: str  # one of MEMBERS
    principal_roles: tuple[str, ...]  # role ids, in post order (the remainder goes to the first)
    reward: str  # a money.rewards id
    fine: str  # a money.fines id
    clause: str
    organisation_types: tuple[str, ...] = ()  # prefecture_department: which organisation types sit in it
    # county: the functional zones directly under the prefecture (art. 1 para 2) are assessed and ranked in
    # this group too, each over its own subtree as a county is (a local choice)
    prefecture_zones: bool = False
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class CeilingData:
    group: str
    accidents_max: int
    deaths_max: int


@dataclass(frozen=True)
class IndicatorData:
    id: str
    name: str
    rule: str  # one of RULES
    weight: int
    clause: str
    late_credit_percent: int = 0  # completion_rate / rectification_rate: credit for a late completion
    ceilings: tuple[CeilingData, ...] = ()  # ceilings
    per_excess_percent: int = 0  # ceilings: share of the indicator lost per accident or death over
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class DeductionData:
    id: str
    name: str
    fact: str  # one of DEDUCTION_FACTS
    points: int  # per occurrence of the fact
    cap: int  # at most this many points in all
    clause: str
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class VetoTriggerData:
    trigger: str  # one of VETO_TRIGGERS
    name: str
    grade: str = ""  # accident_grade_at_least
    kinds: tuple[str, ...] = ()  # report_failure: failure kinds (late/omitted/false/concealed)


@dataclass(frozen=True)
class LetterData:
    """The target responsibility letter's template (目标管理责任书, art. 55 para 1).

    ``paragraphs`` may use ``{year}``, ``{unit}``, ``{issuer}``, ``{accidents_max}``, ``{deaths_max}``
    and ``{sign_by}``; the ceilings default to the ``ceilings`` indicator's and may be set per unit.
    """

    clause: str
    title: str  # may use {year}
    issuer: str  # party A (甲方)
    issuer_roles: tuple[str, ...]  # role ids whose holders at the prefecture sign for party A
    sign_by: str  # MM-DD: letters are due signed by this day of the assessed year
    work: tuple[str, ...]  # obligation ids listed as required work (daily work, art. 55 para 2)
    paragraphs: tuple[str, ...]
    issuer_body: str = ""  # the pack body issuing it on behalf of the Party committee and government
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class RatingLevelData:
    id: str  # one of RATING_LEVELS
    name: str


@dataclass(frozen=True)
class RatingsData:
    """The committee office's comprehensive rating of principals (art. 57 para 2): thresholds."""

    clause: str
    levels: tuple[RatingLevelData, ...]
    excellent_min_score: int  # the unit's score needed for 优秀
    inspection_min_percent: int  # below this rectification rate: at most 基本称职
    incompetent_from_form: str  # an accountability form (this or graver in the year): 不称职
    bar_clause: str  # art. 65: a person within a veto period cannot be rated 优秀
    choice: Choice = field(default_factory=Choice)

    def name_of(self, level: str) -> str:
        """The pack's name for rating level ``level`` (the id itself when the pack names none)."""
        return next((x.name for x in self.levels if x.id == level), level)


@dataclass(frozen=True)
class AssessmentData:
    clauses: tuple[str, ...]
    scale: int
    groups: tuple[GroupData, ...]
    indicators: tuple[IndicatorData, ...]
    deductions: tuple[DeductionData, ...]
    veto_clause: str
    veto_triggers: tuple[VetoTriggerData, ...]
    veto_choice: Choice
    pass_mark: int
    pass_mark_clause: str
    pass_mark_choice: Choice
    ranking: tuple[str, ...]  # RANKING_KEYS, most significant first
    ranking_clause: str
    ranking_choice: Choice
    ranking_ties: str  # TIES
    pass_on: bool  # a place a unit cannot take (veto, art. 65) passes to the next unit
    pass_on_clause: str
    pass_on_choice: Choice
    share_rounding: str
    share_rounding_clause: str
    share_rounding_choice: Choice
    publication_clause: str
    letter: LetterData | None = None
    ratings: RatingsData | None = None
    barred_principal: str = "unit_loses_award"  # BARRED_PRINCIPAL
    barred_principal_clause: str = ""
    barred_principal_choice: Choice = field(default_factory=Choice)

    def group(self, group_id: str) -> GroupData:
        """The assessment group ``group_id``; KeyError if the pack has none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(f"no assessment group {group_id!r}")


def clause_refs(data: AssessmentData | None) -> list[tuple[str, str]]:
    """Every clause the section cites, with its YAML path (checked by ``validate_assessment``)."""
    if data is None:
        return []
    base = "assessment"
    refs = [(f"{base}.clauses[{i}]", c) for i, c in enumerate(data.clauses)]
    refs += [(f"{base}.groups[{i}].clause", g.clause) for i, g in enumerate(data.groups)]
    refs += [(f"{base}.indicators[{i}].clause", x.clause) for i, x in enumerate(data.indicators)]
    refs += [(f"{base}.deductions[{i}].clause", d.clause) for i, d in enumerate(data.deductions)]
    refs += [
        (f"{base}.veto.clause", data.veto_clause),
        (f"{base}.pass_mark.clause", data.pass_mark_clause),
        (f"{base}.ranking.clause", data.ranking_clause),
        (f"{base}.pass_on.clause", data.pass_on_clause),
        (f"{base}.share_rounding.clause", data.share_rounding_clause),
        (f"{base}.publication.clause", data.publication_clause),
    ]
    if data.barred_principal_clause:
        refs.append((f"{base}.barred_principal.clause", data.barred_principal_clause))
    if data.letter is not None:
        refs.append((f"{base}.letter.clause", data.letter.clause))
    if data.ratings is not None:
        refs += [
            (f"{base}.ratings.clause", data.ratings.clause),
            (f"{base}.ratings.bar_clause", data.ratings.bar_clause),
        ]
    return refs
