"""The bulk path: ``bulk_insert`` writes what ``bulk_create`` would; ``bulk_set``, ``bulk_update``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zeren.common.bulk import bulk_insert, bulk_set
from zeren.org.models import Person

pytestmark = pytest.mark.django_db


def test_bulk_insert_then_bulk_set_write_the_rows_in_one_statement_each() -> None:
    people = [Person(code=f"p{n:03d}", name=f"人员{n}") for n in range(50)]
    with CaptureQueriesContext(connection) as inserted:
        assert bulk_insert(Person, people) == 50
    stored = {p.code: p for p in Person.objects.all()}
    changed = [
        Person(pk=stored[f"p{n:03d}"].pk, retired_on=dt.date(2024, 1, n + 1), note="退休") for n in range(3)
    ]

    with CaptureQueriesContext(connection) as updated:
        assert bulk_set(Person, changed, ["retired_on", "note"]) == 3

    copy = connection.vendor == "postgresql"  # COPY runs on the driver's cursor, outside Django's query log
    assert (len(inserted), len(updated)) == (0 if copy else 1, 1)
    rows = dict(Person.objects.filter(note="退休").values_list("code", "retired_on"))
    assert rows == {"p000": dt.date(2024, 1, 1), "p001": dt.date(2024, 1, 2), "p002": dt.date(2024, 1, 3)}
    assert Person.objects.get(code="p003").retired_on is None
    assert Person.objects.get(code="p000").name == "人员0"  # fields not named are left alone


def test_bulk_set_refuses_the_primary_key() -> None:
    with pytest.raises(ValueError, match="non-primary-key"):
        bulk_set(Person, [Person(pk=1)], ["id"])


def test_insert_rows_send_what_bulk_create_would_for_every_kind_of_field() -> None:
    from zeren.audit.models import AuditEvent
    from zeren.common.bulk import _fields, insert_rows
    from zeren.org.models import Tenure

    samples: list[Any] = [
        Tenure(person_id=1, post_id=2, start=dt.date(2024, 1, 1), acting=True),
        Tenure(
            person_id=3, post_id=4, start=dt.date(2024, 1, 1), end=dt.date(2024, 5, 1), end_reason="other"
        ),
        Tenure(person_id=3, post_id=4, start=dt.date(2024, 1, 1), end_reason=Tenure.EndReason.TRANSFER),
        AuditEvent(seq=7, at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), action="x", after={"a": [1, "二"]}),
    ]
    for obj in samples:
        fields = _fields(type(obj))
        full = tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
        (row,) = insert_rows(type(obj), [obj])
        assert [repr(v) for v in row] == [repr(v) for v in full]  # repr: psycopg's Jsonb has no __eq__


def test_a_batch_sharing_some_dates_gets_each_rows_own_dates() -> None:
    from zeren.audit.models import AuditEvent
    from zeren.common.bulk import _fields, insert_rows
    from zeren.org.models import Tenure

    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 29), dt.date(2024, 1, 1)]
    tenures = [
        Tenure(person_id=n, post_id=n, start=day, end=None if n % 2 else dt.date(2025, 1, n + 1))
        for n, day in enumerate(days)
    ]
    at = [dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)] * 2
    events = [AuditEvent(seq=n, at=moment, action="x") for n, moment in enumerate(at)]
    for batch in (tenures, events):
        model = type(batch[0])
        fields = _fields(model)
        full = [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields) for obj in batch]
        assert [[repr(v) for v in row] for row in insert_rows(model, batch)] == [
            [repr(v) for v in row] for row in full
        ]
