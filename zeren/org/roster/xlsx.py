"""The roster workbook's cell values, read faster than openpyxl's read-only rows and with the same results.

openpyxl (read-only, ``data_only``) builds a rich-text object per shared string and a dict per cell before
``iter_rows(values_only=True)`` gives a value; for a 10,000-row roster that is most of the import's read.
Here openpyxl still opens the package (manifest, workbook, styles: the sheets, the epoch, which styles are
dates), but the shared strings and each sheet's rows are read with one pass of the same XML parser, the
values converted exactly as ``openpyxl.worksheet._reader.WorkSheetParser.parse_cell`` converts them when
``data_only`` (a formula cell gives its cached value), and the rows padded as ``ReadOnlyWorksheet``
pads them (missing rows as empty rows, each row as wide as the sheet's dimension). Tested against
openpyxl's own rows (tests/org/test_roster_xlsx.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.workbook import Workbook
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

SI = f"{{{SHEET_MAIN_NS}}}si"
T = f"{{{SHEET_MAIN_NS}}}t"
R = f"{{{SHEET_MAIN_NS}}}r"
ROW = f"{{{SHEET_MAIN_NS}}}row"
V = f"{{{SHEET_MAIN_NS}}}v"
IS = f"{{{SHEET_MAIN_NS}}}is"
COLUMN = re.compile(r"([A-Za-z]+)")


def _text(node: Any) -> str:
    """``openpyxl.cell.text.Text.from_tree(node).content``: the plain text and the runs' texts, phonetic
    guides (``rPh``) left out."""
    parts = [child.text or "" for child in node if child.tag == T]
    for run in node:
        if run.tag == R:
            parts.extend(t.text or "" for t in run if t.tag == T)
    return "".join(parts)


def read_strings(source: IO[bytes]) -> list[str]:
    """``openpyxl.reader.strings.read_string_table``."""
    strings: list[str] = []
    for _event, node in iterparse(source):
        if node.tag == SI:
            strings.append(_text(node).replace("x005F_", ""))
            node.clear()
    return strings


class _Reader(ExcelReader):  # type: ignore[misc]  # openpyxl is untyped
    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is not None:
            with self.archive.open(found.PartName[1:]) as src:
                self.shared_strings = read_strings(src)


def open_workbook(source: Any) -> Workbook:
    """``load_workbook(source, read_only=True, data_only=True)``, its shared strings by ``read_strings``."""
    reader = _Reader(source, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _number(value: str) -> int | float:
    return float(value) if ("." in value or "E" in value or "e" in value) else int(value)


def rows(workbook: Workbook, title: str) -> Iterator[tuple[Any, ...]]:
    """``workbook[title].iter_rows(min_row=1, values_only=True)`` of a workbook from ``open_workbook``."""
    sheet = workbook[title]
    strings = sheet._shared_strings
    epoch, dates, durations = workbook.epoch, workbook._date_formats, workbook._timedelta_formats
    max_col, max_row = sheet.max_column, sheet.max_row
    empty = (None,) * max_col if max_col is not None else ()
    columns: dict[str, int] = {}
    counter, index = 1, 1
    with workbook._archive.open(sheet._worksheet_path) as src:
        row_number = 0
        for _event, element in iterparse(src):
            if element.tag != ROW:
                continue
            row_number = row_number + 1 if element.get("r") is None else _row_number(element.get("r"))
            index = row_number
            cells: list[tuple[int, Any]] = []
            column = 0
            for cell in element:
                coordinate = cell.get("r")
                if coordinate:
                    letters = COLUMN.match(coordinate)
                    key = letters.group(1) if letters else ""
                    found = columns.get(key)
                    if found is None:
                        found = columns[key] = column_index_from_string(key)
                    column = found
                else:
                    column += 1
                kind = cell.get("t", "n")
                value: Any = None
                if kind == "inlineStr":
                    child = cell.find(IS)
                    if child is not None:
                        value = _text(child)
                else:
                    value = cell.findtext(V, None) or None
                    if value is not None:
                        if kind == "n":
                            value = _number(value)
                            style = int(cell.get("s", 0) or 0)
                            if style in dates:
                                try:
                                    value = from_excel(value, epoch, timedelta=style in durations)
                                except (OverflowError, ValueError):
                                    value = "#VALUE!"
                        elif kind == "s":
                            value = strings[int(value)]
                        elif kind == "b":
                            value = bool(int(value))
                        elif kind == "d":
                            value = from_ISO8601(value)
                cells.append((column, value))
            element.clear()
            if max_row is not None and index > max_row:
                break
            while counter < index:  # rows missing from the file
                counter += 1
                yield empty
            if counter <= index:
                counter += 1
                yield _padded(cells, max_col)
    if max_row is not None and max_row < index:
        for _ in range(counter, max_row + 1):
            yield empty


def _row_number(text: str) -> int:
    """``WorkSheetParser.parse_row``'s reading of a row's ``r``."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)


def _padded(cells: list[tuple[int, Any]], max_col: int | None) -> tuple[Any, ...]:
    """``ReadOnlyWorksheet._get_row`` with ``values_only``."""
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1][0]
    out: list[Any] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            out[column - 1] = value
    return tuple(out)
