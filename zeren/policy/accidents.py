"""Accident grades, reporting deadlines and casualty supplements (国务院令第493号), as pure rules.

Every number comes from the pack (``accidents`` in pack.yaml, read by ``zeren.packs.policy_rules``); every
result carries the clause ids that produced it (``493:art_3__para_1__point_3``; unprefixed ids are the
Kashgar measures') and a short Chinese trace. Pure: imports nothing from Django. Rules: docs/accidents.md.

Time rules
    * grades: a band is reached when ANY one criterion reaches its minimum ("以上" includes the number,
      493:art_3__para_3); the grade is the highest band reached.
    * unit report: due ``unit_report_minutes`` after the unit head learnt of the accident (493:art_9):
      60 minutes is on time, 60 minutes and 1 second is late (``minutes_late`` rounds up to whole minutes).
    * each further level: due ``per_level_minutes`` after the level below received the report (493:art_11);
      when levels were skipped (493:art_10__para_3) the clock of the skipping level is the number of levels
      crossed times ``per_level_minutes``, counted from the last level that received it.
    * supplements: "自事故发生之日起30日内" — the accident day is not counted, so the window's last day is
      the accident date + 30 days (the 30th day is in, the 31st out).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zeren.law import LawParseError, cite

GRADES: tuple[str, ...] = ("一般", "较大", "重大", "特别重大")  # mildest first
FINDING_KINDS: tuple[str, ...] = ("late", "omitted", "false", "concealed")
LEVELS: tuple[str, ...] = ("county", "prefecture", "province", "national")  # lowest first
KASHGAR_REPORTING_CLAUSE = "art_63__para_1__point_3"


@dataclass(frozen=True)
class GradeBand:
    """One grade of 493:art_3: reached when ANY minimum is met (以上 includes the number)."""

    grade: str
    deaths_min: int
    serious_injuries_min: int
    loss_yuan_min: int
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class GradeResult:
    grade: str
    criteria: list[str]  # e.g. "死亡3人，达到较大事故标准（3人以上）"
    citations: list[str]
    trace: str


@dataclass(frozen=True)
class ReportLevel:
    id: str  # county | prefecture | province | national
    name: str


@dataclass(frozen=True)
class SupplementRule:
    sectors: tuple[str, ...]  # pack sector ids; () = the default rule
    days: int
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class FailureDefinition:
    kind: str  # late | omitted | false | concealed
    name: str  # 迟报 | 漏报 | 谎报 | 瞒报
    definition: str
    clauses: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ReportingRules:
    """The pack's accident-reporting data (pack.yaml ``accidents``)."""

    levels: tuple[ReportLevel, ...]  # lowest first; the unit reports to levels[0]
    unit_report_minutes: int
    unit_report_clauses: tuple[str, ...]
    per_level_minutes: int
    per_level_clauses: tuple[str, ...]
    top_level_by_grade: Mapping[str, str]
    escalation_clauses: Mapping[str, tuple[str, ...]]
    skip_clauses: tuple[str, ...]
    supplement_default: SupplementRule
    supplement_rules: tuple[SupplementRule, ...]
    report_items: tuple[str, ...]
    report_items_clauses: tuple[str, ...]
    failures: tuple[FailureDefinition, ...]
    kashgar_clauses: tuple[str, ...] = (KASHGAR_REPORTING_CLAUSE,)

    def level_name(self, level_id: str) -> str:
        return next((level.name for level in self.levels if level.id == level_id), level_id)

    def failure(self, kind: str) -> FailureDefinition | None:
        return next((f for f in self.failures if f.kind == kind), None)


@dataclass(frozen=True)
class ReportingStep:
    level: str  # a ReportLevel id
    reached_at: dt.datetime


@dataclass(frozen=True)
class ReportingFinding:
    kind: str  # late | omitted | false | concealed
    step: str | None  # the level concerned; None for the report as a whole
    deadline: dt.datetime | None
    minutes_late: int | None  # None when no report to that level is recorded
    citations: list[str] = field(default_factory=list)
    trace: str = ""


SOURCE_TITLES: Mapping[str, str] = {"493": "《生产安全事故报告和调查处理条例》"}


def citation(eid: str, titles: Mapping[str, str] = SOURCE_TITLES) -> str:
    """People's form of a clause id: ``493:art_3__para_1`` -> "《…条例》第三条第一款"."""
    prefix, sep, local = eid.rpartition(":")
    try:
        text = cite(local)
    except LawParseError:
        return eid
    return f"{titles.get(prefix, prefix)}{text}" if sep else text


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _check_grade(grade: str) -> None:
    if grade not in GRADES:
        raise ValueError(f"unknown accident grade {grade!r}; expected one of {', '.join(GRADES)}")


# -- grades --------------------------------------------------------------------------------------


def _yuan(amount: int) -> str:
    if amount and amount % 100_000_000 == 0:
        return f"{amount // 100_000_000}亿元"
    if amount and amount % 10_000 == 0:
        return f"{amount // 10_000}万元"
    return f"{amount}元"


def grade_accident(
    *, deaths: int, serious_injuries: int, loss_yuan: int, bands: Sequence[GradeBand]
) -> GradeResult:
    """The grade of an accident: the highest band any one criterion reaches (493:art_3__para_3).

    ``bands`` in any order; the band with all minimums 0 is the floor (一般). Negative input raises
    ``ValueError``; so do bands that do not cover every grade.
    """
    for name, value in (("deaths", deaths), ("serious_injuries", serious_injuries), ("loss_yuan", loss_yuan)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    ordered = sorted(bands, key=lambda b: GRADES.index(b.grade), reverse=True)
    if [b.grade for b in ordered] != list(reversed(GRADES)):
        raise ValueError("bands must cover each grade exactly once")
    for band in ordered:
        criteria = []
        if band.deaths_min and deaths >= band.deaths_min:
            criteria.append(f"死亡{deaths}人，达到{band.grade}事故标准（{band.deaths_min}人以上）")
        if band.serious_injuries_min and serious_injuries >= band.serious_injuries_min:
            criteria.append(
                f"重伤（含急性工业中毒）{serious_injuries}人，达到{band.grade}事故标准"
                f"（{band.serious_injuries_min}人以上）"
            )
        if band.loss_yuan_min and loss_yuan >= band.loss_yuan_min:
            criteria.append(
                f"直接经济损失{loss_yuan}元，达到{band.grade}事故标准（{_yuan(band.loss_yuan_min)}以上）"
            )
        floor = not (band.deaths_min or band.serious_injuries_min or band.loss_yuan_min)
        if criteria or floor:
            if floor:
                criteria = [
                    f"死亡{deaths}人、重伤{serious_injuries}人、直接经济损失{loss_yuan}元，"
                    f"均未达到较大事故标准"
                ]
            citations = _unique([*band.clauses, "493:art_3__para_3"])
            trace = f"任一条件达到即可（“以上”含本数）：{'；'.join(criteria)} → {band.grade}事故"
            return GradeResult(grade=band.grade, criteria=criteria, citations=citations, trace=trace)
    raise ValueError("no floor band (all minimums 0)")  # pragma: no cover - guarded above


# -- levels and supplements ----------------------------------------------------------------------


def required_levels(grade: str, rules: ReportingRules) -> list[str]:
    """The levels a report must reach for ``grade``, lowest first (493:art_10)."""
    _check_grade(grade)
    ids = [level.id for level in rules.levels]
    top = rules.top_level_by_grade[grade]
    return ids[: ids.index(top) + 1]


def _supplement_rule(sector_code: str, rules: ReportingRules) -> SupplementRule:
    return next((r for r in rules.supplement_rules if sector_code in r.sectors), rules.supplement_default)


def supplement_window_days(sector_code: str, rules: ReportingRules) -> tuple[int, list[str]]:
    """Days after the accident day within which casualty changes are supplemented (493:art_13)."""
    rule = _supplement_rule(sector_code, rules)
    return rule.days, list(rule.clauses)


def supplement_last_day(occurred_on: dt.date, sector_code: str, rules: ReportingRules) -> dt.date:
    """The last day of the supplement window: ``occurred_on`` + days (the accident day is not counted)."""
    return occurred_on + dt.timedelta(days=_supplement_rule(sector_code, rules).days)


def supplement_required(
    *, occurred_on: dt.date, changed_on: dt.date, sector_code: str, rules: ReportingRules
) -> tuple[bool, list[str], str]:
    """Whether a casualty change on ``changed_on`` must be reported as a supplement (493:art_13__para_2)."""
    days, clauses = supplement_window_days(sector_code, rules)
    last = supplement_last_day(occurred_on, sector_code, rules)
    n = (changed_on - occurred_on).days
    inside = 0 <= n <= days
    trace = f"事故发生之日起第{n}日伤亡人数变化，补报期限{days}日（至{last.isoformat()}）→ " + (
        "应当补报" if inside else "不在补报期限内"
    )
    return inside, clauses, trace


# -- reporting -------------------------------------------------------------------------------------


def _clock(moment: dt.datetime) -> str:
    """A time as people read it, in the zone the caller gave it (the pack's local time): no UTC offset."""
    return moment.strftime("%Y-%m-%d %H:%M")


def _minutes_over(reached: dt.datetime, deadline: dt.datetime) -> int:
    return math.ceil((reached - deadline).total_seconds() / 60)


def _failure_clauses(kind: str, rules: ReportingRules) -> list[str]:
    definition = rules.failure(kind)
    return _unique([*(definition.clauses if definition else ()), *rules.kashgar_clauses])


def _label(kind: str, rules: ReportingRules) -> str:
    definition = rules.failure(kind)
    return definition.name if definition else kind


def assess_reporting(
    *,
    grade: str,
    occurred_at: dt.datetime,
    head_learnt_at: dt.datetime,
    steps: Sequence[ReportingStep],
    rules: ReportingRules,
    concealed: bool = False,
    falsified: bool = False,
    omitted_items: Sequence[str] = (),
) -> list[ReportingFinding]:
    """Findings on how an accident was reported (empty list: on time and complete).

    ``steps`` are the times each level received the report (any order; the earliest per level counts).
    Late findings come in level order, then omitted, false and concealed. A required level with no step and
    no higher level reached is a ``late`` finding with ``minutes_late=None``; a level skipped on the way up
    (493:art_10__para_3) is not a finding. ``concealed`` / ``falsified`` / ``omitted_items`` are facts
    established by the investigation; the function does not infer intent. The caller passes times in the
    locality's zone (the pack's): the traces show them as given, without a UTC offset.
    """
    _check_grade(grade)
    if head_learnt_at < occurred_at:
        raise ValueError("the unit head cannot learn of the accident before it occurred")
    required = required_levels(grade, rules)
    ids = [level.id for level in rules.levels]
    reached: dict[str, dt.datetime] = {}
    for step in steps:
        if step.level not in ids:
            raise ValueError(f"unknown reporting level {step.level!r}")
        if step.level not in reached or step.reached_at < reached[step.level]:
            reached[step.level] = step.reached_at
    late = _late_findings(required, reached, head_learnt_at, rules)
    findings = list(late)
    if omitted_items:
        items = "、".join(omitted_items)
        findings.append(
            ReportingFinding(
                kind="omitted",
                step=None,
                deadline=None,
                minutes_late=None,
                citations=_unique([*_failure_clauses("omitted", rules), *rules.report_items_clauses]),
                trace=f"报告遗漏应报内容：{items} → {_label('omitted', rules)}",
            )
        )
    for flag, kind, text in ((falsified, "false", "报告内容不实"), (concealed, "concealed", "隐瞒事故")):
        if flag:
            definition = rules.failure(kind)
            meaning = f"（{definition.definition}）" if definition else ""
            findings.append(
                ReportingFinding(
                    kind=kind,
                    step=None,
                    deadline=None,
                    minutes_late=None,
                    citations=_failure_clauses(kind, rules),
                    trace=f"{text} → {_label(kind, rules)}{meaning}",
                )
            )
    return findings


def _late_findings(
    required: list[str], reached: dict[str, dt.datetime], head_learnt_at: dt.datetime, rules: ReportingRules
) -> list[ReportingFinding]:
    findings = []
    unit_deadline = head_learnt_at + dt.timedelta(minutes=rules.unit_report_minutes)
    unit_clauses = list(rules.unit_report_clauses)
    level_clauses = _unique([*rules.per_level_clauses, *rules.skip_clauses])
    previous: tuple[int, dt.datetime] | None = None  # (index, when) of the last level that received it
    for index, level in enumerate(required):
        name = rules.level_name(level)
        if index == 0:
            deadline = unit_deadline
            clock = f"单位负责人接到报告后{rules.unit_report_minutes}分钟内报告{name}"
            clauses = unit_clauses
        elif previous is None:
            break  # no level below received it: reported at the first missing level already
        else:
            crossed = index - previous[0]
            deadline = previous[1] + dt.timedelta(minutes=rules.per_level_minutes * crossed)
            clock = f"上一级接报后每级{rules.per_level_minutes}分钟内上报{name}" + (
                f"（越过{crossed - 1}级）" if crossed > 1 else ""
            )
            clauses = level_clauses
        when = reached.get(level)
        if when is None:
            if any(higher in reached for higher in required[index + 1 :]):
                continue  # skipped on the way up (越级上报)
            findings.append(
                ReportingFinding(
                    kind="late",
                    step=level,
                    deadline=deadline,
                    minutes_late=None,
                    citations=_unique([*clauses, *_failure_clauses("late", rules)]),
                    trace=(f"{clock}，期限{_clock(deadline)}；未见报告记录 → {_label('late', rules)}"),
                )
            )
            break
        if when > deadline:
            over = _minutes_over(when, deadline)
            findings.append(
                ReportingFinding(
                    kind="late",
                    step=level,
                    deadline=deadline,
                    minutes_late=over,
                    citations=_unique([*clauses, *_failure_clauses("late", rules)]),
                    trace=(
                        f"{clock}，期限{_clock(deadline)}，实际{_clock(when)}，"
                        f"超过{over}分钟 → {_label('late', rules)}"
                    ),
                )
            )
        previous = (index, when)
    return findings
