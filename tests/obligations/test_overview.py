"""The completion overview and the office dashboard stay a page in size however many county-level units
the office sees: the overview a page of units at a time (lowest completion first), its pager reaching
every unit once, the dashboard the lowest few with a link to the rest; the same number of queries for
the demo's 14 rows and for several pages of them (given the demo org and its 2024 calendar:
tests/obligations/conftest.py; more counties are added with tallies written directly)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.obligations.conftest import YEAR, Demo
from zeren.obligations import overview as county_overview
from zeren.obligations import permissions, selectors
from zeren.obligations.models import Occurrence, Tally
from zeren.org import services as org
from zeren.org.models import Unit

D = dt.date
PAGE = county_overview.PAGE_SIZE
BARS = county_overview.DASHBOARD_BARS
DEMO_ROWS = 14  # the prefecture's own bodies, 12 counties and the prefecture's zone


def _add_counties(start: int, count: int) -> None:
    """``count`` more counties under the prefecture, each with 20 items due in March: ``n % 20`` done."""
    kashgar = Unit.objects.get(code="kashgar")
    tallies = []
    for n in range(start, start + count):
        unit = org.create_unit(
            actor=None, code=f"syn-{n}", name=f"合成县{n:04d}", level="county", parent=kashgar
        )
        done = n % 20
        tallies.append(
            Tally(unit=unit, year=YEAR, due=D(YEAR, 3, 31), status=Occurrence.Stored.DONE, count=done)
        )
        tallies.append(
            Tally(unit=unit, year=YEAR, due=D(YEAR, 3, 31), status=Occurrence.Stored.OPEN, count=20 - done)
        )
    Tally.objects.bulk_create([t for t in tallies if t.count])


def _office(demo: Demo) -> Client:
    client = Client()
    client.force_login(demo.users["admin"])
    return client


def _get(client: Client, url: str) -> tuple[Any, int]:
    client.get(url)  # warm per-process caches (the pack's window)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def _rows(html: str) -> int:
    return len(re.findall(r"<tr><td>\d+</td>", html))


def _walk(client: Client, url: str) -> list[str]:
    """Every unit code the overview shows, following its next links from ``url``."""
    codes: list[str] = []
    while url:
        response = client.get(url)
        html = response.content.decode()
        page = response.context["page"]
        codes += [bar["unit"]["code"] for bar in response.context["bars"]]
        assert _rows(html) == len(response.context["bars"]) <= PAGE
        assert html.count("<rect ") == len(response.context["bars"])
        if page.next_url:
            assert f'href="{page.next_url}" rel="next"'.replace("&", "&amp;") in html
        url = f"/obligations/overview/{page.next_url}" if page.next_url else ""
    return codes


def test_the_overview_shows_a_page_of_units_and_its_pager_reaches_every_one_once(demo: Demo) -> None:
    _add_counties(0, 2 * PAGE)
    client = _office(demo)
    everyone = selectors.counted_county_rates(permissions.visible_counts(demo.users["admin"]), YEAR)

    first = client.get(f"/obligations/overview/?year={YEAR}").content.decode()
    codes = _walk(client, f"/obligations/overview/?year={YEAR}")

    assert len(everyone) == DEMO_ROWS + 2 * PAGE
    assert _rows(first) == first.count("<rect ") == PAGE
    assert "第 1 / 3 页" in first
    assert len(codes) == len(set(codes)) == len(everyone)
    assert f"<strong>{len(everyone)}</strong>县级单位" in first  # the totals count every unit


def test_the_overview_lists_the_lowest_completion_first_and_sorts_as_asked(demo: Demo) -> None:
    _add_counties(0, 40)
    client = _office(demo)

    def percents(sort: str) -> list[Any]:
        response = client.get(f"/obligations/overview/?year={YEAR}&sort={sort}")
        assert response.context["sort"] == (sort or "rate")
        return [bar["rate"].percent for bar in response.context["bars"]]

    lowest, highest = percents(""), percents("-rate")
    assert lowest == sorted(lowest)
    assert lowest[0] == 0
    assert highest == sorted(highest, reverse=True)
    assert highest[0] == 95  # 19 done of 20
    overdue = [
        bar["rate"].overdue
        for bar in client.get(f"/obligations/overview/?year={YEAR}&sort=overdue").context["bars"]
    ]
    assert overdue == sorted(overdue, reverse=True)
    by_path = client.get(f"/obligations/overview/?year={YEAR}&sort=path").context["bars"]
    assert [bar["unit"]["path"] for bar in by_path] == sorted(bar["unit"]["path"] for bar in by_path)


def test_the_overview_narrows_to_unit_names_and_keeps_the_filter_in_its_pager(demo: Demo) -> None:
    _add_counties(0, PAGE + 5)
    client = _office(demo)

    response = client.get(f"/obligations/overview/?year={YEAR}&q=合成县&sort=path")
    rest = client.get(f"/obligations/overview/{response.context['page'].next_url}")
    shule = client.get(f"/obligations/overview/?year={YEAR}&q=疏勒").context["bars"]

    assert response.context["page"].total == PAGE + 5
    assert "q=%E5%90%88%E6%88%90%E5%8E%BF" in response.context["page"].next_url
    assert [bar["unit"]["code"] for bar in rest.context["bars"]] == [
        f"syn-{n}" for n in range(PAGE, PAGE + 5)
    ]
    assert [bar["unit"]["code"] for bar in shule] == ["shule"]


@pytest.mark.parametrize("url", ["/obligations/overview/?year={year}", "/?year={year}"])
def test_the_overview_and_the_dashboard_read_as_many_queries_for_one_page_of_units_as_for_several(
    demo: Demo, url: str
) -> None:
    client = _office(demo)
    url = url.format(year=YEAR)
    _, few = _get(client, url)
    _add_counties(0, PAGE + 10)
    more_response, more = _get(client, url)
    _add_counties(PAGE + 10, 2 * PAGE)
    many_response, many = _get(client, url)

    assert few == more == many
    assert len(many_response.content) < 1.1 * len(more_response.content)  # a full page either way


def _completion(response: Any) -> dict[str, Any]:
    return next(c for c in response.context["committee"]["charts"] if c["id"] == "completion")


def test_the_dashboard_charts_every_demo_county_in_path_order(demo: Demo) -> None:
    rows = selectors.counted_rates_by_county(permissions.visible_counts(demo.users["admin"]), YEAR)

    body = _office(demo).get(f"/?year={YEAR}")

    completion = _completion(body)
    assert completion["labels"] == [unit["name"] for unit, _ in rows]
    assert len(rows) == DEMO_ROWS <= BARS
    assert completion["title"] == f"{YEAR}年各县（市）履职事项完成率"
    assert "查看全部" in body.content.decode()
    assert "完成率图只列出" not in body.content.decode()


def test_the_dashboard_charts_only_the_lowest_counties_and_links_to_all(demo: Demo) -> None:
    _add_counties(0, 3 * PAGE)
    everyone = selectors.counted_county_rates(permissions.visible_counts(demo.users["admin"]), YEAR)
    lowest = county_overview.sorted_rates(everyone, "rate")[:BARS]

    response = _office(demo).get(f"/?year={YEAR}")
    body = response.content.decode()

    completion = _completion(response)
    assert len(completion["labels"]) == BARS
    assert completion["series"][0]["data"] == [float(rate.percent or 0) for _, rate in lowest]
    assert completion["series"][0]["data"] == sorted(completion["series"][0]["data"])
    assert f"共{len(everyone)}个" in completion["title"]
    assert f'/obligations/overview/?year={YEAR}&amp;sort=rate">查看全部</a>' in body
    assert response.context["committee"]["rate"] == county_overview.total_of(everyone)
