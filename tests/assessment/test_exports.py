"""Exports: the office workbook matches the run; the art. 59 notice names no person; who may download."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.assessment import exports, services
from zeren.assessment.models import AssessmentRun
from zeren.cli import main

ON = dt.date(2026, 2, 1)
NOTICE_HEADER = ("名次", "单位", "得分", "一票否决", "考核结果", "奖励（元）", "罚款（元）")


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def _cents(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _public(u: dict[str, Any]) -> tuple[Any, ...]:
    veto = "是" if u["veto"] == "vetoed" else "否"
    return (
        u["rank"],
        u["name"],
        Decimal(u["score"]),
        veto,
        u["result_label"],
        u["reward_yuan"],
        u["fine_yuan"],
    )


def _people(run: AssessmentRun) -> set[str]:
    names = {p["name"] for u in run.result["units"] for p in u["principals"]}
    names |= {p["name"] for f in run.facts for p in f["principals"]}
    return {n for n in names if n}


def test_the_workbook_holds_the_run_per_group_with_facts_and_clauses(demo: dict[str, Any]) -> None:
    run = services.run_assessment(actor=None, year=2024, on=ON)

    book = openpyxl.load_workbook(io.BytesIO(exports.render_workbook(run)))

    assert book.sheetnames == ["概况", "县（市）", "地直部门", "考核事实", "依据"]
    counties = _rows(book["县（市）"])
    header = counties[0]
    assert header[:4] == ("名次", "单位", "单位标识", "得分")
    assert "日常工作落实（履职事项按期完成）（权重40）" in header
    expected = [u for u in run.result["units"] if u["group"] == "counties"]
    col = {
        name: header.index(name) for name in ("一票否决", "否决理由", "考核结果", "奖励（元）", "罚款（元）")
    }
    picked = ("考核结果", "奖励（元）", "罚款（元）")
    got = [(r[0], r[2], _cents(r[3]), *(r[col[k]] for k in picked)) for r in counties[1:]]
    assert got == [
        (u["rank"], u["unit"], Decimal(u["score"]), u["result_label"], u["reward_yuan"], u["fine_yuan"])
        for u in expected
    ]
    shache = next(r for r in counties if r[2] == "shache")
    assert (shache[col["一票否决"]], shache[col["罚款（元）"]]) == ("是", 30000)
    assert "重大事故1起" in shache[col["否决理由"]]
    assert "《办法》第五十六条第一款" in shache[header.index("依据")]
    bachu = next(r for r in counties if r[2] == "bachu")
    assert "7500元" in bachu[header.index("主要负责人分摊")]  # internal: names and shares
    assert len(_rows(book["地直部门"])) == 1 + len(run.result["units"]) - len(expected)
    facts = _rows(book["考核事实"])
    assert len(facts) == 1 + len(run.facts)
    assert next(r for r in facts if r[1] == "shache")[facts[0].index("死亡人数")] == 11
    clauses = {r[0]: r for r in _rows(book["依据"])[1:]}
    assert clauses["art_59__para_1"][1] == "《办法》第五十九条第一款"
    assert clauses["art_56__para_1"][2]  # the clause's text from the pack's regulation
    assert clauses["art_56__para_1"][3] == len(run.result["units"])
    summary = dict(_rows(book["概况"]))
    assert (summary["运行编号"], summary["输入 SHA-256"]) == (run.pk, run.inputs_hash)


def test_the_notice_shows_only_public_results_and_names_no_person(demo: dict[str, Any]) -> None:
    run = services.publish_run(actor=None, run=services.run_assessment(actor=None, year=2024, on=ON))
    day = timezone.localtime(run.published_at).date()
    people = _people(run)
    assert people  # the demo's counties and departments have principals

    sheet = openpyxl.load_workbook(io.BytesIO(exports.render_notice_xlsx(run))).active
    document = docx.Document(io.BytesIO(exports.render_notice_docx(run)))

    cells = [c for row in _rows(sheet) for c in row if c is not None]
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    title = "喀什地区安全生产委员会关于2024年度安全生产目标考核结果的公告"
    assert cells[0] == title
    assert document.paragraphs[0].text == title
    for content in ("\n".join(str(c) for c in cells), text):
        assert "第五十九条第一款" in content
        assert f"{day.year}年{day.month}月{day.day}日" in content
        assert not [name for name in people if name in content]
        assert "分摊" not in content
    rows = [r for r in _rows(sheet) if isinstance(r[0], int)]
    assert [(r[0], r[1], _cents(r[2]), r[3], r[4], r[5], r[6]) for r in rows] == [
        _public(u) for u in run.result["units"]
    ]
    assert [c.text for c in document.tables[0].rows[0].cells] == list(NOTICE_HEADER)
    assert sum(len(t.rows) - 1 for t in document.tables) == len(run.result["units"])


def _client(aworld: AccidentWorld, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(aworld.users[name])
    return client


def test_anyone_gets_the_notice_of_a_published_run_and_only_the_office_the_workbook(
    aworld: AccidentWorld,
) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    anonymous, alice, admin = (_client(aworld, n) for n in (None, "alice", "admin"))
    notice = f"/assessment/{run.pk}/public/notice"
    workbook = f"/assessment/{run.pk}/workbook.xlsx"

    draft = [anonymous.get(f"{notice}.{ext}").status_code for ext in ("xlsx", "docx")]
    office_draft = admin.get(f"{notice}.xlsx").status_code
    denied = [anonymous.get(workbook).status_code, alice.get(workbook).status_code]
    allowed = admin.get(workbook)
    services.publish_run(actor=None, run=run)
    xlsx, docx_file = anonymous.get(f"{notice}.xlsx"), anonymous.get(f"{notice}.docx")
    after_publication = [anonymous.get(workbook).status_code, alice.get(workbook).status_code]

    assert draft == [404, 404]
    assert office_draft == 404  # a notice is of a published run only
    assert denied == [404, 404]
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == exports.XLSX_TYPE
    assert allowed["Content-Disposition"].startswith("attachment;")
    assert openpyxl.load_workbook(io.BytesIO(allowed.content)).sheetnames[0] == "概况"
    assert (xlsx.status_code, xlsx["Content-Type"]) == (200, exports.XLSX_TYPE)
    assert (docx_file.status_code, docx_file["Content-Type"]) == (200, exports.DOCX_TYPE)
    assert "filename*=utf-8''" in xlsx["Content-Disposition"]
    assert after_publication == [404, 404]
    page = anonymous.get(f"/assessment/{run.pk}/public/").content.decode()
    assert f"{notice}.docx" in page
    assert f"{notice}.xlsx" in page
    detail = admin.get(f"/assessment/{run.pk}/").content.decode()
    assert workbook in detail


def test_the_export_and_whatif_commands(
    aworld: AccidentWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = services.run_assessment(actor=None, year=2025, on=ON)
    book, notice = tmp_path / "run.xlsx", tmp_path / "notice.docx"

    exported = main(["assess", "export", "--run", str(run.pk), "--format", "xlsx", "--out", str(book)])
    refused = main(
        ["assess", "export", "--run", str(run.pk), "--format", "notice-docx", "--out", str(notice)]
    )
    missing = main(["assess", "export", "--run", "999", "--format", "xlsx", "--out", str(book)])
    capsys.readouterr()
    whatif_status = main(["assess", "whatif", "--run", str(run.pk), "--weight", "lists=0", "--json"])
    payload = json.loads(capsys.readouterr().out)
    bad = main(["assess", "whatif", "--run", str(run.pk), "--mark-done", "shule"])
    error = capsys.readouterr().err
    services.publish_run(actor=None, run=run)
    published = main(
        ["assess", "export", "--run", str(run.pk), "--format", "notice-docx", "--out", str(notice)]
    )

    assert (exported, refused, missing, whatif_status, bad, published) == (0, 1, 1, 0, 2, 0)
    assert openpyxl.load_workbook(book).sheetnames[:2] == ["概况", "县（市）"]
    assert docx.Document(str(notice)).paragraphs[0].text.endswith("考核结果的公告")
    assert payload["run_id"] == run.pk
    assert payload["weights"] == {"obligations": 40, "inspections": 20, "accidents": 30}
    assert {r["unit"] for g in payload["groups"] for r in g["rows"]} == {"shule", "shache"}
    assert "mark_done" in error
    assert AssessmentRun.objects.get(pk=run.pk).inputs_hash == run.inputs_hash
