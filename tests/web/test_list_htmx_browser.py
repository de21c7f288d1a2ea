"""Browser test: a list pages and filters through htmx without a full page load, the address bar
follows (pushed URLs), the back button returns to the previous page of the list, and the strict
Content-Security-Policy reports nothing (issue 15: htmx where a page would otherwise reload)."""

from __future__ import annotations

from typing import Any

import pytest

from zeren.regulations.models import Regulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 120  # more than two pages of 50


def _titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#regulation-list tbody td:first-child a").all_inner_texts()]


def test_the_regulation_list_pages_and_filters_in_place(page: Any, live_server: Any) -> None:
    from playwright.sync_api import expect  # waits on locators: the CSP refuses string evals

    Regulation.objects.bulk_create(
        [Regulation(slug=f"reg-{n:03d}", title=f"测试法规{n:03d}") for n in range(ROWS)]
    )
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    base = f"{live_server.url}/regulations/"

    page.goto(base)
    assert _titles(page)[:2] == ["测试法规000", "测试法规001"]
    assert len(_titles(page)) == 50
    assert "共 120 条" in page.locator("#regulation-list .pager").inner_text()
    page.evaluate("window.stillHere = true")  # a full page load would drop this

    page.locator("#regulation-list a[rel=next]").click()
    page.wait_for_url("**/regulations/?cursor=*")
    page.locator("#regulation-list a[rel=prev]").wait_for()
    assert _titles(page)[0] == "测试法规050"
    assert len(_titles(page)) == 50
    assert page.evaluate("window.stillHere === true")
    second_page = page.url

    page.locator("#regulation-list a[rel=next]").click()
    expect(page.locator("#regulation-list td a").first).to_have_text("测试法规100")
    assert len(_titles(page)) == 20
    assert page.locator("#regulation-list a[rel=next]").count() == 0  # the last page
    assert page.evaluate("window.stillHere === true")

    page.fill("#regulation-q", "法规11")
    page.locator("#regulation-filter button[type=submit]").click()
    page.wait_for_url("**/regulations/?q=*")
    expect(page.locator("#regulation-list tbody tr")).to_have_count(10)
    assert _titles(page) == [f"测试法规{n}" for n in range(110, 120)]
    assert "共 10 条" in page.locator("#regulation-list .pager").inner_text()
    assert page.evaluate("window.stillHere === true")

    page.go_back()  # htmx restores the pushed page: the third page, then the second
    page.go_back()
    page.wait_for_url(second_page)
    expect(page.locator("#regulation-list td a").first).to_have_text("测试法规050")
    assert csp == []
