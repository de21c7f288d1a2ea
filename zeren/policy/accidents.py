"""Accident grades, reporting deadlines and casualty supplements (国务院令第493号), as pure rules.

SKELETON: final signatures; bodies being filled in. See docs/accidents.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

GRADES: tuple[str, ...] = ("一般", "较大", "重大", "特别重大")  # mildest first
FINDING_KINDS: tuple[str, ...] = ("late", "omitted", "false", "concealed")
LEVELS: tuple[str, ...] = ("county", "prefecture", "province", "national")  # lowest first


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
    kashgar_clauses: tuple[str, ...] = ("art_63__para_1__point_3",)


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


def grade_accident(
    *, deaths: int, serious_injuries: int, loss_yuan: int, bands: Sequence[GradeBand]
) -> GradeResult:
    """The grade of an accident: the highest band any one criterion reaches (493:art_3__para_3)."""
    raise NotImplementedError


def required_levels(grade: str, rules: ReportingRules) -> list[str]:
    """The levels a report must reach for ``grade``, lowest first (493:art_10)."""
    raise NotImplementedError


def supplement_window_days(sector_code: str, rules: ReportingRules) -> tuple[int, list[str]]:
    """Days after the accident day within which casualty changes are supplemented (493:art_13)."""
    raise NotImplementedError


def supplement_last_day(occurred_on: dt.date, sector_code: str, rules: ReportingRules) -> dt.date:
    """The last day of the supplement window: ``occurred_on`` + days (the accident day is not counted)."""
    raise NotImplementedError


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
    """Findings on how an accident was reported (empty list: on time and complete)."""
    raise NotImplementedError
