"""The completion overview of county-level units, a page at a time, and the dashboard's worst few.

The rates come from the tallies (``selectors.counted_county_rates``: one grouped query, a few numbers per
county), are sorted in the order the user chose and cut to a page; only the page's units are then named
(one query for at most a page of rows). The page's size, and its number of queries, stay the same
however many counties the user can see; the totals at the top are the sum of every county's counts.

The order is computed (a rate is not a column), so the pager numbers pages (``?page=2``) over that order,
which ends in the unit's path to be total: the same request gives the same page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models.functions import Length
from django.http import HttpRequest

from .selectors import COUNTY_PATH_LENGTH, RATE_FIELDS, Rate, counted_county_rates, name_rates
from .tallies import Counted

PAGE_SIZE = 50
DASHBOARD_BARS = 15  # the dashboard's completion chart: every county up to this many, else the lowest
SORTS = {
    "rate": "完成率从低到高",
    "-rate": "完成率从高到低",
    "overdue": "逾期未完成从多到少",
    "path": "按行政区划顺序",
}
DEFAULT_SORT = "rate"  # what an office chases first: the counties furthest behind

Row = tuple[str, Rate]  # (the county's path, its rate)


def _fraction(rate: Rate) -> float:
    """The rate as a plain fraction for sorting (the displayed percentage rounds it, in the same order);
    2.0, past any rate, when there is none (nothing due yet, or all of it waived)."""
    denominator = rate.denominator
    return (rate.done + rate.done_late) / denominator if denominator > 0 else 2.0


def _keys() -> dict[str, Callable[[Row], tuple[Any, ...]]]:  # computed once per row: no Decimal per row
    return {
        "rate": lambda r: (_fraction(r[1]), -r[1].overdue, r[0]),
        "-rate": lambda r: (rate_missing(r[1]), -_fraction(r[1]), -r[1].overdue, r[0]),
        "overdue": lambda r: (-r[1].overdue, _fraction(r[1]), r[0]),
        "path": lambda r: (r[0],),
    }


def rate_missing(rate: Rate) -> bool:
    """Whether ``rate`` has no percentage (nothing due to date, or all of it waived)."""
    return rate.denominator <= 0


def sorted_rates(rates: dict[str, Rate], sort: str) -> list[Row]:
    """The counties' (path, rate) in ``sort`` order (one of ``SORTS``), ending in the path."""
    return sorted(rates.items(), key=_keys()[sort if sort in SORTS else DEFAULT_SORT])


def total_of(rates: dict[str, Rate]) -> Rate:
    """Every county's counts summed: the rate of everything the user's summaries count."""
    sums = dict.fromkeys(RATE_FIELDS, 0)
    for rate in rates.values():
        for k in RATE_FIELDS:
            sums[k] += getattr(rate, k)
    return Rate(**sums)


@dataclass(frozen=True)
class NumberedPage:
    """A page of an ordered list numbered from 1, with the surface of ``common.pagination.Page`` that
    ``web/_pager.html`` reads (size, total, previous and next links keeping the other parameters)."""

    rows: list[tuple[dict[str, Any], Rate]]
    number: int
    size: int
    total: int
    query: str = ""
    param: str = "page"
    capped: bool = False

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """The position (from 1) of the page's first row in the whole order."""
        return (self.number - 1) * self.size + 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def _url(self, number: int) -> str:
        return f"?{self.query}&{self.param}={number}" if self.query else f"?{self.param}={number}"

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1) if self.has_next else ""

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1) if self.has_previous else ""


def page_number(raw: str | None) -> int:
    """``?page=`` as a number from 1 (anything else: the first page)."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def _matching(rows: list[Row], q: str) -> list[Row]:
    """The rows whose county-level unit's name contains ``q`` (one query over the units' names)."""
    from zeren.org.models import Unit

    paths = set(
        Unit.objects.annotate(path_length=Length("path"))
        .filter(path_length__lte=COUNTY_PATH_LENGTH, name__contains=q)
        .values_list("path", flat=True)
    )
    return [r for r in rows if r[0] in paths]


@dataclass(frozen=True)
class Overview:
    """What the overview page shows: the totals, how many counties, and one page of them."""

    total: Rate
    units: int  # county-level rows counted (the prefecture's own bodies are one)
    without_rate: int  # of which nothing is due yet
    page: NumberedPage


def county_overview(
    counted: Counted,
    year: int,
    today: dt.date,
    *,
    sort: str = DEFAULT_SORT,
    q: str = "",
    number: int = 1,
    size: int = PAGE_SIZE,
    query: str = "",
) -> Overview:
    """The totals of ``counted`` in ``year`` and page ``number`` of its counties in ``sort`` order,
    narrowed to names containing ``q``: two queries (three with ``q``), whatever the number of counties."""
    rates = counted_county_rates(counted, year, today)
    rows = sorted_rates(rates, sort)
    if q:
        rows = _matching(rows, q)
    pages = max(1, -(-len(rows) // size))
    number = min(max(number, 1), pages)
    shown = rows[(number - 1) * size : number * size]
    return Overview(
        total=total_of(rates),
        units=len(rates),
        without_rate=sum(rate_missing(r) for r in rates.values()),
        page=NumberedPage(
            rows=name_rates(shown) if shown else [], number=number, size=size, total=len(rows), query=query
        ),
    )


def lowest_counties(
    counted: Counted, year: int, today: dt.date, limit: int = DASHBOARD_BARS
) -> tuple[list[tuple[dict[str, Any], Rate]], Rate, int]:
    """The dashboard's chart rows, the total and how many counties there are: every county in path
    order when there are at most ``limit``, else the ``limit`` lowest rates, lowest first."""
    rates = counted_county_rates(counted, year, today)
    rows = sorted_rates(rates, "path" if len(rates) <= limit else "rate")[:limit]
    return name_rates(rows), total_of(rates), len(rates)


def request_query(request: HttpRequest, *drop: str) -> str:
    """The request's parameters url-encoded without ``drop`` (for links that replace them)."""
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()
