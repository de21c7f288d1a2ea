"""Browser test: Playwright's Python API driving Debian chromium (never `playwright install`)."""

from __future__ import annotations

from typing import Any

import pytest

from zeren.regulations.services import import_regulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_table_of_contents_leads_to_article_61(page: Any, live_server: Any, seed_text: str) -> None:
    import_regulation(text=seed_text, slug="kashgar-2021")

    page.goto(f"{live_server.url}/regulations/kashgar-2021/")
    page.locator("aside.toc").get_by_role("link", name="第六十一条", exact=True).click()

    assert page.url.endswith("#art_61")
    article = page.locator("#art_61")
    article.wait_for()
    assert article.is_visible()
    text = article.inner_text()
    assert "第六十一条" in text
    assert "年度安全生产目标考核中成绩排在前五位的县、市评为地区安全生产目标管理先进县市" in text
    assert page.locator("#art_61__para_1__point_3 button.cite").get_attribute("data-citation") == (
        "第六十一条第一款第（三）项"
    )
