"""The roster's fast workbook read (zeren/org/roster/xlsx.py) gives exactly openpyxl's read-only rows.

Pure: workbooks built in memory, no database. Each workbook is read both ways and the rows compared
value for value (dates, numbers, booleans, rich text, inline strings, phonetic guides, errors, formula
results, missing rows and cells, a sheet without a dimension).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from zeren.org.roster.xlsx import open_workbook, rows


def _openpyxl_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True)[title]
    return [tuple(r) for r in sheet.iter_rows(min_row=1, values_only=True)]


def _fast_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    return list(rows(open_workbook(io.BytesIO(data)), title))


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _book() -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "岗位"
    sheet.append(["代码", "名称", "开始", "人数", "兼任", "比例"])
    sheet.append(["p-1", "县长", dt.date(2021, 3, 4), 3, True, 0.5])
    rich = CellRichText("副", TextBlock(InlineFont(b=True), "县长"))
    sheet.append(["p-2", rich, dt.datetime(2020, 1, 2), 0, False])  # noqa: DTZ001 (Excel has no time zones)
    sheet["A7"] = "p-7"  # rows 4-6 missing from the file
    sheet["F7"] = 1e20
    sheet["C8"] = 45000  # a number in a date column, not styled as a date
    sheet["B9"] = "=1+1"  # a formula without a cached value
    sheet["D10"] = dt.time(8, 30)
    sheet["E10"] = dt.timedelta(hours=30)
    book.create_sheet("人员").append(["只有一行"])
    return book


def test_the_fast_read_gives_openpyxls_rows_for_every_kind_of_cell() -> None:
    data = _saved(_book())
    for title in ("岗位", "人员"):
        expected = _openpyxl_rows(data, title)
        assert _fast_rows(data, title) == expected
    expected = _openpyxl_rows(data, "岗位")
    assert expected[1][:5] == ("p-1", "县长", dt.datetime(2021, 3, 4), 3, True)  # noqa: DTZ001
    assert expected[2][1] == "副县长"
    assert expected[3] == (None,) * 6
    assert len(expected) == 10


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _package(sheet: bytes, strings: bytes) -> bytes:
    """A minimal .xlsx written by hand: one sheet 名册, a shared string table, no styles."""
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ML}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ML}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ML}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {NS} xmlns:r="{DOC}"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_hand_written_parts_read_alike_inline_strings_phonetics_errors_and_cells_without_coordinates() -> (
    None
):
    strings = (
        f'<sst {NS} count="3" uniqueCount="3"><si><t>甲</t></si>'
        '<si><r><t>乙</t></r><r><t>丙</t></r><rPh sb="0" eb="1"><t>yi</t></rPh></si>'
        "<si><t>a_x005F_x0041_b</t></si></sst>"
    ).encode()
    sheet = (
        f"<worksheet {NS}><sheetData>"
        '<row r="2"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>内联</t></is></c></row>'
        '<row><c r="C3" t="e"><v>#N/A</v></c><c t="str"><v>公式文本</v></c><c t="b"><v>0</v></c></row>'
        '<row r="5"><c r="B5" t="s"><v>2</v></c><c r="E5"><v>12.5</v></c><c r="F5"><v>7</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()  # no <dimension>: rows are as wide as their last cell
    data = _package(sheet, strings)
    expected = _openpyxl_rows(data, "名册")
    assert _fast_rows(data, "名册") == expected
    assert expected[1] == ("甲", "乙丙", "内联")
    assert expected[2] == (None, None, "#N/A", "公式文本", False)
    assert expected[4] == (None, "a_x0041_b", None, None, 12.5, 7)
