"""Persona: a leader (the county head) records this half-year's government safety meeting and attaches the
minutes, starting from the home page, where the overdue item waits (art. 14 para 1 item 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.web.persona import PASSWORD, Clicks
from zeren.accounts.services import grant_role
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.services import generate_occurrences
from zeren.org import selectors
from zeren.org.models import Post
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CLICKS = 5  # 登录 → the item on the home page → 登记会议 → 上传 → 以此确认完成


def test_the_county_head_records_the_half_yearly_meeting_and_attaches_the_minutes(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    today = timezone.localdate()
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    generate_occurrences(actor=None, year=today.year)
    post = Post.objects.get(code="shule-gov-head")
    head = selectors.holders_of(post, today).get().person
    leader = get_user_model().objects.create_user("countyhead", password=PASSWORD)
    grant_role(actor=None, user=leader, role="leader", person=head)
    item = Occurrence.objects.get(
        post=post, obligation_code="government_safety_meeting", period_label=f"{today.year}H1"
    )
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n")
    clicks = Clicks(page)

    clicks.login(live_server.url, "countyhead")
    due = page.locator("#leader-due")
    assert "已逾期" in due.inner_text()
    clicks.click(due.get_by_role("link", name=f"{item.obligation.name}（{item.period_label}）"), "逾期事项")
    page.fill("#id_held_on", f"{today.year}-06-20")
    page.fill("#id_presided_by", head.name)
    page.fill("#id_attendees", "县政府常务会议组成人员")
    page.fill("#id_minutes_summary", "研究部署上半年安全生产工作，明确各分管领导责任分工。")
    assert not page.is_checked("#id_complete_now")  # minutes can still be attached after recording
    clicks.click(page.get_by_role("button", name="登记会议"), "登记会议")
    assert "已登记会议记录" in page.locator("main").inner_text()
    page.set_input_files("#id_file", str(minutes))
    page.fill("#id_effective_date", f"{today.year}-06-20")
    clicks.click(page.get_by_role("button", name="上传"), "上传纪要")
    files = page.locator("tr", has_text="会议纪要.pdf")
    page.evaluate("window.stillHere = true")
    clicks.click(files.get_by_role("button", name="以此确认完成"), "以此确认完成")
    expect(page.locator("#status")).to_contain_text("完成")  # a locator: the CSP refuses string evals
    assert page.evaluate("window.stillHere === true")  # htmx swapped the page's main region in place
    assert "已确认完成" in page.locator("main").inner_text()

    item.refresh_from_db()
    assert item.status in (Occurrence.Stored.DONE, Occurrence.Stored.DONE_LATE)
    kinds = Evidence.objects.filter(occurrence=item).values_list("kind", flat=True)
    assert sorted(kinds) == ["file", "meeting"]
    assert "完成" in page.locator("#status").inner_text()
    print(clicks.report("leader: half-yearly meeting with minutes"))
    assert clicks.count == CLICKS
