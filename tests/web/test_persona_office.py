"""Persona: the committee office runs last year's assessment from its home page, checks a unit's scoring and
the printed chart, and publishes it (arts. 55–62); the public results show the same ranking."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.web.persona import PASSWORD, Clicks
from zeren.accounts.services import grant_role
from zeren.assessment.models import AssessmentRun
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.accidents import build_demo_accidents
from zeren.obligations.services import generate_occurrences
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CLICKS = 6  # 登录 → 年度考核 → 运行考核 → 计分依据 → 公布 → 公开结果页


def test_the_office_runs_checks_and_publishes_the_years_assessment(page: Any, live_server: Any) -> None:
    year = timezone.localdate().year - 1
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    build_demo_accidents(year=year)
    generate_occurrences(actor=None, year=year)
    office = get_user_model().objects.create_user("office", password=PASSWORD)
    grant_role(actor=None, user=office, role="committee_admin", unit=Unit.objects.get(code="kashgar"))
    clicks = Clicks(page)

    clicks.login(live_server.url, "office")
    assert page.locator("#dashboard").is_visible()
    clicks.click(page.locator("#dashboard").get_by_role("link", name="年度考核"), "年度考核")
    page.fill("#year", str(year))
    clicks.click(page.locator("#run-form button[type=submit]"), "运行考核")
    run = AssessmentRun.objects.get(year=year)
    counties = page.locator("#group-counties")
    assert counties.locator("svg.chart rect").count() == 13  # 12 counties and the zone: a printable SVG chart
    shule_facts = counties.locator("tr.unit[data-unit=shule] + tr.facts")
    clicks.click(shule_facts.locator("summary"), "计分依据")
    assert "事故起数和死亡人数控制指标" in shule_facts.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # a confirmation, where the page asks for one
    clicks.click(page.locator("#publish-form button[type=submit]"), "公布")
    run.refresh_from_db()
    assert run.status == AssessmentRun.Status.PUBLISHED
    clicks.click(page.get_by_role("link", name="公开结果页"), "公开结果页")
    assert f"{year}年度安全生产目标考核结果" in page.locator("main").inner_text()
    assert page.locator("#group-counties svg.chart rect").count() == 13
    print(clicks.report("office: run, check and publish the year's assessment"))
    assert clicks.count == CLICKS
