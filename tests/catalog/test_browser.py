from __future__ import annotations

from typing import Any

import pytest

from zeren.catalog.services import load_pack_into_catalog
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sector_fireworks_shows_its_three_departments_with_their_articles(
    page: Any, live_server: Any
) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)

    page.goto(f"{live_server.url}/catalog/")
    page.get_by_role("link", name="烟花爆竹", exact=True).click()

    page.locator("h1", has_text="烟花爆竹").wait_for()
    rows = page.locator("tr.supervisor")
    assert rows.count() == 3
    table = page.locator("table.supervisors").inner_text()
    assert "应急管理部门" in table
    assert "第十九条" in table
    assert "公安部门" in table
    assert "第二十二条第一款第（二）项" in table
    assert "市场监督管理部门" in table
    assert "第三十一条第一款第（三）项" in table
