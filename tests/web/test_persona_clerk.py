"""Persona: the county clerk (unit operator of 疏勒县) registers a 3-death road accident — graded 较大
(493:art_3) — and records each reporting step up to the autonomous region (493:art_10)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from tests.web.persona import PASSWORD, Clicks
from zeren.accidents.models import Accident
from zeren.accounts.services import grant_role
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TZ = ZoneInfo("Asia/Shanghai")
CLICKS = 7  # 登录 → 登记事故 → 登记 → four report steps (记录 ×4)


def test_the_clerk_registers_a_three_death_road_accident_and_records_each_report(
    page: Any, live_server: Any
) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    grant_role(actor=None, user=clerk, role="unit_operator", unit=Unit.objects.get(code="shule"))
    at = (dt.datetime.now(TZ) - dt.timedelta(days=1)).replace(hour=18, minute=40, second=0, microsecond=0)
    clicks = Clicks(page)

    clicks.login(live_server.url, "clerk")
    clicks.click(page.locator("#operator-clocks").get_by_role("link", name="登记事故"), "登记事故")
    page.select_option("#id_unit", label="疏勒县")
    page.select_option("#id_sector_code", label="道路交通")
    page.fill("#id_occurred_at", f"{at:%Y-%m-%dT%H:%M}")
    page.fill("#id_enterprise", "疏勒县某客运有限公司")
    page.fill("#id_place", "G315线疏勒段")
    page.fill("#id_deaths", "3")
    page.fill("#id_serious_injuries", "2")
    page.fill("#id_description", "客车与货车追尾，造成3人死亡、2人重伤。")
    clicks.click(page.locator("main form button[type=submit]"), "登记")
    assert "较大事故" in page.locator("#grade").inner_text()

    steps = [
        ("learnt", "", at + dt.timedelta(minutes=10), "事故单位负责人"),
        ("unit_report", "", at + dt.timedelta(minutes=50), "疏勒县应急管理局"),
        ("escalation", "prefecture", at + dt.timedelta(hours=2), "喀什地区应急管理局"),
        ("escalation", "province", at + dt.timedelta(hours=3, minutes=30), "自治区应急管理厅"),
    ]
    for kind, level, when, recipient in steps:
        form = page.locator("#step-form")
        form.locator("#id_kind").select_option(kind)
        if level:
            form.locator("#id_level").select_option(level)
        form.locator("#id_at").fill(f"{when:%Y-%m-%dT%H:%M}")
        form.locator("#id_recipient").fill(recipient)
        clicks.click(form.get_by_role("button", name="记录"), f"记录{kind}{level}")

    accident = Accident.objects.get()
    assert (accident.grade, accident.deaths) == ("较大", 3)
    assert accident.report_steps.count() == 4
    timeline = page.locator("#timeline").inner_text()
    assert "尚未报至" not in timeline
    print(clicks.report("clerk: 3-death road accident and its reports"))
    assert clicks.count == CLICKS
