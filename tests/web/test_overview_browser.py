"""Browser test: the completion overview pages and filters in place through htmx (no full page load, the
address bar follows, the strict Content-Security-Policy reports nothing), lowest completion first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.web.persona import PASSWORD
from zeren.accounts.services import grant_role
from zeren.obligations.models import Occurrence, Tally
from zeren.org import services as org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2024
COUNTIES = 60  # more than a page of 50


def _names(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#overview tbody td:nth-child(2) a").all_inner_texts()]


def test_the_overview_pages_sorts_and_filters_in_place(page: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    prefecture = org.create_unit(actor=None, code="pref", name="合成地区", level="prefecture")
    tallies = []
    for n in range(COUNTIES):
        unit = org.create_unit(
            actor=None, code=f"c{n}", name=f"合成县{n:02d}", level="county", parent=prefecture
        )
        due = dt.date(YEAR, 3, 31)
        tallies += [
            Tally(unit=unit, year=YEAR, due=due, status=Occurrence.Stored.DONE, count=n),
            Tally(unit=unit, year=YEAR, due=due, status=Occurrence.Stored.OPEN, count=COUNTIES - n),
        ]
    Tally.objects.bulk_create([t for t in tallies if t.count])
    office = get_user_model().objects.create_user("office", password=PASSWORD)
    grant_role(actor=None, user=office, role="committee_admin", unit=prefecture)
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/obligations/overview/?year={YEAR}")
    assert _names(page)[:2] == ["合成县00", "合成县01"]  # 0 done first
    assert len(_names(page)) == 50
    assert "共 60 条" in page.locator("#overview .pager").inner_text()
    page.evaluate("window.stillHere = true")  # a full page load would drop this

    page.locator("#overview a[rel=next]").click()
    page.wait_for_url("**/obligations/overview/?year=2024&page=2")
    expect(page.locator("#overview tbody td:nth-child(2) a").first).to_have_text("合成县50")
    assert len(_names(page)) == 10
    assert page.evaluate("window.stillHere === true")

    page.select_option("#sort", "-rate")
    page.fill("#overview-q", "合成县5")
    page.locator("#overview-filter button[type=submit]").click()
    page.wait_for_url("**/obligations/overview/?*q=*")
    expect(page.locator("#overview tbody tr")).to_have_count(10)
    assert _names(page) == [f"合成县{n}" for n in range(59, 49, -1)]
    assert page.evaluate("window.stillHere === true")
    assert csp == []
