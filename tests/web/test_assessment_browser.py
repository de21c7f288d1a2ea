"""Browser: the committee office runs the year's assessment from the list page, reads the ranking with
its veto, rewards and clauses, tries a what-if through htmx (the real run untouched) and downloads the
workbook.

The demo's 2024 is the year with a veto (莎车县's 重大 accident) and rewards (counties all pass; 2025 has
neither in the demo data), so the office runs 2024.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from zeren.accidents.models import Accident
from zeren.accounts.services import grant_role
from zeren.assessment.models import AssessmentRun
from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.demo.accidents import build_demo_accidents
from zeren.obligations.generation import generate_occurrences
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-Long-test-passw0rd"
YEAR = 2024


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _cells(row: Any) -> list[str]:
    return [str(t).strip() for t in row.locator("td").all_inner_texts()]


def test_office_runs_the_assessment_tries_a_whatif_and_downloads_the_workbook(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    build_demo_accidents(year=2025)
    generate_occurrences(actor=None, year=2025)
    admin = get_user_model().objects.create_user("office", password=PASSWORD)
    grant_role(actor=None, user=admin, role="committee_admin", unit=Unit.objects.get(code="kashgar"))
    base = live_server.url

    # run the year from the list page
    _login(page, base, "office")
    page.goto(f"{base}/assessment/")
    page.fill("#year", str(YEAR))
    page.locator("#run-form button[type=submit]").click()
    page.wait_for_load_state()
    run = AssessmentRun.objects.get()
    assert page.url == f"{base}/assessment/{run.pk}/"

    # the ranking: 莎车县 vetoed and last, the top five counties rewarded, with their clauses
    shache = page.locator("#group-counties tr.unit[data-unit=shache]")
    cells = _cells(shache)
    assert cells[0] == "13"  # last of the 12 counties and 喀什经济开发区 (ranked with them by the pack)
    assert cells[3].startswith("否决：")
    assert "重大事故1起" in cells[3]
    assert (cells[4], cells[6]) == ("一票否决", "30000")
    rows = [_cells(row) for row in page.locator("#group-counties tr.unit").all()]
    rewarded = [c[1] for c in rows if c[5] == "50000"]
    # the top five places are rewarded; units tied on a place share it (the pack's ranking.ties)
    assert rewarded == [c[1] for c in rows if int(c[0]) <= 5]
    assert len(rewarded) >= 5
    bachu_facts = page.locator("#group-counties tr.unit[data-unit=bachu] + tr.facts")
    bachu_facts.locator("summary").click()
    citations = bachu_facts.locator("p.citations").inner_text()
    assert "《办法》第六十一条第一款第（一）项" in citations
    assert "《办法》第五十六条第一款" in citations

    # what-if: take the 重大 accident out; htmx swaps the side-by-side table in, the page stays
    events = AuditEvent.objects.count()
    page.locator("#whatif-link").click()
    page.wait_for_load_state()
    whatif_url = page.url
    assert whatif_url == f"{base}/assessment/{run.pk}/whatif/"
    assert "不会有任何改动" in page.locator("#whatif-untouched").inner_text()
    major = Accident.objects.get(grade="重大", occurred_at__year=YEAR)
    page.locator("#remove_accident").select_option(str(major.pk))
    page.evaluate("window.stillHere = true")
    page.locator("#whatif-submit").click()
    page.locator("#whatif-banner").wait_for()
    assert page.evaluate("window.stillHere === true")  # htmx swapped the result in: no page load
    assert page.url == whatif_url
    assert "未作任何改动" in page.locator("#whatif-banner").inner_text()
    row = page.locator("#whatif-counties tr.unit[data-unit=shache]")
    # without the accident 莎车县 ties for first place (tied units share a place)
    assert row.locator("td.after-rank mark").inner_text() == "1 ↑12"
    assert row.locator("td.after-result mark").inner_text() == "合格"
    assert row.locator("td.after-reward mark").inner_text() == "50000"
    assert row.locator("td.after-fine mark").inner_text() == "0"
    shufu = page.locator("#whatif-counties tr.unit[data-unit=shufu]")
    # 莎车县 shares first place: 疏附县 keeps its reward (nothing marked as changed)
    assert shufu.locator("td.after-reward mark").count() == 0

    # then a weight: the form still holds the accident, the table moves again
    page.fill("#weight_lists", "0")
    page.locator("#whatif-submit").click()
    page.locator("#whatif-changes", has_text="权重").wait_for()  # no string eval: the page's CSP forbids it
    assert "责任清单制定并向社会公布权重 10→0" in page.locator("#whatif-changes").inner_text()

    stored = AssessmentRun.objects.get()
    assert (stored.inputs_hash, stored.result, stored.status) == (run.inputs_hash, run.result, "draft")
    assert AuditEvent.objects.count() == events

    # the workbook downloads and opens
    page.goto(f"{base}/assessment/{run.pk}/")
    with page.expect_download() as download_info:
        page.locator("#workbook-link").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["概况", "县（市）", "地直部门", "考核事实", "依据"]
    assert download.suggested_filename.endswith(".xlsx")
    counties = list(book["县（市）"].iter_rows(values_only=True))
    assert next(r for r in counties if r[2] == "shache")[0] == 13
