"""What-if changes to an assessment's inputs (假设分析). Pure: imports nothing from Django.

A change is a frozen value; ``apply(facts, scheme, changes)`` returns new facts and a new scheme and never
touches its arguments, so the stored run stays as it was. Three kinds:

- ``RemoveAccident(accident_id)``: takes the accident out of every unit that counts it (a county and the
  departments supervising its sector) and recomputes the unit's accidents by grade, deaths and reporting
  failures from the events that remain — so a removed 重大 accident lifts the veto it caused.
- ``MarkObligationsDone(unit, count)``: moves up to ``count`` occurrences to done on time, first from the
  overdue ones (which also lifts the overdue deduction), then from the remainder not yet done
  (due − waived − done − done late − overdue). Asking for more than there is moves what there is.
- ``ChangeWeight(indicator_id, weight)``: a new scheme with that indicator's weight. The scale is kept
  (100): weights are relative, and ``score_unit`` already scales the applicable weights back to the scale,
  so the pass mark keeps its meaning whatever the weights add up to (the pack loader's "weights add up to
  the scale" check is about pack data, not about a what-if). Weight 0 takes the indicator out of the
  scheme (its points go to the others); at least one indicator must keep a positive weight.

Changes apply in order. An unknown unit, accident or indicator, or a change that cannot apply, raises
``ChangeError`` (a ``ValueError``) naming the change.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .assessment import GRADES, AccidentFact, Scheme, UnitFacts


@dataclass(frozen=True)
class RemoveAccident:
    accident_id: int

    @property
    def label(self) -> str:
        """The change as the what-if page lists it (Chinese)."""
        return f"剔除事故 #{self.accident_id}"


@dataclass(frozen=True)
class MarkObligationsDone:
    unit: str
    count: int

    @property
    def label(self) -> str:
        """The change as the what-if page lists it (Chinese)."""
        return f"{self.unit} 按时完成履职事项 {self.count} 项"


@dataclass(frozen=True)
class ChangeWeight:
    indicator_id: str
    weight: int

    @property
    def label(self) -> str:
        """The change as the what-if page lists it (Chinese)."""
        return f"指标 {self.indicator_id} 权重改为 {self.weight}"


Change = RemoveAccident | MarkObligationsDone | ChangeWeight


class ChangeError(ValueError):
    """A change that cannot apply; ``change`` is the offending one."""

    def __init__(self, message: str, change: Change) -> None:
        super().__init__(message)
        self.change = change


def _without(unit: UnitFacts, accident_id: int) -> UnitFacts:
    events = tuple(e for e in unit.accident_events if e.id != accident_id)
    return recount(unit, events)


def recount(unit: UnitFacts, events: tuple[AccidentFact, ...]) -> UnitFacts:
    """``unit`` with ``events`` as its accidents: by grade, deaths and reporting failures recomputed."""
    grades = Counter(e.grade for e in events)
    failures = Counter(kind for e in events for kind in e.report_failures)
    order = {g: i for i, g in enumerate(GRADES)}
    return dataclasses.replace(
        unit,
        accident_events=events,
        accidents={g: grades[g] for g in sorted(grades, key=lambda g: (order.get(g, len(GRADES)), g))},
        deaths=sum(e.deaths for e in events),
        report_failures=dict(sorted(failures.items())),
    )


def _remove_accident(facts: list[UnitFacts], change: RemoveAccident) -> list[UnitFacts]:
    hits = [i for i, f in enumerate(facts) if any(e.id == change.accident_id for e in f.accident_events)]
    if not hits:
        raise ChangeError(f"考核事实中没有事故 #{change.accident_id}", change)
    result = list(facts)
    for i in hits:
        result[i] = _without(result[i], change.accident_id)
    return result


def open_obligations(unit: UnitFacts) -> tuple[int, int]:
    """(overdue, the remainder not yet done) of ``unit``; (0, 0) without obligation data."""
    if unit.obligations_due is None:
        return 0, 0
    remainder = (
        unit.obligations_due
        - unit.obligations_waived
        - unit.obligations_done
        - unit.obligations_done_late
        - unit.obligations_overdue
    )
    return unit.obligations_overdue, max(0, remainder)


def _mark_done(facts: list[UnitFacts], change: MarkObligationsDone) -> list[UnitFacts]:
    if change.count < 1:
        raise ChangeError(f"标记完成的数量须为正整数（收到 {change.count}）", change)
    index = next((i for i, f in enumerate(facts) if f.unit == change.unit), None)
    if index is None:
        raise ChangeError(f"考核事实中没有单位 {change.unit!r}", change)
    unit = facts[index]
    if unit.obligations_due is None:
        raise ChangeError(f"{unit.name}无履职事项数据，无法标记完成", change)
    overdue, remainder = open_obligations(unit)
    if overdue + remainder == 0:
        raise ChangeError(f"{unit.name}没有未完成的履职事项", change)
    from_overdue = min(change.count, overdue)
    from_rest = min(change.count - from_overdue, remainder)
    result = list(facts)
    result[index] = dataclasses.replace(
        unit,
        obligations_done=unit.obligations_done + from_overdue + from_rest,
        obligations_overdue=overdue - from_overdue,
    )
    return result


def _weights(scheme: Scheme, changes: Sequence[ChangeWeight]) -> Scheme:
    weights = {i.id: i.weight for i in scheme.indicators}
    for change in changes:
        if change.indicator_id not in weights:
            known = "、".join(weights)
            raise ChangeError(f"没有考核指标 {change.indicator_id!r}（可选：{known}）", change)
        if change.weight < 0:
            raise ChangeError(f"权重不得为负数（收到 {change.weight}）", change)
        weights[change.indicator_id] = change.weight
    if changes and not any(weights.values()):
        raise ChangeError("至少保留一项权重大于 0 的考核指标", changes[-1])
    indicators = tuple(
        dataclasses.replace(i, weight=weights[i.id]) for i in scheme.indicators if weights[i.id] > 0
    )
    return dataclasses.replace(scheme, indicators=indicators)


def apply(
    facts: Sequence[UnitFacts], scheme: Scheme, changes: Sequence[Change]
) -> tuple[list[UnitFacts], Scheme]:
    """The facts and scheme with ``changes`` applied in order; the arguments are left as they were."""
    result = list(facts)
    weight_changes: list[ChangeWeight] = []
    for change in changes:
        if isinstance(change, RemoveAccident):
            result = _remove_accident(result, change)
        elif isinstance(change, MarkObligationsDone):
            result = _mark_done(result, change)
        elif isinstance(change, ChangeWeight):
            weight_changes.append(change)
        else:  # pragma: no cover - the union is closed; guards callers without a type checker
            raise TypeError(f"not a what-if change: {change!r}")
    return result, _weights(scheme, weight_changes) if weight_changes else scheme


def _total(counts: Mapping[str, int] | None) -> int | None:
    return None if counts is None else sum(counts.values())


def fact_changes(before: UnitFacts, after: UnitFacts) -> tuple[str, ...]:
    """What a what-if changed in one unit's facts, for people: ``("事故 1→0 起", "死亡 11→0 人")``."""
    moved: list[str] = []
    pairs: tuple[tuple[str, int | None, int | None, str], ...] = (
        ("事故", _total(before.accidents), _total(after.accidents), "起"),
        ("死亡", before.deaths, after.deaths, "人"),
        ("报告问题", _total(before.report_failures), _total(after.report_failures), "起"),
        ("按时完成履职事项", before.obligations_done, after.obligations_done, "项"),
        ("逾期履职事项", before.obligations_overdue, after.obligations_overdue, "项"),
    )
    for name, old, new, measure in pairs:
        if old != new:
            moved.append(f"{name} {old}→{new} {measure}")
    return tuple(moved)
