"""Typed access to the raw YAML mapping that records every structural problem with its YAML path.

Getters never raise: on a bad value they record a ``PackIssue`` and return a placeholder, so entries keep
their list positions and later checks still report the right paths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import PackIssue
from .model import Choice, Effective

IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")
Raw = Mapping[str, Any]


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    def __init__(self) -> None:
        self.issues: list[PackIssue] = []

    def error(self, path: str, message: str, clause: str | None = None) -> None:
        self.issues.append(PackIssue(path=path, clause=clause, message=message))

    # --- containers -------------------------------------------------------------------------------
    def mapping(self, value: object, path: str) -> Raw:
        if isinstance(value, Mapping):
            return value
        self.error(path, f"expected a mapping, got {_kind(value)}")
        return {}

    def entry(self, raw: Raw, path: str, allowed: Iterable[str]) -> Raw:
        """``raw`` as a mapping whose keys are all in ``allowed`` (unknown keys are reported)."""
        allowed_set = set(allowed)
        for key in raw:
            if key not in allowed_set:
                self.error(join(path, str(key)), f"unknown key {key!r}")
        return raw

    def items(self, raw: Raw, key: str, path: str, *, required: bool = True) -> list[tuple[str, Raw]]:
        """The list under ``key`` as ``(path, mapping)`` pairs."""
        where = join(path, key)
        value = raw.get(key)
        if value is None:
            if required:
                self.error(where, "missing list")
            return []
        if not isinstance(value, list):
            self.error(where, f"expected a list, got {_kind(value)}")
            return []
        return [(join(where, i), self.mapping(item, join(where, i))) for i, item in enumerate(value)]

    # --- scalars ----------------------------------------------------------------------------------
    def text(self, raw: Raw, key: str, path: str) -> str:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
        self.error(join(path, key), "missing text" if value is None else f"expected text, got {_kind(value)}")
        return ""

    def opt_text(self, raw: Raw, key: str, path: str) -> str | None:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and value.strip()):
            return value
        self.error(join(path, key), f"expected text, got {_kind(value)}")
        return None

    def ident(self, raw: Raw, key: str, path: str) -> str:
        value = self.text(raw, key, path)
        if value and not IDENT.match(value):
            self.error(join(path, key), f"id {value!r} must match [a-z][a-z0-9_]*")
        return value

    def clause(self, raw: Raw, key: str, path: str) -> str:
        return self.text(raw, key, path)

    def opt_clause(self, raw: Raw, key: str, path: str) -> str | None:
        return self.opt_text(raw, key, path)

    def texts(self, raw: Raw, key: str, path: str, *, required: bool = True) -> tuple[str, ...]:
        where = join(path, key)
        value = raw.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or (required and not value):
            self.error(
                where, "expected a non-empty list" if required else f"expected a list, got {_kind(value)}"
            )
            return ()
        result = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                result.append(item)
            else:
                self.error(join(where, i), f"expected text, got {_kind(item)}")
                result.append("")
        return tuple(result)

    def enum(self, raw: Raw, key: str, path: str, allowed: Iterable[str]) -> str:
        value = self.text(raw, key, path)
        options = tuple(allowed)
        if value and value not in options:
            self.error(join(path, key), f"{value!r} is not one of {', '.join(options)}")
        return value

    def flag(self, raw: Raw, key: str, path: str) -> bool:
        value = raw.get(key, False)
        if isinstance(value, bool):
            return value
        self.error(join(path, key), f"expected true or false, got {_kind(value)}")
        return False

    def integer(self, raw: Raw, key: str, path: str, *, minimum: int = 0) -> int:
        value = self.opt_integer(raw, key, path, minimum=minimum)
        if value is None:
            if key not in raw or raw[key] is None:
                self.error(join(path, key), "missing integer")
            return 0
        return value

    def opt_integer(self, raw: Raw, key: str, path: str, *, minimum: int = 0) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            hint = " (money and counts are integers, never floats)" if isinstance(value, float) else ""
            self.error(join(path, key), f"expected an integer, got {_kind(value)}{hint}")
            return None
        if value < minimum:
            self.error(join(path, key), f"must be at least {minimum}, got {value}")
        return int(value)

    def percent(self, raw: Raw, key: str, path: str) -> int | str:
        value = raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
            return value
        if isinstance(value, str):
            try:
                number = Decimal(value)
            except InvalidOperation:
                number = Decimal(-1)
            if Decimal(0) <= number <= Decimal(100):
                return value
        self.error(
            join(path, key), f"expected a percentage 0-100 as an integer or exact string, got {value!r}"
        )
        return 0

    def date(self, raw: Raw, key: str, path: str) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(join(path, key), f"expected a date YYYY-MM-DD, got {value!r}")
        return None

    def month_days(self, raw: Raw, key: str, path: str) -> tuple[str, ...]:
        values = self.texts(raw, key, path)
        for i, value in enumerate(values):
            match = MONTH_DAY.match(value)
            valid = False
            if match:
                try:
                    dt.date(2024, int(match.group(1)), int(match.group(2)))  # a leap year admits 02-29
                    valid = True
                except ValueError:
                    valid = False
            if value and not valid:
                self.error(join(join(path, key), i), f"expected a month-day MM-DD, got {value!r}")
        return values

    # --- shared groups ----------------------------------------------------------------------------
    def choice(self, raw: Raw, path: str, *, required: bool = False) -> Choice:
        """``local_choice`` / ``note`` / ``source``; a local choice must give both note and source."""
        local = self.flag(raw, "local_choice", path)
        note = self.opt_text(raw, "note", path)
        source = self.opt_text(raw, "source", path)
        if required and not local:
            self.error(join(path, "local_choice"), "must be true")
        if local or required:
            if not note:
                self.error(join(path, "note"), "a local choice needs a note: why the text leaves it open")
            if not source:
                self.error(
                    join(path, "source"), "a local choice needs a source: an outside rule or 'pack default'"
                )
        return Choice(local_choice=local or required, note=note, source=source)

    def effective(self, raw: Raw, path: str, default: Effective) -> Effective:
        start = self.date(raw, "effective_from", path)
        end = self.date(raw, "effective_to", path)
        start = start or default.effective_from
        end = end if "effective_to" in raw else default.effective_to
        if end is not None and end <= start:
            self.error(join(path, "effective_to"), f"effective_to {end} must be after effective_from {start}")
        return Effective(effective_from=start, effective_to=end)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return f"a float ({value})"
    return f"{type(value).__name__} {value!r}"[:60]
