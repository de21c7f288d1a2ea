"""What an import reports: every bad cell, and per-sheet counts of created, updated and unchanged rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema import SHEETS


@dataclass(frozen=True)
class RosterError:
    """One problem, addressed as Excel shows it: sheet title, row number, column header (and cell)."""

    sheet: str
    row: int
    column: str
    reason: str
    cell: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
            "cell": self.cell,
        }

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else f"{self.sheet}!{self.row}"
        return f"{where} {self.column}：{self.reason}" if self.column else f"{where} {self.reason}"


def _zero() -> dict[str, int]:
    return {spec.title: 0 for spec in SHEETS}


MAX_REPORTED_ERRORS = 1_000  # the report lists the first errors and counts them all


@dataclass
class RosterResult:
    dry_run: bool
    errors: list[RosterError] = field(default_factory=list)
    error_count: int = 0  # all errors found; ``errors`` keeps the first MAX_REPORTED_ERRORS
    warnings: list[RosterError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=_zero)
    updated: dict[str, int] = field(default_factory=_zero)
    unchanged: dict[str, int] = field(default_factory=_zero)

    @property
    def ok(self) -> bool:
        return not self.errors

    def bound_errors(self) -> None:
        """Keep the first ``MAX_REPORTED_ERRORS`` errors (in sheet/row order) and count them all."""
        self.error_count = len(self.errors)
        del self.errors[MAX_REPORTED_ERRORS:]

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": max(self.error_count, len(self.errors)),
            "errors_truncated": self.error_count > len(self.errors),
            "warnings": [w.as_dict() for w in self.warnings],
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }
