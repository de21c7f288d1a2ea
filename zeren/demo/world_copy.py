"""The world's loader: rows written through the database's bulk path with ids assigned up front (COPY on
PostgreSQL, large ``executemany`` batches on SQLite), and on PostgreSQL a big table's keys and indexes built
after its load, as ``pg_restore`` does. Used by ``zeren.demo.world`` only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, models

from zeren.progress import Progress

BATCH = 20_000
BIG_TABLE = 20_000  # rows from which a table's keys and indexes are built after the load (PostgreSQL)
WORLD_NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)  # every timestamp the world writes


def next_id(model: type[models.Model]) -> int:
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(top or 0) + 1


class CopyWriter:
    """Rows of one table as tuples of the given columns; every other column gets its default (prepared
    once). ``explicit_id``: the first column is the primary key (reset the sequence afterwards)."""

    def __init__(self, model: type[models.Model], columns: list[str], *, explicit_id: bool = False) -> None:
        self.model = model
        opts = model._meta
        self.fields = {f.attname: f for f in opts.concrete_fields}
        self.given = (["id"] if explicit_id else []) + columns
        rest = [
            f
            for f in opts.concrete_fields
            if f.attname not in self.given and not f.primary_key and not getattr(f, "generated", False)
        ]
        self.constants = tuple(self._constant(f) for f in rest)
        self.columns = self.given + [f.attname for f in rest]
        self.names = [self.fields[c].column if c in self.fields else c for c in self.columns]
        # SQLite takes dates, times and JSON as Django prepares them; psycopg adapts them itself.
        self.prepare: list[Callable[[Any], Any] | None] = [None] * len(self.given)
        if connection.vendor != "postgresql":
            for n, name in enumerate(self.given):
                f = self.fields.get(name)
                if isinstance(f, models.DateField | models.JSONField | models.DecimalField):
                    self.prepare[n] = preparer(f)

    @staticmethod
    def _constant(f: Any) -> Any:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            value: Any = WORLD_NOW
        elif f.null and not f.has_default():
            value = None
        elif isinstance(f, models.JSONField) and not f.has_default():
            value = {}
        else:
            value = f.get_default()
        return f.get_db_prep_save(value, connection)

    def write(self, rows: Iterable[tuple[Any, ...]], progress: Progress | None = None) -> int:
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(c) for c in self.names)
        written = 0
        constants = self.constants
        prepared = any(self.prepare)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + constants)
                        written += 1
                        if progress is not None and written % BATCH == 0:
                            progress.advance(BATCH)
            else:
                sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.names))})"  # noqa: S608 (names from the model)
                it = iter(rows)
                while batch := list(islice(it, BATCH)):
                    if prepared:
                        batch = [
                            tuple(p(v) if p else v for p, v in zip(self.prepare, r, strict=False))
                            for r in batch
                        ]
                    cursor.executemany(sql, [r + constants for r in batch])
                    written += len(batch)
                    if progress is not None:
                        progress.advance(len(batch))
        if progress is not None:
            progress.advance(written % BATCH if connection.vendor == "postgresql" else 0)
        return written


def preparer(f: Any) -> Callable[[Any], Any]:
    def prepare(value: Any) -> Any:
        return f.get_db_prep_save(value, connection)

    return prepare


@contextmanager
def indexes_built_after(model: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, the table's secondary indexes, unique and foreign-key constraints are dropped for
    the load and built once after it (as ``pg_restore`` does): one sorted build per index instead of
    millions of random insertions and per-row key checks. The same definitions come back, checked."""
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) ORDER BY indexname",
            [table, table],
        )
        indexes = cursor.fetchall()
        # Foreign keys are deferred to the commit: the checks queued by earlier tables run now, so that
        # this table can be altered (PostgreSQL refuses with pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def reset_sequences(models_: list[type[models.Model]]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


@contextmanager
def as_is() -> Iterator[None]:
    yield
