"""Browser, on the Kashgar demo: the 疏勒县 operator registers a 较大 road-traffic accident, opens a case
and sees the likely posts proposed and the possible ones listed apart (可能涉及，需调查核实), with their
articles and the holders on the accident day; lists the county head as a subject after the inquiry
(列为问责对象); after a transfer the case still names the person who held the post then."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zeren.accounts.services import grant_role
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.org import services as org_services
from zeren.org.models import Post, Unit
from zeren.org.selectors import holders_of
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-test-passw0rd"
PROPOSED = {"shule-gov-deputy-transport": "第十六条第一款"}  # 较大: the deputy overseeing the sector
POSSIBLE = {  # 较大 without a report failure: department heads and the county principals only possible
    "shule-public-security-principal": "第十七条第一款",
    "shule-transport-principal": "第十七条第一款",
    "shule-gov-executive": "第十五条第一款",
    "shule-gov-head": "第十四条第一款",
    "shule-party-secretary": "第四条第一款",
}
EXPECTED = {**PROPOSED, **POSSIBLE}


def test_operator_registers_an_accident_and_the_case_names_the_holders_then(
    page: Any, live_server: Any
) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    operator = get_user_model().objects.create_user("shule-op", password=PASSWORD)
    grant_role(actor=None, user=operator, role="unit_operator", unit=Unit.objects.get(code="shule"))
    occurred = timezone.localtime() - dt.timedelta(days=2)
    day = occurred.date()
    holders = {code: holders_of(Post.objects.get(code=code), day).first() for code in EXPECTED}
    names = {code: t.person.name for code, t in holders.items() if t is not None}
    assert len(names) == len(EXPECTED)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "shule-op")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accidents/")
    page.get_by_role("link", name="登记事故").click()
    page.select_option("#id_unit", label="疏勒县")
    page.select_option("#id_sector_code", label="道路交通")
    page.fill("#id_occurred_at", occurred.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_enterprise", "疏勒县某客运有限公司")
    page.fill("#id_deaths", "3")
    page.fill("#id_description", "客车侧翻")
    page.get_by_role("button", name="登记").click()
    page.locator("#grade", has_text="较大事故").wait_for()
    assert "《生产安全事故报告和调查处理条例》第三条" in page.locator("#grade").inner_text()

    page.locator("#open-case").get_by_role("button", name="立案问责").click()
    page.locator("section.subject").first.wait_for()
    case_url = page.url
    text = page.locator("main").inner_text()
    for code, article in PROPOSED.items():
        section = page.locator(f"section.subject[data-post='{code}']").inner_text()
        assert names[code] in section, code
        assert article in section, code
    assert "可能涉及，需调查核实" in text
    for code, article in POSSIBLE.items():
        assert page.locator(f"section.subject[data-post='{code}']").count() == 0, code
        row = page.locator(f"section.possible tr.possible-post[data-post='{code}']").inner_text()
        assert names[code] in row, code
        assert article in row, code
    assert "建议" in text

    # the inquiry finds the county head answerable: listed from the possible posts (列为问责对象)
    head_row = page.locator("section.possible tr.possible-post[data-post='shule-gov-head']")
    head_row.get_by_role("button", name="列为问责对象").click()
    page.locator("section.subject[data-post='shule-gov-head']").wait_for()
    head = page.locator("section.subject[data-post='shule-gov-head']").inner_text()
    assert names["shule-gov-head"] in head
    assert "审查责任类型：主要领导责任" in head
    assert "第十四条第一款" in head
    assert "已列为问责对象" in head_row.inner_text()
    assert head_row.get_by_role("button", name="列为问责对象").count() == 0
    assert head_row.get_by_role("button", name="撤回").count() == 1  # until a decision is recorded

    # the deputy county head moves on; the case keeps naming who held the post on the accident day
    deputy = names["shule-gov-deputy-transport"]
    person = holders["shule-gov-deputy-transport"].person  # type: ignore[union-attr]
    target = Post.objects.get(code="shache-gov-deputy-commerce")
    for tenure in holders_of(target, timezone.localdate()):
        org_services.end_tenure(
            actor=None, tenure=tenure, end=timezone.localdate() - dt.timedelta(days=1), reason="transfer"
        )
    org_services.transfer(actor=None, person=person, to_post=target, on=timezone.localdate())
    assert (
        not holders_of(Post.objects.get(code="shule-gov-deputy-transport"), timezone.localdate())
        .filter(person=person)
        .exists()
    )

    page.goto(case_url)
    section = page.locator("section.subject[data-post='shule-gov-deputy-transport']").inner_text()
    assert deputy in section
    assert "第十六条第一款" in section
