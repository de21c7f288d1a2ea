"""The roster reader refuses hostile workbooks early: oversized parts (a huge cell) from the zip directory,
too many rows while streaming, over-long cells without keeping them; the error report is bounded.

Before: 300,000 duplicate rows took 47 s, 650 MB and a 45 MB error report; one 1 GB cell took 2.2 GB
before it was refused (bench/roster_limits.py measures both; figures in bench/RESULTS.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zeren.org.roster import RosterFileError, import_roster, reader, result
from zeren.org.roster import importer as importer_module

from .test_roster import headers, valid_sheets, write_book

pytestmark = pytest.mark.django_db


def test_a_part_larger_than_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = valid_sheets()
    sheets["人员"] += [[f"q{n:03}", "张三", None, "长" * 30_000] for n in range(30)]  # a 2.7 MB sheet part
    path = write_book(tmp_path / "big.xlsx", sheets)
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 1024 * 1024)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not open a workbook that is too large")

    monkeypatch.setattr(reader, "open_workbook", never)

    with pytest.raises(RosterFileError, match=r"超过 1 MB 上限"):
        import_roster(path)


def test_more_rows_than_the_limit_stop_the_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [headers("人员")] + [[f"p{n:03}", "张三", None, None] for n in range(60)]
    path = write_book(tmp_path / "rows.xlsx", {"人员": rows})
    monkeypatch.setattr(reader, "MAX_ROWS", 50)

    with pytest.raises(RosterFileError, match="超过 50 行上限"):
        import_roster(path)


def test_an_over_long_cell_is_reported_not_kept(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["人员"][1][3] = "注" * (reader.MAX_CELL_CHARS + 1)
    path = write_book(tmp_path / "long.xlsx", sheets)

    found = import_roster(path, dry_run=True)

    assert [(e.sheet, e.column, e.reason) for e in found.errors] == [
        ("人员", "备注", "单元格超过 1000 个字符")
    ]


def test_the_error_report_lists_the_first_errors_and_counts_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [headers("人员")] + [["bad code", "张三", None, None] for _ in range(30)]
    path = write_book(tmp_path / "bad.xlsx", {"人员": rows})
    monkeypatch.setattr(result, "MAX_REPORTED_ERRORS", 10)
    monkeypatch.setattr(importer_module, "MAX_REPORTED_ERRORS", 10)

    found = import_roster(path, dry_run=True)
    report = found.as_dict()

    assert len(found.errors) == 10
    assert [e.row for e in found.errors] == list(range(2, 12))
    assert (report["error_count"], report["errors_truncated"]) == (30, True)
    assert json.loads(json.dumps(report))["ok"] is False
