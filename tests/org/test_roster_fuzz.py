"""Fuzzing the roster reader with hypothesis: workbooks of random sheets, headers and cells.

Whatever the workbook holds, ``read_roster`` returns rows and named errors, never another exception;
every refused cell is an error naming its sheet, row (as Excel shows it), column header and cell in
Chinese; every accepted text cell keeps its text (stripped); a file that is not a workbook is a
``RosterFileError`` with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from zeren.org.roster.reader import RosterFileError, read_roster
from zeren.org.roster.schema import SHEETS, SheetSpec

pytestmark = pytest.mark.fuzz

HAN = re.compile(r"[\u4e00-\u9fff]")
# Characters openpyxl can store (no control characters other than tab/newline, no surrogates).
CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=40
) | st.sampled_from(["是", "否", "true", "0", "2024-02-30", "2021年4月10日", " code-1 ", "=1+1", "county"])
HUGE = st.integers(min_value=100, max_value=3000).map(lambda n: "长" * n)
CELLS = st.one_of(
    st.none(),
    CELL_TEXT,
    HUGE,
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)


@st.composite
def sheets(draw: st.DrawFn) -> tuple[SheetSpec, list[str], list[list[Any]]]:
    spec = draw(st.sampled_from(SHEETS))
    headers = draw(
        st.lists(
            st.sampled_from([c.header for c in spec.columns] + [c.key for c in spec.columns] + ["备注", ""]),
            max_size=len(spec.columns) + 2,
        )
    )
    rows = draw(st.lists(st.lists(CELLS, max_size=len(headers) + 1), max_size=6))
    return spec, headers, rows


def _workbook(parts: list[tuple[SheetSpec, list[str], list[list[Any]]]]) -> io.BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec, headers, rows in parts:
        if spec.title in workbook.sheetnames:
            continue
        sheet = workbook.create_sheet(spec.title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(sheets(), min_size=1, max_size=3))
def test_any_workbook_gives_rows_and_named_errors(parts: list[Any]) -> None:
    result = read_roster(_workbook(parts))

    titles = {spec.title: spec for spec in SHEETS}
    for error in result.errors:
        assert error.sheet in titles
        assert error.row >= 1
        assert error.column in {c.header for c in titles[error.sheet].columns}
        assert HAN.search(error.reason), error.reason
    for rows in result.rows.values():
        for row in rows:
            named = {(e.sheet, e.row, e.column) for e in result.errors}
            for key in row.bad:  # every refused cell is reported where Excel shows it
                assert (row.spec.title, row.number, row.spec.column(key).header) in named
            for column in row.spec.columns:
                value = row.values[column.key]
                if column.kind == "text" and column.key not in row.bad and isinstance(value, str) and value:
                    assert value == value.strip()
                    assert len(value) <= (column.max_length or len(value))


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SHEETS), st.data())
def test_accepted_text_is_kept_whole(spec: SheetSpec, data: st.DataObject) -> None:
    columns = [c for c in spec.columns if c.kind == "text"]
    texts = [
        data.draw(
            st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=c.max_length or 200)
        ).strip()
        for c in columns
    ]
    given_text = {c.key: t for c, t in zip(columns, texts, strict=True)}
    headers = [c.header for c in spec.columns]  # every column, so no required header is missing
    cells = [given_text.get(c.key) for c in spec.columns]
    result = read_roster(_workbook([(spec, headers, [cells])]))

    rows = result.rows[spec.key]
    if any(texts):
        assert len(rows) == 1
        for column, text in zip(columns, texts, strict=True):
            if column.key not in rows[0].bad:
                assert rows[0].values[column.key] == text


def test_a_missing_required_header_names_the_column() -> None:
    spec = SHEETS[0]
    result = read_roster(_workbook([(spec, ["备注"], [["x"]])]))

    required = [c.header for c in spec.columns if c.required]
    assert {(e.sheet, e.row, e.column, e.reason) for e in result.errors} == {
        (spec.title, 1, header, "缺少必填列") for header in required
    }


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_a_file_that_is_not_a_workbook_is_a_named_error(raw: bytes) -> None:
    with pytest.raises(RosterFileError, match="无法读取 Excel 工作簿"):
        read_roster(io.BytesIO(raw))
