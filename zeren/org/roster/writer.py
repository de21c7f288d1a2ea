"""Write the roster workbook: the template (no rows) and exports (rows from the database).

Each sheet: a styled, frozen header row with Chinese headers (required ones in red, with a note),
column widths, dates as date cells, and drop-down lists — inline for short enums, and ranges of a
hidden 代码表 sheet for the pack's role, department-kind and sector codes when a pack is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zeren.common.spreadsheets import save_workbook as safe_save

from .schema import CODES_SHEET, NO, SHEETS, YES, Column, SheetSpec

LAST_ROW = 1_048_576
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PACK_LISTS = (("roles", "角色"), ("department_kinds", "部门类型"), ("sectors", "行业领域"))


@dataclass
class PackCodes:
    """(code, name) pairs of the loaded pack, per list name."""

    lists: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    title: str = ""


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind in ("bool", "flag"):
        return YES if value else NO
    if column.kind == "choice" and column.choices is not None:
        return str(dict(column.choices.choices).get(value, value))
    return value


def _validation(column: Column, letter: str, pack_ranges: Mapping[str, str]) -> DataValidation | None:
    if column.kind in ("bool", "flag"):
        formula, strict = f'"{YES},{NO}"', True
    elif column.kind == "choice" and column.choices is not None:
        formula, strict = '"' + ",".join(str(label) for label in column.choices.labels) + '"', True
    elif column.kind == "pack" and column.pack_list in pack_ranges:
        formula, strict = pack_ranges[column.pack_list], False  # older packs' codes stay enterable
    else:
        return None
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=not column.required,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=column.header,
        error="请从下拉列表中选择" if strict else "该代码不在当前政策包中",
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    return validation


def _write_codes_sheet(workbook: Workbook, pack: PackCodes) -> dict[str, str]:
    sheet = workbook.create_sheet(CODES_SHEET)
    sheet.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    for index, (list_name, label) in enumerate(PACK_LISTS):
        entries = pack.lists.get(list_name, [])
        code_letter, name_letter = get_column_letter(2 * index + 1), get_column_letter(2 * index + 2)
        sheet[f"{code_letter}1"] = f"{label}标识"
        sheet[f"{name_letter}1"] = f"{label}名称"
        for row, (code, name) in enumerate(entries, start=2):
            sheet[f"{code_letter}{row}"] = code
            sheet[f"{name_letter}{row}"] = name
        sheet.column_dimensions[code_letter].width = 28
        sheet.column_dimensions[name_letter].width = 24
        if entries:
            ranges[list_name] = f"'{CODES_SHEET}'!${code_letter}$2:${code_letter}${len(entries) + 1}"
    return ranges


def _write_sheet(
    sheet: Worksheet, spec: SheetSpec, rows: Iterable[Mapping[str, Any]], ranges: Mapping[str, str]
) -> None:
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        note = "必填。" if column.required else "选填。"
        note += column.help or ("日期：YYYY-MM-DD" if column.kind == "date" else "")
        cell.comment = Comment(f"{note}\n（列标识：{column.key}）", "zeren")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    count = 1
    for count, values in enumerate(rows, start=2):
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(row=count, column=index, value=_cell_value(column, values.get(column.key)))
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{count}"
    for index, column in enumerate(spec.columns, start=1):
        validation = _validation(column, get_column_letter(index), ranges)
        if validation is not None:
            sheet.add_data_validation(validation)


def build_workbook(
    rows: Mapping[str, Iterable[Mapping[str, Any]]] | None = None, pack: PackCodes | None = None
) -> Workbook:
    """A workbook with every sheet of ``SHEETS``; ``rows`` maps sheet keys to value dicts (typed)."""
    workbook = Workbook()
    default = workbook.active
    sheets = {spec.key: workbook.create_sheet(spec.title) for spec in SHEETS}
    if default is not None:
        workbook.remove(default)
    ranges = _write_codes_sheet(workbook, pack) if pack is not None and pack.lists else {}
    for spec in SHEETS:
        _write_sheet(sheets[spec.key], spec, (rows or {}).get(spec.key, ()), ranges)
    workbook.properties.creator = "zeren"
    workbook.properties.created = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    return workbook


def save_workbook(workbook: Workbook, target: str | Path | IO[bytes]) -> None:
    safe_save(workbook, target)  # formula-like text (=, +, -, @) written as text
