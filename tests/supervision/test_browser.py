"""Browser: a finding from inspection to rectification reported, rejected, reported again and verified;
then the committee office opens an accountability case from another finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.org.world import PASSWORD
from tests.supervision.world import build_tour_world, finding
from zeren.accountability.models import Case
from zeren.supervision.models import Finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    if page.locator("form[action='/accounts/logout/'] button").count():
        page.locator("form[action='/accounts/logout/'] button").click()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _status(page: Any) -> str:
    return str(page.locator("#finding-status").inner_text())


def test_finding_walks_through_rectification_and_another_opens_a_case(page: Any, live_server: Any) -> None:
    tw = build_tour_world()
    today = timezone.localdate()
    other = finding(
        tw, description="未落实领导干部带队检查制度", found_on=today, deadline=today + dt.timedelta(days=30)
    )
    base = live_server.url
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    # the team leader marks the first duty not met and records a finding on it
    _login(page, base, "ivan")
    page.goto(f"{base}/supervision/targets/{tw.target.pk}/")
    first = page.locator("#item-1")
    first.locator("select[name=result]").select_option("not_met")
    first.locator("input[name=note]").fill("无会议纪要")
    first.get_by_role("button", name="记录").click()
    assert "未落实" in page.locator("#item-1 .result").inner_text()
    form = page.locator("#finding-form")
    form.locator("#id_item_position").fill("1")
    form.locator("#id_severity").select_option("serious")
    form.locator("#id_description").fill("未按规定召开安全生产专题会议")
    form.locator("#id_deadline").fill(deadline)
    form.locator("#id_measures").fill("召开专题会议并报送纪要")
    form.get_by_role("button", name="记录问题").click()
    assert _status(page) == "待整改"
    url = page.url

    # the target's operator reports it done
    _login(page, base, "alice")
    page.goto(url)
    page.fill("#report-form textarea[name=text]", "已召开专题会议")
    page.get_by_role("button", name="报告整改完成").click()
    assert _status(page) == "已报整改完成"

    # the inspectors reject it with reasons
    _login(page, base, "iris")
    page.goto(url)
    page.fill("#decision-form textarea[name=reason]", "纪要未签发")
    page.locator("#reject").click()
    assert _status(page) == "整改被退回"
    assert "纪要未签发" in page.locator("#reports").inner_text()

    # reported again, then verified effective
    _login(page, base, "alice")
    page.goto(url)
    page.fill("#report-form textarea[name=text]", "纪要已签发")
    page.get_by_role("button", name="报告整改完成").click()
    _login(page, base, "ivan")
    page.goto(url)
    page.locator("#verify").click()
    assert _status(page) == "已复查销号"
    reports = page.locator("#reports tbody tr")
    assert reports.count() == 2
    walked = Finding.objects.exclude(pk=other.pk).get()
    assert list(walked.reports.order_by("pk").values_list("decision", flat=True)) == ["rejected", "accepted"]

    # the committee office opens a case from another finding, in one step
    _login(page, base, "admin")
    page.goto(f"{base}/supervision/findings/{other.pk}/")
    page.locator("#case-form button").click()
    page.locator("#case").wait_for()
    case = Case.objects.get()
    assert case.trigger == "duty_failure"
    assert "未落实领导干部带队检查制度" in case.facts
    page.locator("#case a").click()
    assert "未落实领导干部带队检查制度" in page.locator("main").inner_text()
