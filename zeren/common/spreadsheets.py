"""Spreadsheet exports without formula injection: every exported .xlsx is saved through ``save_workbook``.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before reading the rest as a formula) is a formula to Excel, LibreOffice or WPS when the
cell is edited or the sheet re-imported: a roster name ``=HYPERLINK("http://…","点击")`` would come back
live. ``save_workbook`` walks every cell once before saving and writes each such value as a string
cell with Excel's "quote prefix" style, so it shows and stays as text. Exports never write formulas.
"""

from __future__ import annotations

from typing import IO, Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a cell text would be read as a formula (= + - @, tab, CR): written as text instead."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise_formulas(workbook: Any) -> int:
    """Make every formula-like text cell in ``workbook`` a plain text cell; return how many there were."""
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value) or cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
    return count


def save_workbook(workbook: Any, target: str | IO[bytes] | Any) -> None:
    """Save an export: formula-like text written as text (see the module doc)."""
    neutralise_formulas(workbook)
    workbook.save(target)
