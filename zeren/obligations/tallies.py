"""Keeping the occurrence tallies (``models.Tally``, ``models.ClauseTally``) in step with the rows.

Writers of occurrences describe what they changed as signed counts per key (``Changes``) and call
``apply`` in their own transaction: one upsert per table (``INSERT … ON CONFLICT … DO UPDATE SET count =
count + excluded.count``, PostgreSQL and SQLite alike), whatever the number of rows changed. ``recount``
rebuilds a year's tallies from the rows (one aggregate each), for writers that bypass the services;
``differences`` compares the tallies with a recount (the tests' check, and ``zeren obligations tally
--check``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Count, QuerySet

from .models import ClauseTally, Occurrence, Tally

StatusKey = tuple[int, int, dt.date, str]  # (unit id, year, due, stored status)
ClauseKey = tuple[int, int, str]  # (unit id, year, clause)


class Counts(Protocol):
    """What a tally counts of a row: an ``Occurrence``, or a row about to be written with the same fields."""

    @property
    def unit_id(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def status(self) -> str: ...
    @property
    def clause(self) -> str: ...


@dataclass
class Changes:
    """Signed counts per tally key, gathered while rows are written."""

    by_status: Counter[StatusKey] = field(default_factory=Counter)
    by_clause: Counter[ClauseKey] = field(default_factory=Counter)

    def add(self, row: Counts, sign: int = 1) -> None:
        """Count ``row`` (an ``Occurrence``, or anything with its unit_id, year, due, status, clause)."""
        self.by_status[(row.unit_id, row.year, row.due, row.status)] += sign
        self.by_clause[(row.unit_id, row.year, row.clause)] += sign

    def remove(self, row: Counts) -> None:
        self.add(row, -1)

    def move_status(self, row: Counts, before: str) -> None:
        """``row``'s stored status changed from ``before`` (a completion, a waiver); its clause did not."""
        self.by_status[(row.unit_id, row.year, row.due, before)] -= 1
        self.by_status[(row.unit_id, row.year, row.due, row.status)] += 1


def _upsert(table: str, keys: list[str], rows: Iterable[tuple[Any, ...]]) -> None:  # Any: database parameters
    rows = [r for r in rows if r[-1]]
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [*keys, "count"])
    sql = (
        f"INSERT INTO {quote(table)} ({columns}) VALUES ({', '.join(['%s'] * (len(keys) + 1))}) "  # noqa: S608 (names from the model)
        f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) "
        f"DO UPDATE SET {quote('count')} = {quote(table)}.{quote('count')} + excluded.{quote('count')}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def apply(changes: Changes) -> None:
    """Add ``changes`` to the tallies (within the caller's transaction)."""
    _upsert(
        Tally._meta.db_table,
        ["unit_id", "year", "due", "status"],
        ((*key, n) for key, n in sorted(changes.by_status.items())),
    )
    _upsert(
        ClauseTally._meta.db_table,
        ["unit_id", "year", "clause"],
        ((*key, n) for key, n in sorted(changes.by_clause.items())),
    )


def counted(year: int) -> tuple[dict[StatusKey, int], dict[ClauseKey, int]]:
    """The year's counts as the rows give them (one aggregate per table)."""
    rows = Occurrence.objects.filter(year=year).order_by()
    by_status = {
        (r["unit_id"], year, r["due"], r["status"]): r["n"]
        for r in rows.values("unit_id", "due", "status").annotate(n=Count("pk"))
    }
    by_clause = {
        (r["unit_id"], year, r["clause"]): r["n"]
        for r in rows.values("unit_id", "clause").annotate(n=Count("pk"))
    }
    return by_status, by_clause


def stored(year: int) -> tuple[dict[StatusKey, int], dict[ClauseKey, int]]:
    """The year's tallies as stored (zero counts left out)."""
    by_status = {
        (t.unit_id, t.year, t.due, t.status): t.count
        for t in Tally.objects.filter(year=year).exclude(count=0)
    }
    by_clause = {
        (t.unit_id, t.year, t.clause): t.count for t in ClauseTally.objects.filter(year=year).exclude(count=0)
    }
    return by_status, by_clause


def differences(year: int) -> dict[str, int]:
    """How many tally keys disagree with a recount of the rows (``{}`` when they all agree)."""
    (rows_status, rows_clause), (kept_status, kept_clause) = counted(year), stored(year)
    out = {
        "by_status": sum(rows_status.get(k) != kept_status.get(k) for k in {*rows_status, *kept_status}),
        "by_clause": sum(rows_clause.get(k) != kept_clause.get(k) for k in {*rows_clause, *kept_clause}),
    }
    return {k: v for k, v in out.items() if v}


@transaction.atomic
def recount(year: int) -> int:
    """Rebuild the year's tallies from its rows; returns the number of tally rows written."""
    Tally.objects.filter(year=year).delete()
    ClauseTally.objects.filter(year=year).delete()
    by_status, by_clause = counted(year)
    Tally.objects.bulk_create(
        [Tally(unit_id=u, year=y, due=d, status=s, count=n) for (u, y, d, s), n in by_status.items()],
        batch_size=5000,
    )
    ClauseTally.objects.bulk_create(
        [ClauseTally(unit_id=u, year=y, clause=c, count=n) for (u, y, c), n in by_clause.items()],
        batch_size=5000,
    )
    return len(by_status) + len(by_clause)


@dataclass(frozen=True)
class Counted:
    """What a summary counts: the tallies of whole units in the caller's scope, plus the rows (or none)
    the caller sees outside them (a leader's own posts: a few dozen rows, read through the post index)."""

    tallies: QuerySet[Tally]
    clauses: QuerySet[ClauseTally]
    rows: QuerySet[Occurrence] | None = None

    @classmethod
    def of_rows(cls, rows: QuerySet[Occurrence]) -> Counted:
        return cls(Tally.objects.none(), ClauseTally.objects.none(), rows)
