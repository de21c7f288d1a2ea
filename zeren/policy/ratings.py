"""The committee office's comprehensive rating of Party and government principals (综合评价, art. 57 para 2).

Pure: imports nothing from Django. Each principal of an assessed unit is rated once per unit, from the
unit's assessment outcome, its inspection rectification and the person's own accountability record.
The thresholds come from the pack (``assessment.ratings``); the rule is the pack note's:

- **incompetent** (不称职): the unit was vetoed (art. 56), or the person had a decision in the year of the
  form ``incompetent_from_form`` or a graver one on the art. 64 ladder;
- **basic** (基本称职): the unit failed (art. 62 para 2) or its result is undetermined (provisional: rate
  again once the veto is decided), or the person had any other accountability decision in the year
  (forms milder than the threshold, and the 处分 that stands beside the ladder), or the unit's rectification
  rate is below ``inspection_min_percent`` with findings > 0. The rectification rate here is the share of
  findings verified as rectified at all (on time or late: ``findings_verified / findings``, art. 54);
- **excellent** (优秀): the unit passed with a score >= ``excellent_min_score`` and none of the above;
- **competent** (称职): otherwise.

A person barred by art. 65 (``eligible`` False) is never excellent: capped at competent, citing the bar.
The worst applicable level wins; every reason cites the clause that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .assessment import FAILED, PASSED, UNDETERMINED, VETOED, Principal, UnitFacts

EXCELLENT, COMPETENT, BASIC, INCOMPETENT = "excellent", "competent", "basic", "incompetent"
LEVELS = (EXCELLENT, COMPETENT, BASIC, INCOMPETENT)  # best first


@dataclass(frozen=True)
class RatingRules:
    """The pack's thresholds and the clauses each reason cites."""

    clause: str  # art_57__para_2: the basis of every rating
    level_names: Mapping[str, str]  # level id -> 优秀 | 称职 | 基本称职 | 不称职
    excellent_min_score: int
    inspection_min_percent: int
    ladder: tuple[str, ...]  # accountability form ids, mildest first (art. 64 para 1)
    incompetent_from_form: str  # a form on the ladder: this or graver in the year -> incompetent
    bar_clause: str  # art_65__para_1
    veto_clause: str  # art_56__para_1
    pass_mark_clause: str  # art_62__para_2
    inspection_clause: str  # art_54__para_1
    decision_clause: str = ""  # cited for a decision whose form has no clause of its own ("": the basis)
    form_names: Mapping[str, str] = field(default_factory=dict)  # form id -> 通报, 诫勉, ..., 处分
    form_clauses: Mapping[str, str] = field(default_factory=dict)  # form id -> its clause

    def __post_init__(self) -> None:
        if self.incompetent_from_form not in self.ladder:
            raise ValueError(f"incompetent_from_form {self.incompetent_from_form!r} is not on the ladder")
        if set(self.level_names) != set(LEVELS):
            raise ValueError(f"rating levels must be {', '.join(LEVELS)}")

    def name_of(self, level: str) -> str:
        """The pack's name for level ``level`` (the id itself when none)."""
        return self.level_names.get(level, level)


@dataclass(frozen=True)
class UnitOutcome:
    """What the assessment found for the unit (the run's result plus the inspection facts)."""

    unit: str
    name: str
    group: str
    result: str  # passed | failed | vetoed | undetermined
    score: Decimal
    veto_reasons: tuple[str, ...] = ()
    findings: int | None = None  # None: no inspection data
    findings_verified: int = 0  # verified as rectified, on time or late


@dataclass(frozen=True)
class Reason:
    text: str
    clause: str
    level: str | None = None  # the level this reason caps the rating at (None: for information)


@dataclass(frozen=True)
class Rating:
    person: str
    name: str
    unit: str
    level: str
    reasons: tuple[Reason, ...]
    citations: tuple[str, ...]
    days: int = 0
    post_order: int = 0
    provisional: bool = False  # the unit's result is undetermined: rate again once it is decided


def outcome_of(
    facts: UnitFacts, *, result: str, score: Decimal, veto_reasons: Sequence[str] = ()
) -> UnitOutcome:
    """The outcome of ``facts``'s unit given its assessment ``result`` and ``score``."""
    return UnitOutcome(
        unit=facts.unit,
        name=facts.name,
        group=facts.group,
        result=result,
        score=score,
        veto_reasons=tuple(veto_reasons),
        findings=facts.findings,
        findings_verified=facts.findings_verified,
    )


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _unit_reasons(outcome: UnitOutcome, rules: RatingRules) -> list[Reason]:
    reasons: list[Reason] = []
    if outcome.result == VETOED:
        why = "；".join(outcome.veto_reasons)
        text = "单位年度考核被“一票否决”" + (f"（{why}）" if why else "")
        reasons.append(Reason(text, rules.veto_clause, INCOMPETENT))
    elif outcome.result == UNDETERMINED:
        reasons.append(
            Reason(
                "单位年度考核“一票否决”待定（所需数据缺失），暂评为基本称职，结果确定后应重新评价",
                rules.veto_clause,
                BASIC,
            )
        )
    elif outcome.result == FAILED:
        reasons.append(Reason(f"单位年度考核不合格（得分{outcome.score}）", rules.pass_mark_clause, BASIC))
    elif outcome.result != PASSED:
        raise ValueError(f"unknown assessment result {outcome.result!r}")
    if outcome.findings is None:
        reasons.append(Reason("无巡查督查数据，未参考问题整改情况", rules.inspection_clause))
    elif outcome.findings > 0:
        rate = _percent(outcome.findings_verified, outcome.findings)
        facts = (
            f"巡查督查发现问题{outcome.findings}个，整改并验收{outcome.findings_verified}个，整改率{rate}%"
        )
        if 100 * outcome.findings_verified < rules.inspection_min_percent * outcome.findings:
            reasons.append(
                Reason(f"{facts}，低于{rules.inspection_min_percent}%", rules.inspection_clause, BASIC)
            )
    return reasons


def _decision_reasons(person: Principal, rules: RatingRules) -> list[Reason]:
    threshold = rules.ladder.index(rules.incompetent_from_form)
    threshold_name = rules.form_names.get(rules.incompetent_from_form, rules.incompetent_from_form)
    reasons: list[Reason] = []
    for form in dict.fromkeys(person.decisions):
        name = rules.form_names.get(form, form)
        clause = rules.form_clauses.get(form) or rules.decision_clause or rules.clause
        count = person.decisions.count(form)
        times = f"{count}次" if count > 1 else ""
        if form in rules.ladder and rules.ladder.index(form) >= threshold:
            text = f"本人当年受到{name}问责{times}（{threshold_name}及以上）"
            reasons.append(Reason(text, clause, INCOMPETENT))
        elif form in rules.ladder:
            reasons.append(Reason(f"本人当年受到{name}问责{times}", clause, BASIC))
        else:  # the 处分 stands beside the ladder: counted as another decision
            text = f"本人当年受到{name}{times}（不在问责方式梯度内，按其他问责计）"
            reasons.append(Reason(text, clause, BASIC))
    return reasons


def rate(person: Principal, outcome: UnitOutcome, rules: RatingRules) -> Rating:
    """Rate one principal of one unit: the worst level any reason calls for, never excellent if barred."""
    reasons = [*_unit_reasons(outcome, rules), *_decision_reasons(person, rules)]
    capped = [r.level for r in reasons if r.level is not None]
    if capped:
        level = max(capped, key=LEVELS.index)
    elif outcome.score >= rules.excellent_min_score:
        reasons.insert(
            0,
            Reason(
                f"单位年度考核合格，得分{outcome.score}，不低于{rules.excellent_min_score}分",
                rules.clause,
                EXCELLENT,
            ),
        )
        level = EXCELLENT
    else:
        reasons.insert(
            0,
            Reason(
                f"单位年度考核合格，得分{outcome.score}，低于优秀分数线{rules.excellent_min_score}分",
                rules.clause,
                COMPETENT,
            ),
        )
        level = COMPETENT
    if not person.eligible:
        why = "；".join(person.bar_reasons)
        text = "处于第六十五条影响期内" + (f"（{why}）" if why else "") + "，不得评为优秀"
        if level == EXCELLENT:
            level = COMPETENT
            text += "，降为称职"
        reasons.append(Reason(text, rules.bar_clause, COMPETENT))
    return Rating(
        person=person.person,
        name=person.name,
        unit=outcome.unit,
        level=level,
        reasons=tuple(reasons),
        citations=tuple(dict.fromkeys([rules.clause, *(r.clause for r in reasons)])),
        days=person.days,
        post_order=person.post_order,
        provisional=outcome.result == UNDETERMINED,
    )


def rate_unit(facts: UnitFacts, outcome: UnitOutcome, rules: RatingRules) -> tuple[Rating, ...]:
    """One rating per principal of the unit in post order (a person with two posts there is rated once)."""
    seen: dict[str, Principal] = {}
    for p in sorted(facts.principals, key=lambda p: (p.post_order, -p.days, p.person)):
        seen.setdefault(p.person, p)
    return tuple(rate(p, outcome, rules) for p in seen.values())
