"""Formula injection: text that looks like a formula comes back from every .xlsx export as text.

A roster name ``=HYPERLINK(...)`` imported from a workbook was written by ``zeren org export`` as a live
formula. Now every export saves through ``zeren.common.spreadsheets.save_workbook``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from zeren.catalog.services import load_pack_into_catalog
from zeren.common.spreadsheets import FORMULA_PREFIXES, neutralise_formulas, save_workbook
from zeren.org.roster import export_roster, import_roster
from zeren.packs import KASHGAR_PACK_DIR

from .test_roster import valid_sheets, write_book

NAMES = ['=HYPERLINK("http://evil.example/","点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1"]


@pytest.mark.django_db
def test_roster_export_writes_formula_like_names_as_text(tmp_path: Path) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    sheets = valid_sheets()
    for row, name in zip(sheets["人员"][1:], NAMES, strict=False):
        row[1] = name
    source = write_book(tmp_path / "roster.xlsx", sheets)
    attacker = load_workbook(source)
    neutralise_formulas(attacker)  # the attacker's workbook holds these names as text cells
    attacker.save(source)
    assert import_roster(source).errors == []
    exported = tmp_path / "export.xlsx"

    export_roster(exported)

    with zipfile.ZipFile(exported) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    people = load_workbook(exported)["人员"]
    cells = {c.value: c for c in people["B"][1:]}
    for name in NAMES[:3]:
        assert cells[name].data_type == "s"
        assert cells[name].quotePrefix is True
    assert import_roster(exported).changed == 0  # the text round-trips unchanged


def test_every_prefix_is_neutralised_and_numbers_are_left_alone(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([f"{p}1+1" for p in FORMULA_PREFIXES])
    sheet.append([-5, 3.5, "普通文字", "a=b"])

    assert neutralise_formulas(book) == len(FORMULA_PREFIXES)
    save_workbook(book, tmp_path / "x.xlsx")
    again = load_workbook(tmp_path / "x.xlsx").active
    assert again is not None
    assert [c.value for c in again[1]] == [f"{p}1+1" for p in FORMULA_PREFIXES]
    assert all(c.data_type == "s" for c in again[1])
    assert [c.value for c in again[2]][:4] == [-5, 3.5, "普通文字", "a=b"]
    assert [c.quotePrefix for c in again[2]][:4] == [False, False, False, False]


def test_every_openpyxl_export_saves_through_the_shared_helper() -> None:
    """No module writes an openpyxl workbook with a bare ``.save(``; they call ``save_workbook``."""
    root = Path(__file__).resolve().parents[2] / "zeren"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "openpyxl" not in text or path.name == "spreadsheets.py":
            continue
        if re.search(r"\b(wb|book|workbook)\.save\(", text) and "roster/writer.py" not in str(path):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
