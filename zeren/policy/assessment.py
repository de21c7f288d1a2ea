"""The annual safety target assessment (年度安全生产目标考核, arts. 53–62). Pure: imports nothing from Django.

Three steps, each over plain data and each result citing the clauses that produced it:

- ``score_unit(facts, scheme)``: indicator scores (not-applicable indicators drop out and the remaining
  weights are scaled back to the full scale), deductions, the art. 56 veto (fail closed: a trigger whose
  facts are missing makes the veto *undetermined*, never passed) and the pass mark (art. 62).
- ``rank(scores, facts, order)``: places per group by the pack's tie rule; vetoed units come last.
- ``rewards_and_fines(ranked, ...)``: the top-N reward of art. 61 (vetoed units and units whose principals
  are barred by art. 65 are skipped; with ``pass_on`` the place passes to the next unit), the fine of
  art. 62 for failed and vetoed units, and the principals' 30 % split by days in post, in exact integer
  yuan (each share floored, the remainder to the first principal in post order, so shares sum exactly).

Scores are ``Decimal`` with two places (ROUND_HALF_UP); money is integer yuan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

GRADES = ("一般", "较大", "重大", "特别重大")  # mildest first
CENT = Decimal("0.01")
PASSED, FAILED, VETOED, UNDETERMINED = "passed", "failed", "vetoed", "undetermined"
RESULT_LABELS = {PASSED: "合格", FAILED: "不合格", VETOED: "一票否决", UNDETERMINED: "待定"}


# --- inputs -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Principal:
    person: str  # person code
    post_order: int  # index of the role in the group's principal_roles (0 = first)
    days: int  # days in post during the year
    eligible: bool = True  # art. 65: not barred from awards on the assessment day
    name: str = ""
    decisions: tuple[str, ...] = ()  # accountability forms decided against the person in the year
    bar_reasons: tuple[str, ...] = ()  # why art. 65 bars the person (empty when eligible)


@dataclass(frozen=True)
class AccidentFact:
    """One accident counted for a unit (kept so a what-if can take it out again)."""

    id: int
    grade: str
    deaths: int
    report_failures: tuple[str, ...] = ()  # failure kinds found for its reporting


@dataclass(frozen=True)
class UnitFacts:
    """What one assessed unit did in the year. ``None`` means the fact is not available."""

    unit: str  # unit or organisation code
    name: str
    group: str
    obligations_due: int | None = None  # occurrences due by the cut-off
    obligations_done: int = 0  # on time
    obligations_done_late: int = 0
    obligations_waived: int = 0
    obligations_overdue: int = 0  # still open after the due date
    findings: int | None = None  # inspection findings (None: no inspection data)
    findings_on_time: int = 0  # rectified and verified by the deadline
    findings_verified: int = 0  # verified at all
    accidents: Mapping[str, int] | None = None  # grade -> count
    deaths: int | None = None
    report_failures: Mapping[str, int] | None = None  # late/omitted/false/concealed -> count
    lists_due: int | None = None  # posts and organisations that owe a published list
    lists_published: int = 0
    principals: tuple[Principal, ...] = ()
    notes: tuple[str, ...] = ()  # why a fact is missing
    ceilings: tuple[int, int] | None = None  # the unit's own letter (accidents, deaths); None: the group's
    letter: str = ""  # the letter the ceilings come from ("" when none is signed)
    accident_events: tuple[AccidentFact, ...] = ()

    @property
    def obligation_rate(self) -> Fraction | None:
        """Obligations done (on time or late) over those due less the waived; None when nothing was due."""
        if self.obligations_due is None or self.obligations_due - self.obligations_waived <= 0:
            return None
        done = self.obligations_done + self.obligations_done_late
        return Fraction(done, self.obligations_due - self.obligations_waived)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    rule: str  # completion_rate | rectification_rate | ceilings | published_share
    weight: int
    clause: str
    late_credit_percent: int = 0
    ceilings: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # group -> (accidents, deaths)
    per_excess_percent: int = 0


@dataclass(frozen=True)
class Deduction:
    id: str
    name: str
    fact: str  # report_failures.late | report_failures.omitted | obligations.overdue
    points: int
    cap: int
    clause: str


@dataclass(frozen=True)
class VetoTrigger:
    trigger: str  # accident_grade_at_least | report_failure
    name: str
    grade: str = ""
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    scale: int
    indicators: tuple[Indicator, ...]
    deductions: tuple[Deduction, ...]
    veto_triggers: tuple[VetoTrigger, ...]
    veto_clause: str
    pass_mark: int
    pass_mark_clause: str
    base_clauses: tuple[str, ...] = ()


# --- results ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorScore:
    id: str
    name: str
    weight: int
    applicable: bool
    points: Decimal  # after renormalisation; 0 when not applicable
    ratio: Decimal  # share of the indicator earned, 0..1 (four places)
    facts: Mapping[str, object]
    note: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class UnitScore:
    unit: str
    group: str
    indicators: tuple[IndicatorScore, ...]
    deductions: tuple[tuple[str, Decimal, str], ...]  # (name, points, clause)
    total: Decimal
    veto: str  # "clear" | "vetoed" | "undetermined"
    veto_reasons: tuple[str, ...]
    passed: bool
    result: str  # passed | failed | vetoed | undetermined
    citations: tuple[str, ...]


def _two(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def _four(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _ratio(ind: Indicator, f: UnitFacts) -> tuple[Fraction | None, dict[str, object], str]:
    """The share of the indicator earned (None: not applicable), the facts used and a note."""
    credit = Fraction(ind.late_credit_percent, 100)
    if ind.rule == "completion_rate":
        facts: dict[str, object] = {
            "due": f.obligations_due,
            "done": f.obligations_done,
            "done_late": f.obligations_done_late,
            "waived": f.obligations_waived,
            "overdue": f.obligations_overdue,
        }
        if f.obligations_due is None:
            return None, facts, "无履职事项数据"
        denominator = f.obligations_due - f.obligations_waived
        if denominator <= 0:
            return None, facts, "当年无应完成的履职事项"
        return (
            Fraction(f.obligations_done) / denominator + credit * f.obligations_done_late / denominator,
            facts,
            "",
        )
    if ind.rule == "rectification_rate":
        facts = {"findings": f.findings, "on_time": f.findings_on_time, "verified": f.findings_verified}
        if f.findings is None:
            return None, facts, "无巡查督查数据（巡查模块未提供）"
        if f.findings == 0:
            return Fraction(1), facts, "当年无巡查发现问题，计满分"
        late = f.findings_verified - f.findings_on_time
        return Fraction(f.findings_on_time, f.findings) + credit * late / f.findings, facts, ""
    if ind.rule == "ceilings":
        accidents = None if f.accidents is None else sum(f.accidents.values())
        facts = {"accidents": accidents, "deaths": f.deaths}
        if accidents is None or f.deaths is None or (f.ceilings is None and f.group not in ind.ceilings):
            return None, facts, "无事故数据或本组无控制指标"
        max_accidents, max_deaths = f.ceilings if f.ceilings is not None else ind.ceilings[f.group]
        facts |= {"accidents_max": max_accidents, "deaths_max": max_deaths}
        if f.letter:
            facts["letter"] = f.letter
        excess = max(0, accidents - max_accidents) + max(0, f.deaths - max_deaths)
        facts["excess"] = excess
        return max(Fraction(0), 1 - Fraction(ind.per_excess_percent * excess, 100)), facts, ""
    if ind.rule == "published_share":
        facts = {"due": f.lists_due, "published": f.lists_published}
        if not f.lists_due:
            return None, facts, "无应公布的责任清单"
        return Fraction(min(f.lists_published, f.lists_due), f.lists_due), facts, ""
    raise ValueError(f"unknown indicator rule {ind.rule!r}")


def _fact(f: UnitFacts, name: str) -> int | None:
    if name == "obligations.overdue":
        return None if f.obligations_due is None else f.obligations_overdue
    kind = name.removeprefix("report_failures.")
    return None if f.report_failures is None else f.report_failures.get(kind, 0)


def _veto(f: UnitFacts, scheme: Scheme) -> tuple[str, tuple[str, ...]]:
    fired: list[str] = []
    unknown: list[str] = []
    for t in scheme.veto_triggers:
        if t.trigger == "accident_grade_at_least":
            if f.accidents is None:
                unknown.append(f"{t.name}：缺少事故数据，无法判断")
                continue
            floor = GRADES.index(t.grade)
            hits = {g: n for g, n in f.accidents.items() if g in GRADES and GRADES.index(g) >= floor and n}
            if hits:
                fired.append(
                    t.name + "（" + "、".join(f"{g}事故{n}起" for g, n in sorted(hits.items())) + "）"
                )
        elif t.trigger == "report_failure":
            if f.report_failures is None:
                unknown.append(f"{t.name}：缺少事故报告认定数据，无法判断")
                continue
            hits = {k: f.report_failures.get(k, 0) for k in t.kinds if f.report_failures.get(k, 0)}
            if hits:
                fired.append(t.name + "（" + "、".join(f"{k} {n}起" for k, n in sorted(hits.items())) + "）")
        else:
            raise ValueError(f"unknown veto trigger {t.trigger!r}")
    if fired:
        return "vetoed", tuple(fired)
    if unknown:
        return "undetermined", tuple(unknown)
    return "clear", ()


def score_unit(facts: UnitFacts, scheme: Scheme) -> UnitScore:
    """Score one unit: renormalised indicators − deductions (floored at 0), veto, pass mark."""
    raw = [(ind, *_ratio(ind, facts)) for ind in scheme.indicators]
    applicable_weight = sum(ind.weight for ind, ratio, _, _ in raw if ratio is not None)
    indicators: list[IndicatorScore] = []
    total = Fraction(0)
    for ind, ratio, used, note in raw:
        points = Fraction(0)
        if ratio is not None:
            points = Fraction(scheme.scale * ind.weight, applicable_weight) * ratio
            total += points
        indicators.append(
            IndicatorScore(
                id=ind.id,
                name=ind.name,
                weight=ind.weight,
                applicable=ratio is not None,
                points=_two(points),
                ratio=_four(ratio or Fraction(0)),
                facts=used,
                note=note,
                clauses=(ind.clause,),
            )
        )
    deductions: list[tuple[str, Decimal, str]] = []
    for d in scheme.deductions:
        count = _fact(facts, d.fact)
        if count:
            lost = min(d.cap, d.points * count)
            total -= lost
            deductions.append((f"{d.name} {count} 起", Decimal(lost), d.clause))
    total = max(total, Fraction(0))
    score = _two(total)
    veto, reasons = _veto(facts, scheme)
    passed = veto == "clear" and score >= scheme.pass_mark
    result = {"vetoed": VETOED, "undetermined": UNDETERMINED}.get(veto, PASSED if passed else FAILED)
    clauses = [*scheme.base_clauses, *(i.clause for i in scheme.indicators), *(c for _, _, c in deductions)]
    clauses += [scheme.veto_clause, scheme.pass_mark_clause]
    return UnitScore(
        unit=facts.unit,
        group=facts.group,
        indicators=tuple(indicators),
        deductions=tuple(deductions),
        total=score,
        veto=veto,
        veto_reasons=reasons,
        passed=passed,
        result=result,
        citations=tuple(dict.fromkeys(clauses)),
    )


# --- ranking ----------------------------------------------------------------------------------------
def _key(score: UnitScore, facts: UnitFacts, order: Sequence[str]) -> tuple[object, ...]:
    parts: list[object] = [score.veto == "vetoed"]  # vetoed units come last in their group
    for key in order:
        if key == "score_desc":
            parts.append(-score.total)
        elif key == "deaths_asc":
            parts.append(facts.deaths if facts.deaths is not None else 10**9)
        elif key == "obligation_rate_desc":
            parts.append(-(facts.obligation_rate or Fraction(-1)))
        else:
            raise ValueError(f"unknown ranking key {key!r}")
    return tuple(parts)


def rank(
    scores: Sequence[UnitScore], facts: Mapping[str, UnitFacts], order: Sequence[str]
) -> dict[str, list[tuple[int, UnitScore]]]:
    """Per group, ``(rank, score)`` best first. Units equal on every key share a rank (1, 2, 2, 4): a tie is
    broken only by the pack's documented criteria, never by an identifier (the listing order of tied units
    is their input order, which decides nothing)."""
    groups: dict[str, list[UnitScore]] = {}
    for s in scores:
        groups.setdefault(s.group, []).append(s)
    result: dict[str, list[tuple[int, UnitScore]]] = {}
    for group, members in groups.items():
        keyed = sorted(((_key(s, facts[s.unit], order), s) for s in members), key=lambda pair: pair[0])
        placed: list[tuple[int, UnitScore]] = []
        for position, (key, s) in enumerate(keyed, start=1):
            same = position > 1 and keyed[position - 2][0] == key
            placed.append((placed[-1][0] if same else position, s))
        result[group] = placed
    return result


# --- money ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupMoney:
    reward_yuan: int
    top: int
    reward_clause: str
    fine_yuan: int
    fine_clause: str
    reward_percent: Fraction  # the principals' part of the reward (art. 61 (4))
    fine_percent: Fraction  # the principals' part of the fine (art. 62 para 2)
    split_clause: str


@dataclass(frozen=True)
class Share:
    person: str
    days: int
    share_yuan: int


@dataclass(frozen=True)
class Award:
    unit: str
    group: str
    rank: int
    result: str
    reward_yuan: int
    fine_yuan: int
    principals: tuple[Share, ...]
    reasons: tuple[str, ...]
    clauses: tuple[str, ...]


def split_shares(pool: int, principals: Sequence[Principal]) -> tuple[Share, ...]:
    """``pool`` yuan by days in post: each share floored, the remainder to the first in post order."""
    ordered = sorted(principals, key=lambda p: (p.post_order, -p.days, p.person))
    days = sum(p.days for p in ordered)
    if pool < 0 or any(p.days < 0 for p in ordered):
        raise ValueError("pool and days must not be negative")
    if not ordered or days == 0:
        return ()
    shares = [pool * p.days // days for p in ordered]
    shares[0] += pool - sum(shares)
    return tuple(Share(p.person, p.days, s) for p, s in zip(ordered, shares, strict=True))


def _part(amount: int, percent: Fraction) -> int:
    return int(amount * percent)  # floor to the yuan (amounts and percents are non-negative)


def rewards_and_fines(
    ranked: Mapping[str, Sequence[tuple[int, UnitScore]]],
    facts: Mapping[str, UnitFacts],
    money: Mapping[str, GroupMoney],
    *,
    pass_on: bool,
    pass_on_clause: str,
    withhold_barred_share: bool = False,
) -> list[Award]:
    """Rewards for the top places (art. 61), fines for failed and vetoed units (art. 62).

    Units sharing a place within the reward places each get the reward. A unit with a principal barred
    by art. 65 loses its award (``pass_on``: the place passes to the next unit), unless the pack chooses
    ``withhold_barred_share``: the unit keeps its award and only the barred principals take no part of
    the principals' share (``pass_on_clause``: the pack's clause for either).
    """
    awards: list[Award] = []
    for group, places in ranked.items():
        rules = money[group]
        granted, last = 0, 0  # units rewarded so far; the place of the last one (ties at the cut-off)
        for place, score in places:
            f = facts[score.unit]
            reasons: list[str] = []
            clauses: list[str] = []
            reward = fine = 0
            shares: tuple[Share, ...] = ()
            barred = [p for p in f.principals if not p.eligible]
            in_reach = (granted < rules.top or place == last) if pass_on else place <= rules.top
            if score.result == PASSED and in_reach and (not barred or withhold_barred_share):
                reward, granted, last = rules.reward_yuan, granted + 1, place
                sharing = [p for p in f.principals if p.eligible] if withhold_barred_share else f.principals
                shares = split_shares(_part(reward, rules.reward_percent), sharing)
                reasons.append(f"第{place}名，评为先进，奖励{reward}元")
                clauses += [rules.reward_clause, rules.split_clause]
                if barred:
                    names = "、".join(p.name or p.person for p in barred)
                    reasons.append(f"主要负责人{names}处于第六十五条影响期内，不参与奖金分配")
                    clauses += [pass_on_clause]
            elif score.result == PASSED and in_reach:
                names = "、".join(p.name or p.person for p in barred)
                reasons.append(
                    f"主要负责人{names}处于第六十五条影响期内，不得评为先进"
                    + ("，名额递补" if pass_on else "")
                )
                clauses += [rules.reward_clause, pass_on_clause]
            elif score.result in (VETOED, UNDETERMINED) and place <= rules.top:
                reasons.append(("一票否决" if score.result == VETOED else "一票否决待定") + "，不得评为先进")
                clauses += [rules.reward_clause]
            if score.result in (FAILED, VETOED):
                fine = rules.fine_yuan
                shares = split_shares(_part(fine, rules.fine_percent), f.principals)
                reasons.append(f"考核不合格，罚款{fine}元")
                clauses += [rules.fine_clause]
            if (reward or fine) and not shares and f.principals == ():
                reasons.append("年内无在任主要负责人，个人部分无法分摊")
            awards.append(
                Award(
                    unit=score.unit,
                    group=group,
                    rank=place,
                    result=score.result,
                    reward_yuan=reward,
                    fine_yuan=fine,
                    principals=shares,
                    reasons=tuple(reasons),
                    clauses=tuple(dict.fromkeys(clauses)),
                )
            )
    return awards
