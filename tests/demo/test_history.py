"""The demo's dated history: lists published on 15 March of the assessment year, once (issue 13 item 8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.history import list_publication_day, publish_dated_lists
from zeren.duties.models import ResponsibilityList
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = pytest.mark.django_db


def test_lists_are_published_on_the_dated_morning_and_only_once() -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    township = Unit.objects.get(code="shule-baren")
    today = dt.date(2026, 12, 3)

    _, published = publish_dated_lists(unit=township, today=today)
    _, again = publish_dated_lists(unit=township, today=today)

    lists = ResponsibilityList.objects.filter(unit=township)
    assert list_publication_day(today) == dt.date(2025, 3, 15)
    assert published == lists.count() > 0
    assert again == 0
    stamps = {timezone.localtime(at) for at in lists.values_list("published_at", flat=True)}
    assert {(s.date(), s.hour) for s in stamps} == {(dt.date(2025, 3, 15), 10)}
    assert set(lists.values_list("on", flat=True)) == {dt.date(2025, 3, 15)}
