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
    * first report above the county: art. 9 lets the unit report to the county level "以上", so the first
      level on record (whichever it is) is due ``unit_report_minutes`` after the head learnt of it, and
      the levels above it run on the per-level clock from there. A 一般 accident reported only to the
      province is checked on that clock too (the report skipped the levels it had to reach).
    * supplements: "自事故发生之日起30日内" — the accident day is not counted, so the window's last day is
      the accident date + 30 days (the 30th day is in, the 31st out).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zeren.law import LawParseError, cite
from zeren.policy.grading import FIGURE_NAMES as FIGURE_NAMES
from zeren.policy.grading import GRADES as GRADES
from zeren.policy.grading import PENDING as PENDING
from zeren.policy.grading import GradeBand as GradeBand
from zeren.policy.grading import GradeResult as GradeResult
from zeren.policy.grading import grade_accident as grade_accident
from zeren.policy.grading import grade_with_unknowns as grade_with_unknowns

FINDING_KINDS: tuple[str, ...] = ("late", "omitted", "false", "concealed")
LEVELS: tuple[str, ...] = ("county", "prefecture", "province", "national")  # lowest first


@dataclass(frozen=True)
class ReportLevel:
    id: str  # county | prefecture | province | national
    name: str


@dataclass(frozen=True)
class AccidentType:
    """An accident type (事故类别): the supplement window follows it (493:art_13__para_2), not the sector."""

    id: str
    name: str
    default_for_sectors: tuple[str, ...] = ()  # proposed for accidents of these sectors
    default: bool = False  # when none is given and the sector proposes none


@dataclass(frozen=True)
class SupplementRule:
    types: tuple[str, ...]  # accident type ids; () = the default rule
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
    types: tuple[AccidentType, ...] = ()

    def level_name(self, level_id: str) -> str:
        """The name of report level ``level_id`` (the id when the rules name none)."""
        return next((level.name for level in self.levels if level.id == level_id), level_id)

    def type_name(self, type_id: str) -> str | None:
        """The name of accident type ``type_id``, or None for an unknown type."""
        return next((t.name for t in self.types if t.id == type_id), None)

    def type_for(self, value: str | None, sector_code: str = "") -> str:
        """An accident type id from ``value`` (id or Chinese name); when none is given, the type the
        sector proposes, else the default type. ``ValueError`` for an unknown value."""
        if value:
            for kind in self.types:
                if value in (kind.id, kind.name):
                    return kind.id
            raise ValueError(f"unknown accident type {value!r}")
        proposed = next(
            (t.id for t in self.types if sector_code and sector_code in t.default_for_sectors), None
        )
        return proposed or next((t.id for t in self.types if t.default), "")

    def failure(self, kind: str) -> FailureDefinition | None:
        """The definition of a reporting failure (late, omitted, false, concealed), or None."""
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


# -- levels and supplements ----------------------------------------------------------------------


def required_levels(grade: str, rules: ReportingRules) -> list[str]:
    """The levels a report must reach for ``grade``, lowest first (493:art_10)."""
    _check_grade(grade)
    ids = [level.id for level in rules.levels]
    top = rules.top_level_by_grade[grade]
    return ids[: ids.index(top) + 1]


def _supplement_rule(accident_type: str, rules: ReportingRules) -> SupplementRule:
    return next((r for r in rules.supplement_rules if accident_type in r.types), rules.supplement_default)


def supplement_window_days(accident_type: str, rules: ReportingRules) -> tuple[int, list[str]]:
    """Days after the accident day within which casualty changes are supplemented (493:art_13__para_2):
    by the accident TYPE (道路交通事故、火灾事故 7 days), whatever the sector."""
    rule = _supplement_rule(accident_type, rules)
    return rule.days, list(rule.clauses)


def supplement_last_day(occurred_on: dt.date, accident_type: str, rules: ReportingRules) -> dt.date:
    """The last day of the supplement window: ``occurred_on`` + days (the accident day is not counted)."""
    return occurred_on + dt.timedelta(days=_supplement_rule(accident_type, rules).days)


def supplement_required(
    *, occurred_on: dt.date, changed_on: dt.date, accident_type: str, rules: ReportingRules
) -> tuple[bool, list[str], str]:
    """Whether a casualty change on ``changed_on`` must be reported as a supplement (493:art_13__para_2)."""
    days, clauses = supplement_window_days(accident_type, rules)
    last = supplement_last_day(occurred_on, accident_type, rules)
    n = (changed_on - occurred_on).days
    inside = 0 <= n <= days
    kind = rules.type_name(accident_type) or accident_type
    trace = f"{kind}，事故发生之日起第{n}日伤亡人数变化，补报期限{days}日（至{last.isoformat()}）→ " + (
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
    return _unique(list(definition.clauses) if definition else [])


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
    level_clauses = _unique([*rules.per_level_clauses, *rules.skip_clauses])
    ids = [level.id for level in rules.levels]
    checked = list(required)
    if not any(level in reached for level in required):
        # only a level above the required ones received it: its clock is still the unit's (493:art_9)
        above = [level for level in ids[len(required) :] if level in reached]
        checked += ids[len(required) : ids.index(above[0]) + 1] if above else []
    previous: tuple[int, dt.datetime] | None = None  # (index, when) of the last level that received it
    for index, level in enumerate(checked):
        name = rules.level_name(level)
        if previous is None:
            # the first level on record: the unit reports within the hour to the county level "以上"
            # (493:art_9), so a report that went straight to a higher level runs on the same clock
            deadline = unit_deadline
            clock = f"单位负责人接到报告后{rules.unit_report_minutes}分钟内报告{name}"
            clauses = list(rules.unit_report_clauses)
            if index > 0:
                clock += "（越级报告）"
                clauses = _unique([*clauses, *rules.skip_clauses])
        else:
            crossed = index - previous[0]
            deadline = previous[1] + dt.timedelta(minutes=rules.per_level_minutes * crossed)
            clock = f"上一级接报后每级{rules.per_level_minutes}分钟内上报{name}" + (
                f"（越过{crossed - 1}级）" if crossed > 1 else ""
            )
            clauses = level_clauses
        when = reached.get(level)
        if when is None:
            if any(higher in reached for higher in ids[ids.index(level) + 1 :]):
                continue  # skipped on the way up (越级上报): the clock runs on to the next level reached
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
