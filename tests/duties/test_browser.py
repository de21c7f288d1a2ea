"""Browser: the 疏勒县 operator drafts and publishes a deputy head's list; the public reads it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.org.world import PASSWORD, build_world
from zeren.catalog.services import load_pack_into_catalog
from zeren.org import services as org_services
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_publishes_a_list_and_the_public_reads_it(page: Any, live_server: Any) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    world = build_world()
    org_services.assign_portfolio(
        actor=None,
        post=world.shule_deputy,
        organisation=world.shule_transport,
        start=world.shule_deputy.start,
    )
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(f"{base}/lists/posts/shule-deputy/")
    assert "尚未发布" in page.locator("#current").inner_text()
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_role("button", name="审核通过并发布").click()
    page.locator("h1", has_text="第1版").wait_for()

    page.locator("form[action='/accounts/logout/'] button").click()
    page.goto(f"{base}/")
    page.get_by_role("link", name="责任清单").click()
    page.get_by_role("link", name="疏勒县", exact=True).click()  # the portal pages by unit
    page.get_by_role("link", name="疏勒县人民政府副县长安全生产责任清单").click()
    current = page.locator("#current").inner_text()
    assert "第1版" in current
    assert "分管疏勒县交通运输局（交通运输部门），督促指导其履职（第十六条第一款） → 第二十五条" in current
    assert "按当前岗位与分管情况生成" not in page.locator("main").inner_text()
    page.locator("#current a.clause").first.click()
    page.wait_for_url("**/regulations/kashgar-2021/#art_16__para_1__point_1")
