"""Browser: a leader sees their list and an overdue item, records the meeting with minutes, and the
committee office's overview shows the county's completion rate change (issue: lists and calendar)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zeren.accounts.services import grant_role
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.duties.services import build_draft, publish_list
from zeren.obligations.services import generate_occurrences
from zeren.org import selectors
from zeren.org.models import Post, Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-test-passw0rd"


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _shule_rate(page: Any, base: str, year: int) -> str:
    page.goto(f"{base}/obligations/overview/?year={year}")
    row = page.locator("table.table tr", has=page.get_by_role("link", name="疏勒县", exact=True))
    return str(row.locator("td").last.inner_text())


def test_leader_records_a_meeting_and_the_county_rate_changes(page: Any, live_server: Any) -> None:
    today = timezone.localdate()
    last_year = today.year - 1
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    generate_occurrences(actor=None, year=last_year)
    shule = Unit.objects.get(code="shule")
    secretary_post = Post.objects.get(unit=shule, role_code="party_principal", end__isnull=True)
    secretary = selectors.holders_of(secretary_post, today).first()
    assert secretary is not None
    publish_list(actor=None, draft=build_draft(actor=None, post=secretary_post, on=today).list)
    users = get_user_model().objects
    leader = users.create_user("leader", password=PASSWORD)
    grant_role(actor=None, user=leader, role="leader", person=secretary.person)
    admin = users.create_user("admin", password=PASSWORD)
    grant_role(actor=None, user=admin, role="committee_admin", unit=Unit.objects.get(code="kashgar"))

    _login(page, live_server.url, "admin")
    before = _shule_rate(page, live_server.url, last_year)
    page.locator("form[action='/accounts/logout/'] button").click()

    _login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/lists/posts/{secretary_post.code}/")
    assert "第四条第一款第（二）项" in page.locator("main").inner_text()  # their list, cited

    page.goto(f"{live_server.url}/obligations/?year={last_year}")
    overdue = page.locator("tr.status-overdue", has_text="第四条第一款第（二）项").filter(
        has_text=secretary_post.title
    )
    assert overdue.count() >= 1  # listed among the overdue items (and again in the full table)
    overdue.first.locator('a[href*="/obligations/"]').first.click()  # the item, not its clause link
    page.fill("#id_held_on", f"{today:%Y-%m-%d}")
    page.fill("#id_presided_by", secretary.person.name)
    page.fill("#id_attendees", "县委常委会全体成员")
    page.fill("#id_minutes_summary", "专题听取安全生产工作汇报，研究部署冬季安全生产重点工作。")
    page.check("#id_complete_now")  # close the item with this record (not ticked by default)
    page.get_by_role("button", name="登记会议").click()
    assert "已登记会议记录并办结" in page.locator("main").inner_text()
    page.locator("form[action='/accounts/logout/'] button").click()

    _login(page, live_server.url, "admin")
    after = _shule_rate(page, live_server.url, last_year)
    assert re.fullmatch(r"\d+(\.\d+)?%", after)
    assert before != after
    assert float(after.rstrip("%")) > float(before.rstrip("%") if before != "—" else "0")
