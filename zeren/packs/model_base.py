"""Small shared pieces of the pack model (kept apart so ``model`` and ``model_accidents`` can share them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeAlias

# a value as YAML gives it (safe loader): scalars, dates, lists and string-keyed mappings of them
YamlValue: TypeAlias = "str | int | float | bool | dt.date | list[YamlValue] | dict[str, YamlValue] | None"


@dataclass(frozen=True)
class Choice:
    """Marks a value the text leaves open (the local-choice rule)."""

    local_choice: bool = False
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Effective:
    effective_from: dt.date
    effective_to: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        """Whether ``day`` falls in [effective_from, effective_to)."""
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)
