"""Generation's bulk path (``zeren.common.bulk``: COPY on PostgreSQL, ``executemany`` on SQLite) writes
exactly the rows Django's ``bulk_create`` would, and a second run writes nothing (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from zeren.audit.models import AuditEvent
from zeren.common.bulk import bulk_insert, db_value, insert_values
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.services import generate_occurrences

from .conftest import YEAR, Demo

VALUES = [
    f.attname for f in Occurrence._meta.concrete_fields if f.name not in {"id", "generated_at"}
]  # fmt: skip


def _stored(pks: set[tuple[str, str, int]]) -> list[tuple[Any, ...]]:
    rows = Occurrence.objects.filter(year=YEAR).values_list(*VALUES, "generated_at")
    found = sorted(r for r in rows if (r[VALUES.index("obligation_code")], r[VALUES.index("period_label")],
                                       r[VALUES.index("post_id")]) in pks)  # fmt: skip
    assert all(r[-1] is not None for r in found)  # auto_now_add filled on both paths
    return [r[:-1] for r in found]


def _copies() -> tuple[list[Occurrence], set[tuple[str, str, int]]]:
    sample = list(
        Occurrence.objects.filter(year=YEAR, status=Occurrence.Stored.OPEN)
        .exclude(pk__in=Evidence.objects.values("occurrence"))
        .order_by("pk")[:300]
    )
    keys = {(o.obligation_code, o.period_label, o.post_id) for o in sample}
    Occurrence.objects.filter(pk__in=[o.pk for o in sample]).delete()
    return [Occurrence(**{a: getattr(o, a) for a in VALUES}) for o in sample], keys


def test_the_bulk_path_writes_what_bulk_create_writes(demo: Demo) -> None:
    objs, keys = _copies()
    assert bulk_insert(Occurrence, objs, batch_size=70) == len(objs) == 300  # several batches
    through_bulk = _stored(keys)
    written = Occurrence.objects.filter(year=YEAR).values_list(
        "pk", "obligation_code", "period_label", "post_id"
    )
    Occurrence.objects.filter(pk__in=[pk for pk, *key in written if tuple(key) in keys]).delete()
    objs_again = [Occurrence(**{a: getattr(o, a) for a in VALUES}) for o in objs]
    Occurrence.objects.bulk_create(objs_again)
    assert through_bulk == _stored(keys)
    assert len(through_bulk) == 300


DATES = {"period_start", "period_end", "due"}


def test_plain_tuples_through_insert_values_store_what_bulk_create_stores(demo: Demo) -> None:
    objs, keys = _copies()
    names = [a for a in VALUES if a not in {"status", "waived_reason"}]  # these two from the defaults
    rows = [
        tuple(db_value(Occurrence, a, getattr(o, a)) if a in DATES else getattr(o, a) for a in names)
        for o in objs
    ]
    assert insert_values(Occurrence, names, iter(rows), batch_size=70) == 300  # several batches
    through_values = _stored(keys)
    written = Occurrence.objects.filter(year=YEAR).values_list(
        "pk", "obligation_code", "period_label", "post_id"
    )
    Occurrence.objects.filter(pk__in=[pk for pk, *key in written if tuple(key) in keys]).delete()
    Occurrence.objects.bulk_create([Occurrence(**{a: getattr(o, a) for a in VALUES}) for o in objs])
    assert through_values == _stored(keys)
    assert {r[VALUES.index("status")] for r in through_values} == {Occurrence.Stored.OPEN}


def test_insert_values_refuses_a_name_that_is_not_a_concrete_field(demo: Demo) -> None:
    count = Occurrence.objects.count()
    with pytest.raises(ValueError, match="post"):
        insert_values(Occurrence, ["post"], [(1,)])
    assert Occurrence.objects.count() == count


def test_generation_refills_deleted_rows_identically_and_a_second_run_writes_nothing(demo: Demo) -> None:
    total = Occurrence.objects.filter(year=YEAR).count()
    assert total == demo.first_run.created
    sample = list(
        Occurrence.objects.filter(year=YEAR, status=Occurrence.Stored.OPEN)
        .exclude(pk__in=Evidence.objects.values("occurrence"))
        .order_by("pk")[:25]
    )
    keys = {(o.obligation_code, o.period_label, o.post_id) for o in sample}
    before = _stored(keys)
    Occurrence.objects.filter(pk__in=[o.pk for o in sample]).delete()

    refill = generate_occurrences(actor=None, year=YEAR)
    assert (refill.created, refill.updated, refill.moved, refill.removed) == (25, 0, 0, 0)
    assert _stored(keys) == before
    assert Occurrence.objects.filter(year=YEAR).count() == total

    events = AuditEvent.objects.filter(action="obligations.generate").count()
    again = generate_occurrences(actor=None, year=YEAR)
    assert (again.created, again.updated, again.moved, again.removed, again.changed) == (0, 0, 0, 0, False)
    assert Occurrence.objects.filter(year=YEAR).count() == total
    assert AuditEvent.objects.filter(action="obligations.generate").count() == events  # nothing changed
