"""The keyset paginator: every row exactly once forwards and backwards, a stable order under ties,
bad cursors refused, bounded counts, and one query per page however deep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from zeren.common.pagination import CursorError, bounded_count, encode_cursor, paginate, paginate_request
from zeren.org.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> list[Unit]:
    root = Unit.objects.create(code="p", name="地区", level="prefecture", path="0001/")
    counties = [
        Unit(code=f"c{i}", name=f"县{i % 3}", level="county", parent=root, path=f"0001/{i + 1:04d}/")
        for i in range(23)
    ]
    return [root, *Unit.objects.bulk_create(counties)]


def _walk_forward(order: tuple[str, ...], size: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = paginate(Unit.objects.all(), order=order, cursor=cursor, size=size, count_cap=None)
        pages.append([u.pk for u in page])
        if not page.has_next:
            return pages
        cursor = page.next


@pytest.mark.parametrize("order", [("path",), ("-path",), ("name", "pk"), ("-name", "-pk"), ("name", "-pk")])
def test_forward_pages_cover_every_row_once_in_order(units: list[Unit], order: tuple[str, ...]) -> None:
    pages = _walk_forward(order, size=5)
    flat = [pk for page in pages for pk in page]
    assert flat == list(Unit.objects.order_by(*order).values_list("pk", flat=True))
    assert [len(p) for p in pages] == [5, 5, 5, 5, 4]


def test_previous_goes_back_to_the_same_pages(units: list[Unit]) -> None:
    order = ("name", "pk")
    forward = _walk_forward(order, size=5)
    page = paginate(Unit.objects.all(), order=order, size=5)
    seen = [[u.pk for u in page]]
    while page.has_next:
        page = paginate(Unit.objects.all(), order=order, cursor=page.next, size=5)
        seen.append([u.pk for u in page])
    back = []
    while page.has_previous:
        page = paginate(Unit.objects.all(), order=order, cursor=page.previous, size=5)
        back.append([u.pk for u in page])
    assert seen == forward
    assert back == list(reversed(forward[:-1]))
    assert not page.has_previous  # back on the first page


def test_a_page_is_one_query_for_rows_and_one_for_a_bounded_count(units: list[Unit]) -> None:
    first = paginate(Unit.objects.all(), order=("path",), size=5)
    with CaptureQueriesContext(connection) as captured:
        page = paginate(Unit.objects.all(), order=("path",), cursor=first.next, size=5)
    assert len(captured.captured_queries) == 2
    assert (page.total, page.capped) == (24, False)
    assert bounded_count(Unit.objects.all(), 10) == (10, True)


def test_dates_and_datetimes_survive_the_cursor(db: None) -> None:
    from django.utils import timezone

    Person.objects.bulk_create([Person(code=f"x{k}", name=f"人{k}") for k in range(7)])
    order = ("-pk",)
    page = paginate(Person.objects.all(), order=order, size=3)
    page = paginate(Person.objects.all(), order=order, cursor=page.next, size=3)
    assert len(page) == 3
    cursor = encode_cursor("n", [timezone.now(), dt.date(2025, 1, 1)])
    assert isinstance(cursor, str)


@pytest.mark.parametrize("bad", ["garbage", encode_cursor("n", [1, 2, 3]), encode_cursor("x", ["0001/"])])
def test_a_bad_cursor_is_refused_and_the_page_view_falls_back_to_the_first_page(
    units: list[Unit], bad: str
) -> None:
    with pytest.raises(CursorError):
        paginate(Unit.objects.all(), order=("path",), cursor=bad, size=5)
    request = RequestFactory().get("/org/", {"cursor": bad, "q": "x"})
    page = paginate_request(request, Unit.objects.all(), order=("path",), size=5)
    assert [u.pk for u in page] == [u.pk for u in units[:5]]
    assert page.next_url.startswith("?q=x&cursor=")
