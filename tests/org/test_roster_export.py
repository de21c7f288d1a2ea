"""Roster export: the workbook written from the database imports back with no change; subtree exports."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.org import services
from zeren.org.cli import register
from zeren.org.models import Organisation, Post, Unit
from zeren.org.roster import export_roster, import_roster
from zeren.packs import KASHGAR_PACK_DIR

from .test_roster import counts, valid_sheets, write_book

pytestmark = pytest.mark.django_db

D = dt.date


def with_second_county() -> dict[str, list[list[object]]]:
    sheets = valid_sheets()
    sheets["单位"].append(["shache", "莎车县", "县（市）", "kashgar", None, 2])
    sheets["机构"].append(["shache-gov", "shache", "莎车县人民政府", "政府", None, D(2019, 1, 1), None])
    sheets["岗位"].append(
        ["shache-head", "shache-gov", "莎车县人民政府县长", "government_principal", D(2019, 1, 1), None]
    )
    sheets["人员"].append(["p009", "赵六", None, None])
    sheets["任职"].append(["p009", "shache-head", D(2019, 1, 1), None, "否", None])
    return sheets


def zeren_org(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="zeren org")
    register(parser.add_subparsers(dest="subcommand", required=True))
    args = parser.parse_args(list(argv))
    return int(args.handler(args))


def column(path: Path, title: str, letter: str = "A") -> list[object]:
    sheet = load_workbook(path)[title]
    return [cell.value for cell in sheet[letter][1:]]


def test_export_then_import_is_a_round_trip_with_no_change(tmp_path: Path) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    import_roster(write_book(tmp_path / "roster.xlsx", with_second_county()))
    # history written by the services directly, not by an import
    person = services.create_person(actor=None, code="p010", name="钱七")
    deputy = Post.objects.get(code="shule-deputy")
    services.transfer(actor=None, person=person, to_post=deputy, on=D(2024, 1, 1))
    exported = tmp_path / "export.xlsx"
    before = counts()

    export_roster(exported)
    result = import_roster(exported)

    assert result.errors == []
    assert (sum(result.created.values()), sum(result.updated.values())) == (0, 0)
    assert result.unchanged == {
        "单位": 5,
        "机构": 5,
        "岗位": 4,
        "人员": 5,
        "任职": 7,
        "分管": 2,
        "机构改革": 1,
    }
    assert counts() == before
    workbook = load_workbook(exported)
    assert workbook["代码表"].sheet_state == "hidden"
    assert workbook["任职"]["C2"].is_date
    assert workbook["机构"]["D2"].value == "政府"


def test_export_of_a_unit_contains_only_its_subtree(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", with_second_county()))
    shule = Unit.objects.get(code="shule")
    exported = tmp_path / "shule.xlsx"

    rows = export_roster(exported, unit=shule)

    assert column(exported, "单位") == ["shule", "shule-yengi", "shule-park"]
    assert "shache-gov" not in column(exported, "机构")
    assert column(exported, "人员") == ["p001", "p002", "p003"]
    assert rows["任职"] == 5
    assert column(exported, "机构改革") == ["shule-safety"]
    assert import_roster(exported).changed == 0


def test_cli_import_prints_each_error_as_sheet_cell_column_reason_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = valid_sheets()
    sheets["人员"][2][1] = None
    path = write_book(tmp_path / "bad.xlsx", sheets)

    code = zeren_org("import", str(path))

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == ["人员!B3 姓名：不能为空", "共 1 处错误，未做任何修改。"]
    assert Organisation.objects.count() == 0


def test_cli_dry_run_json_reports_counts_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_book(tmp_path / "roster.xlsx", valid_sheets())

    code = zeren_org("import", str(path), "--dry-run", "--json")

    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (data["dry_run"], data["ok"], data["errors"]) == (True, True, [])
    assert data["created"]["单位"] == 4
    assert set(data) == {
        *("dry_run", "ok", "errors", "warnings", "created", "updated", "unchanged"),
        *("error_count", "errors_truncated"),  # added by the bounded error report (fields only added)
    }
    assert (data["error_count"], data["errors_truncated"]) == (0, False)
    assert AuditEvent.objects.count() == 0


def test_cli_template_and_export_write_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", valid_sheets()))

    assert zeren_org("template", "--out", str(tmp_path / "t.xlsx")) == 0
    assert zeren_org("export", "--out", str(tmp_path / "e.xlsx"), "--unit", "shule-park") == 0
    assert zeren_org("export", "--unit", "nowhere") == 2

    assert column(tmp_path / "e.xlsx", "单位") == ["shule-park"]
    assert load_workbook(tmp_path / "t.xlsx")["单位"].max_row == 1
    assert "没有单位 nowhere" in capsys.readouterr().err


def test_cli_import_of_a_non_workbook_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"junk")

    assert zeren_org("import", str(path)) == 2
    assert "无法读取 Excel 工作簿" in capsys.readouterr().err


def test_org_group_runs_through_the_zeren_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zeren import cli

    monkeypatch.setitem(cli.GROUPS, "org", ("机构与人员：花名册模板、导入、导出", ["zeren.org.cli"]))
    out = tmp_path / "t.xlsx"

    assert cli.main(["org", "template", "--out", str(out)]) == 0
    assert cli.main(["org", "import", str(out), "--dry-run"]) == 0
    assert load_workbook(out).sheetnames[:6] == ["单位", "机构", "岗位", "人员", "任职", "分管"]
