"""Read the roster workbook into plain rows: typed values per column key, or a reason per bad cell.

Nothing here touches the database. Blank rows are skipped; unknown sheets and columns are ignored
(so 代码表 and notes columns are harmless); a missing sheet is simply nothing to import.

Hostile files are refused early and cheaply: before openpyxl opens the file, every part of the .xlsx
archive is checked against ``MAX_PART_BYTES`` from the zip directory (a 1 GB cell lives in one part,
the shared strings or a sheet), and while streaming the rows (read-only mode) more than ``MAX_ROWS``
rows stop the read and a cell longer than ``MAX_CELL_CHARS`` is reported without being kept.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from .result import RosterError
from .schema import NO, SHEETS, YES, Column, SheetSpec
from .xlsx import open_workbook
from .xlsx import rows as xlsx_rows

MAX_ROWS = 100_000  # rows read across all sheets (the Kashgar demo roster has about 10,600)
MAX_CELL_CHARS = 1_000  # longer than any column allows (the longest, 备注, takes 300)
MAX_PART_BYTES = 32 * 1024 * 1024  # uncompressed size of one part of the .xlsx archive
MAX_ARCHIVE_BYTES = 128 * 1024 * 1024  # all parts together
MAX_COUNT = 10_000  # a head count (安全生产工作人员数) above this is a typing error

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
TRUE_TEXT = {YES, "true", "1", "y", "yes"}
FALSE_TEXT = {NO, "", "false", "0", "n", "no"}


class RosterFileError(Exception):
    """The file is not a readable .xlsx workbook."""


@dataclass
class Row:
    spec: SheetSpec
    number: int  # as Excel shows it (the header is row 1)
    values: dict[str, Any]
    letters: dict[str, str]  # column key -> column letter
    bad: set[str] = field(default_factory=set)  # keys whose cell could not be read

    def error(self, key: str, reason: str) -> RosterError:
        header = self.spec.column(key).header
        letter = self.letters.get(key, "")
        return RosterError(
            self.spec.title, self.number, header, reason, f"{letter}{self.number}" if letter else ""
        )


@dataclass
class Sheets:
    rows: dict[str, list[Row]]
    errors: list[RosterError]


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def parse_date(raw: Any) -> dt.date | None:
    """An Excel date, an Excel serial number or text ``YYYY-MM-DD`` (also / . 年月日); raises ValueError."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = from_excel(raw)
        return value.date() if isinstance(value, dt.datetime) else None
    match = DATE_TEXT.match(str(raw).strip())
    if not match:
        raise ValueError(f"“{raw}”不是日期（应为 YYYY-MM-DD 或 Excel 日期）")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{raw}”不是有效日期") from None


def parse_cell(column: Column, raw: Any) -> Any:
    """The typed value of one cell; raises ValueError with a Chinese reason."""
    if column.kind == "date":
        value: Any = parse_date(raw)
        if value is None and column.required:
            raise ValueError("不能为空")
        return value
    if column.kind == "flag" and not _text(raw):
        return None  # not given: a new row takes 否, an existing one keeps its value
    if column.kind in ("bool", "flag"):
        if isinstance(raw, bool):
            return raw
        text = _text(raw).lower()
        if text in TRUE_TEXT:
            return True
        if text in FALSE_TEXT:
            return False
        raise ValueError(f"“{_text(raw)}”不是可选值，应为“{YES}”或“{NO}”")
    if column.kind in ("int", "count"):
        text = _text(raw)
        if not text:
            return 0 if column.kind == "int" else None
        if not text.isdigit():
            raise ValueError(f"“{text}”不是非负整数")
        if column.kind == "count" and int(text) > MAX_COUNT:
            raise ValueError(f"“{text}”超过 {MAX_COUNT}")
        return int(text)
    text = _text(raw)
    if not text:
        if column.required:
            raise ValueError("不能为空")
        return ""
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"超过 {column.max_length} 个字符")
    if column.kind in ("code", "pack") and not SLUG.match(text):
        raise ValueError(f"“{text}”只能包含英文字母、数字、-、_")
    if column.kind == "choice" and column.choices is not None:
        by_label = {str(label): value for value, label in column.choices.choices}
        if text in by_label:
            return by_label[text]
        if text in column.choices.values:
            return text
        raise ValueError(f"“{text}”不是可选值（{'、'.join(by_label)}）")
    return text


def check_archive(source: str | Path | IO[bytes]) -> None:
    """Refuse a workbook whose parts are too large, reading only the zip directory (no decompression)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise RosterFileError(f"无法读取 Excel 工作簿：{exc}") from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    mb = 1024 * 1024
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise RosterFileError(
                f"工作簿过大：其中 {part.filename} 解压后 {part.file_size // mb} MB，"
                f"超过 {MAX_PART_BYTES // mb} MB 上限（单元格过长或行数过多）"
            )
    total = sum(p.file_size for p in parts)
    if total > MAX_ARCHIVE_BYTES:
        raise RosterFileError(
            f"工作簿过大：解压后共 {total // mb} MB，超过 {MAX_ARCHIVE_BYTES // mb} MB 上限"
        )


@dataclass
class _Budget:
    rows: int = 0

    def take(self) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise RosterFileError(f"工作簿超过 {MAX_ROWS} 行上限；请拆分后分批导入")


def _read_sheet(
    spec: SheetSpec, rows: Any, errors: list[RosterError], budget: _Budget | None = None
) -> list[Row]:
    budget = budget or _Budget()
    header = next(rows, None) or ()
    by_name = {c.header: c for c in spec.columns} | {c.key: c for c in spec.columns}
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        column = by_name.get(_text(raw))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [c for c in spec.columns if c.required and c.key not in positions]
    for column in missing:
        errors.append(RosterError(spec.title, 1, column.header, "缺少必填列"))
    if missing:
        return []
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    result: list[Row] = []
    for number, cells in enumerate(rows, start=2):
        budget.take()
        raws = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
        if all(_text(v) == "" for v in raws.values()):
            continue
        row = Row(spec, number, {}, letters)
        for column in spec.columns:
            raw = raws.get(column.key)
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
                row.bad.add(column.key)
                row.values[column.key] = None
                errors.append(row.error(column.key, f"单元格超过 {MAX_CELL_CHARS} 个字符"))
                continue
            try:
                row.values[column.key] = parse_cell(column, raws.get(column.key))
            except ValueError as exc:
                row.bad.add(column.key)
                row.values[column.key] = None
                errors.append(row.error(column.key, str(exc)))
        result.append(row)
    return result


def read_roster(source: str | Path | IO[bytes]) -> Sheets:
    """Parse every known sheet; raise RosterFileError if the file is not a workbook or is too large."""
    check_archive(source)
    try:
        workbook = open_workbook(source)  # load_workbook(read_only=True, data_only=True), faster strings
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException…
        raise RosterFileError(f"无法读取 Excel 工作簿：{exc}") from exc
    errors: list[RosterError] = []
    parsed: dict[str, list[Row]] = {}
    budget = _Budget()
    try:
        for spec in SHEETS:
            if spec.title in workbook.sheetnames:
                parsed[spec.key] = _read_sheet(spec, xlsx_rows(workbook, spec.title), errors, budget)
            else:
                parsed[spec.key] = []
    finally:
        workbook.close()
    return Sheets(parsed, errors)
