"""The tour report (.docx), the SVG chart of findings by clause, and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document

from tests.supervision.world import D, TourWorld, finding
from zeren import cli
from zeren.cli import main
from zeren.supervision.charts import findings_by_clause_svg
from zeren.supervision.models import Finding
from zeren.supervision.reports import render_report_docx
from zeren.supervision.selectors import findings_matrix, inspection_facts


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_report_summarises_by_unit_and_by_clause(tw: TourWorld) -> None:
    finding(tw, severity="major")
    finding(tw, severity="general", description="台账缺失")

    text = _text(render_report_docx(tw.plan))

    assert "2026年安全生产巡查报告" in text
    assert "共发现问题2个" in text
    assert "一、按单位" in text
    assert "疏勒县：2个问题" in text
    assert "二、按条款" in text
    assert "2个问题，涉及疏勒县" in text
    assert "挂牌督办" in text


def test_chart_has_one_bar_per_clause_and_unit() -> None:
    svg = findings_by_clause_svg(
        ["art_16", "art_18"],
        ["疏勒县", "莎车县"],
        {("art_16", "疏勒县"): 2, ("art_16", "莎车县"): 1, ("art_18", "莎车县"): 1},
        {"art_16": "第十六条", "art_18": "第十八条"},
    )

    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count('class="bar"') == 3
    assert "第十六条" in svg
    assert "<script" not in svg
    assert svg.index('data-clause="art_16"') < svg.index('data-clause="art_18"')


def test_chart_escapes_text() -> None:
    svg = findings_by_clause_svg(["x"], ["<b>"], {("x", "<b>"): 1}, {"x": "<i>"})

    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg


def test_matrix_orders_clauses_by_count(tw: TourWorld) -> None:
    finding(tw)
    finding(tw, clause="art_16__para_1__point_2")
    finding(tw, clause="art_16__para_1__point_2")

    clauses, units, counts = findings_matrix(tw.plan)

    assert clauses[0] == "art_16__para_1__point_2"
    assert units == ["疏勒县"]
    assert counts[("art_16__para_1__point_2", "疏勒县")] == 2


def test_plan_page_embeds_the_chart(tw: TourWorld) -> None:
    finding(tw)
    c = Client()
    c.force_login(tw.users["admin"])
    body = c.get(f"/supervision/{tw.plan.pk}/").content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in body


def test_cli_report_and_escalate(
    tw: TourWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the group as the lead wires it in zeren/cli.py GROUPS
    monkeypatch.setitem(cli.GROUPS, "supervision", ("督查巡查：报告、逾期升级", ["zeren.supervision.cli"]))
    finding(tw, severity="major", deadline=D(2026, 6, 30))
    out = tmp_path / "report.docx"

    assert main(["supervision", "report", str(tw.plan.pk), "--out", str(out)]) == 0
    assert "疏勒县：1个问题" in _text(out.read_bytes())

    capsys.readouterr()
    assert main(["supervision", "escalate", "--today", "2026-07-01", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["supervision", "escalate", "--today", "2026-07-01", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)

    assert first == {"today": "2026-07-01", "overdue": 1, "escalated": 1, "notices": 3}
    assert second == {"today": "2026-07-01", "overdue": 1, "escalated": 0, "notices": 0}
    assert Finding.objects.get().escalated_at is not None


def test_print_version_has_print_css_and_tick_boxes(tw: TourWorld) -> None:
    c = Client()
    c.force_login(tw.users["ivan"])

    body = c.get(f"/supervision/targets/{tw.target.pk}/print/").content.decode()

    assert "@media print" in body
    assert body.count("□已落实") == tw.target.items.count()
    assert "mark-form" not in body


def test_facts_and_matrix_take_a_fixed_number_of_queries(
    tw: TourWorld, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        finding(tw)

    with django_assert_num_queries(1):
        inspection_facts(year=2026)
    with django_assert_num_queries(1):
        findings_matrix(tw.plan)


def test_report_with_a_file(tw: TourWorld, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    f = finding(tw, deadline=timezone.localdate() + dt.timedelta(days=10))
    c = Client()
    c.force_login(tw.users["alice"])
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")

    response = c.post(f"/supervision/findings/{f.pk}/report/", {"text": "已整改", "file": upload})

    assert response.status_code == 302
    report = f.reports.get()
    assert report.file.name.startswith("supervision/rectificationreport/")
    assert (tmp_path / report.file.name).read_bytes() == b"%PDF-1.4 minutes"
