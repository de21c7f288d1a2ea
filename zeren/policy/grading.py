"""Accident grades (国务院令第493号 art. 3), as a pure rule: the highest band any one criterion reaches.

Every band comes from the pack (``accidents.grades``); a band is reached when ANY one criterion reaches its
minimum ("以上" includes the number, 493:art_3__para_3). A figure not given is unknown, not zero: the grade
is then ``PENDING`` (待定) unless the known figures already reach the highest band. Pure: imports nothing
from Django. ``zeren.policy.accidents`` re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

GRADES: tuple[str, ...] = ("一般", "较大", "重大", "特别重大")  # mildest first
PENDING = "待定"  # the grade while a figure is unknown and the known ones do not reach the top band
FIGURE_NAMES: Mapping[str, str] = {
    "deaths": "死亡人数",
    "serious_injuries": "重伤人数（含急性工业中毒）",
    "loss_yuan": "直接经济损失",
}


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
    grade: str  # a grade of GRADES, or PENDING (待定) while a figure is unknown
    criteria: list[str]  # e.g. "死亡3人，达到较大事故标准（3人以上）"
    citations: list[str]
    trace: str
    missing: list[str] = field(default_factory=list)  # not given: deaths | serious_injuries | loss_yuan
    at_least: str | None = None  # for PENDING: the grade the known figures already reach


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


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
            citations = _unique(list(band.clauses))
            trace = f"任一条件达到即可（“以上”含本数）：{'；'.join(criteria)} → {band.grade}事故"
            return GradeResult(grade=band.grade, criteria=criteria, citations=citations, trace=trace)
    raise ValueError("no floor band (all minimums 0)")  # pragma: no cover - guarded above


def grade_with_unknowns(
    *,
    deaths: int | None,
    serious_injuries: int | None,
    loss_yuan: int | None,
    bands: Sequence[GradeBand],
) -> GradeResult:
    """The grade when some figures may be unknown (None): unknown is not zero.

    With every figure known this is ``grade_accident``. With one unknown, the known figures give a lower
    bound; when it is the highest grade the grade is that (no figure can raise it), else the grade is
    ``PENDING`` (待定) with ``missing`` and ``at_least``.
    """
    figures = {"deaths": deaths, "serious_injuries": serious_injuries, "loss_yuan": loss_yuan}
    missing = [name for name, value in figures.items() if value is None]
    known = grade_accident(
        deaths=deaths or 0, serious_injuries=serious_injuries or 0, loss_yuan=loss_yuan or 0, bands=bands
    )
    if not missing or known.grade == GRADES[-1]:
        return known
    names = "、".join(FIGURE_NAMES[m] for m in missing)
    above_floor = known.grade != GRADES[0]
    reached = known.criteria if above_floor else []
    bound = f"已知数字至少为{known.grade}事故" if above_floor else f"已知数字未达到{GRADES[1]}事故标准"
    criteria = [*reached, f"未提供{names}：未知不等于零，等级待定（{bound}）"]
    floor = next(b for b in bands if b.grade == GRADES[0])
    return GradeResult(
        grade=PENDING,
        criteria=criteria,
        citations=known.citations if above_floor else [c for c in known.citations if c != floor.clauses[0]],
        trace=f"缺少{names} → 等级待定（{bound}）",
        missing=missing,
        at_least=known.grade,
    )
