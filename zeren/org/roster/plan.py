"""What an import would do: rows to create, existing rows to update, and every error found on the way.

Built in memory from one query per sheet (existing rows keyed by code), so a province-sized
workbook costs seven queries whatever its size. Nothing is written here; ``apply.py`` carries the
plan out through the org services.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .reader import Row
from .result import RosterError
from .schema import NO, YES, Column, SheetSpec


@dataclass
class Plan:
    create: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    end_tenures: list[tuple[Row, int]] = field(default_factory=list)  # (row, tenure pk)
    end_portfolios: list[tuple[Row, int]] = field(default_factory=list)  # (row, portfolio pk)
    retire: list[Row] = field(default_factory=list)  # people rows whose retirement is new
    safety_staffing: list[Row] = field(default_factory=list)  # organisations whose art. 17(5) entry changes
    urban: list[Row] = field(default_factory=list)  # existing units whose 城区 flag changes
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[RosterError] = field(default_factory=list)
    warnings: list[RosterError] = field(default_factory=list)


def shown(column: Column, value: Any) -> str:
    """A value as the operator wrote it in the workbook."""
    if value is None or value == "":
        return "空"
    if column.kind in ("bool", "flag"):
        return YES if value else NO
    if column.kind == "choice" and column.choices is not None:
        return str(dict(column.choices.choices).get(value, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def usable(row: Row, *keys: str) -> bool:
    return not any(key in row.bad for key in keys)


def index_rows(plan: Plan, rows: list[Row], keys: tuple[str, ...]) -> dict[tuple[Any, ...], Row]:
    """Rows by their key; a repeated key is an error on the later row."""
    result: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        if not usable(row, *keys) or any(
            row.values[k] in (None, "") for k in keys if row.spec.column(k).required
        ):
            continue
        key = tuple(row.values[k] for k in keys)
        first = result.get(key)
        if first is not None:
            plan.errors.append(row.error(keys[0], f"与第 {first.number} 行重复"))
            row.bad.add(keys[0])
            continue
        result[key] = row
    return result


def immutable_diffs(plan: Plan, row: Row, current: dict[str, Any], keys: tuple[str, ...]) -> bool:
    """Report each of ``keys`` that differs from the database; True when none does."""
    same = True
    for key in keys:
        if key in row.bad or row.values[key] == current[key]:
            continue
        same = False
        column = row.spec.column(key)
        plan.errors.append(row.error(key, f"不支持通过导入修改（数据库中为“{shown(column, current[key])}”）"))
    return same


def check_range(plan: Plan, row: Row, start: str, end: str, what: str) -> None:
    first, last = row.values.get(start), row.values.get(end)
    if first is not None and last is not None and last < first:
        plan.errors.append(row.error(end, f"{what}（{last}）早于{row.spec.column(start).header}（{first}）"))


def check_pack(plan: Plan, row: Row, key: str, codes: set[str] | None, label: str) -> None:
    value = row.values.get(key)
    if codes is not None and value and usable(row, key) and value not in codes:
        plan.errors.append(row.error(key, f"当前政策包中没有{label}“{value}”"))


def check_exists(plan: Plan, row: Row, key: str, known: Any, what: str) -> bool:
    value = row.values.get(key)
    if not value or not usable(row, key):
        return False
    if value in known:
        return True
    plan.errors.append(row.error(key, f"{what}“{value}”不存在（本工作簿和数据库中都没有）"))
    return False


def count(plan: Plan, spec: SheetSpec, outcome: str) -> None:
    getattr(plan, outcome)[spec.title] += 1
