"""The bulk path: ``bulk_insert`` writes what ``bulk_create`` would; ``bulk_set``, ``bulk_update``."""

from __future__ import annotations

import datetime as dt

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

    assert (len(inserted), len(updated)) == (1, 1)
    rows = dict(Person.objects.filter(note="退休").values_list("code", "retired_on"))
    assert rows == {"p000": dt.date(2024, 1, 1), "p001": dt.date(2024, 1, 2), "p002": dt.date(2024, 1, 3)}
    assert Person.objects.get(code="p003").retired_on is None
    assert Person.objects.get(code="p000").name == "人员0"  # fields not named are left alone


def test_bulk_set_refuses_the_primary_key() -> None:
    with pytest.raises(ValueError, match="non-primary-key"):
        bulk_set(Person, [Person(pk=1)], ["id"])
