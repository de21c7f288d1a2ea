"""The art. 59 notice workbook prints as posted: A4 portrait, one page wide, the column header repeated on
every page, margins and page numbers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from tests.accidents.world import AccidentWorld
from zeren.assessment import exports, services


def test_the_notice_workbook_has_a_print_setup(aworld: AccidentWorld) -> None:
    run = services.publish_run(
        actor=None, run=services.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))
    )

    sheet = openpyxl.load_workbook(io.BytesIO(exports.render_notice_xlsx(run))).active

    header = next(c.row for c in sheet["A"] if c.value == "名次")
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_margins.top == 0.9
    assert sheet.page_margins.left == 0.7
    assert "&P" in sheet.oddFooter.center.text
