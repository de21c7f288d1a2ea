"""Persona: the Organisation Department's reviewer reads an accountability case from the home page, then looks
up the person decided against and reads their eligibility (art. 65 veto: barred after 诫勉)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.web.persona import PASSWORD, Clicks
from zeren.accountability.models import Case, Decision
from zeren.accounts.services import grant_role
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.accidents import build_demo_accidents
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CLICKS = 5  # 登录 → the case → 首页 → 查询 → the person's eligibility


def test_the_reviewer_reads_a_case_and_an_eligibility(page: Any, live_server: Any) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    build_demo_accidents(year=timezone.localdate().year - 1)
    reviewer = get_user_model().objects.create_user("orgreviewer", password=PASSWORD)
    grant_role(actor=None, user=reviewer, role="org_reviewer", unit=Unit.objects.get(code="kashgar"))
    decision = Decision.objects.select_related("subject__person", "subject__case").get()
    case: Case = decision.subject.case
    person = decision.subject.person
    clicks = Clicks(page)

    clicks.login(live_server.url, "orgreviewer")
    cases = page.locator("#reviewer-cases")
    clicks.click(cases.get_by_role("link", name=f"{case.number} {case.title}"), "案件")
    text = page.locator("main").inner_text()
    assert case.title in text
    assert person.name in text
    clicks.click(page.locator("header .brand"), "首页")
    page.fill("#q", person.name)
    clicks.click(page.locator("#reviewer-eligibility").get_by_role("button", name="查询"), "查询")
    clicks.click(page.locator("#reviewer-eligibility").get_by_role("link", name=person.name), "任用资格")
    eligibility = page.locator("main").inner_text()
    assert person.name in eligibility
    assert "第六十五条" in eligibility or "一票否决" in eligibility
    assert case.number in eligibility
    print(clicks.report("reviewer: a case and an eligibility"))
    assert clicks.count == CLICKS
