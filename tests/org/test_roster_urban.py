"""The roster's 城区 column (``Unit.urban``: a county-level unit that is the prefecture's seat city or an
urban district, which drives the accident chain's urban-district circumstance): written by the template and
the export as 是/否, read back on import; blank = 否 for a new unit and "leave as it is" for an existing one;
a bad value or 是 on a unit that is not county-level is an error naming the row and the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zeren.audit.labels import ACTIONS
from zeren.audit.models import AuditEvent
from zeren.org import services
from zeren.org.models import Unit
from zeren.org.roster import export_roster, import_roster

from .test_roster import Sheets, counts, triples, valid_sheets, write_book

pytestmark = pytest.mark.django_db

D = dt.date
URBAN = 6  # the 城区 cell of a 单位 row (column G)


def _with_urban(*values: object) -> Sheets:
    """``valid_sheets`` with 城区 given per 单位 row in the sheet's order (yengi, kashgar, shule, park)."""
    sheets = valid_sheets()
    for row, value in zip(sheets["单位"][1:], values, strict=True):
        row.append(value)
    return sheets


def _urban() -> dict[str, bool]:
    return dict(Unit.objects.order_by("code").values_list("code", "urban"))


def _counties(n: int) -> Sheets:
    """``valid_sheets`` with ``n`` more counties."""
    sheets = _with_urban(None, None, None, None)
    for i in range(n):
        sheets["单位"].append([f"county-{i}", f"第{i}县", "县（市）", "kashgar", None, 10 + i, None])
    return sheets


def test_new_units_take_the_column_and_a_blank_is_no(tmp_path: Path) -> None:
    result = import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, "否", "是", None)))

    assert triples(result) == []
    assert _urban() == {"kashgar": False, "shule": True, "shule-park": False, "shule-yengi": False}


def test_the_key_urban_and_true_false_text_are_accepted_like_the_acting_column(tmp_path: Path) -> None:
    sheets = _with_urban(None, None, "yes", None)
    sheets["单位"][0][URBAN] = "urban"  # a script writes the stable key instead of the Chinese header

    result = import_roster(write_book(tmp_path / "roster.xlsx", sheets))

    assert triples(result) == []
    assert _urban()["shule"] is True


def test_export_writes_yes_or_no_with_a_drop_down_and_the_round_trip_changes_nothing(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, None, "是", None)))
    exported = tmp_path / "export.xlsx"
    before = counts()

    export_roster(exported)
    result = import_roster(exported)

    units = load_workbook(exported)["单位"]
    assert units["G1"].value == "城区"
    assert {row[0].value: row[URBAN].value for row in units.iter_rows(min_row=2)} == {
        "kashgar": "否",
        "shule": "是",
        "shule-yengi": "否",
        "shule-park": "否",
    }
    assert {str(v.sqref): v.formula1 for v in units.data_validations.dataValidation}[
        "G2:G1048576"
    ] == '"是,否"'
    assert (result.errors, sum(result.updated.values()), result.unchanged["单位"]) == ([], 0, 4)
    assert counts() == before


def test_an_existing_unit_is_marked_and_unmarked_with_an_audit_event_and_a_blank_leaves_it(
    tmp_path: Path,
) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, None, None, None)))
    shule = Unit.objects.get(code="shule")
    events = AuditEvent.objects.count()

    marked = import_roster(write_book(tmp_path / "marked.xlsx", _with_urban(None, None, "是", None)))
    blank = import_roster(write_book(tmp_path / "blank.xlsx", _with_urban(None, None, None, None)))
    assert _urban()["shule"] is True  # a blank cell left it as it is
    unmarked = import_roster(write_book(tmp_path / "unmarked.xlsx", _with_urban(None, None, "否", None)))

    assert [triples(r) for r in (marked, blank, unmarked)] == [[], [], []]
    assert [(r.updated["单位"], r.unchanged["单位"]) for r in (marked, blank, unmarked)] == [
        (1, 3),
        (0, 4),
        (1, 3),
    ]
    assert _urban()["shule"] is False
    new = AuditEvent.objects.order_by("seq")[events:]
    assert [e.action for e in new] == [
        "org.set_unit_urban", "org.import_roster", "org.set_unit_urban", "org.import_roster",
    ]  # fmt: skip
    first, second = (e for e in new if e.action == "org.set_unit_urban")
    assert (first.object_id, first.unit_path) == (str(shule.pk), shule.path)
    assert (first.before, first.after, second.before, second.after) == (
        {"urban": False}, {"urban": True}, {"urban": True}, {"urban": False},
    )  # fmt: skip
    assert ACTIONS["org.set_unit_urban"] == "更改单位的城区标记"


def test_a_workbook_without_the_column_leaves_every_unit_as_it_is(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, None, "是", None)))

    result = import_roster(write_book(tmp_path / "old.xlsx", valid_sheets()))  # an older template

    assert (triples(result), result.changed) == ([], 0)
    assert _urban()["shule"] is True


def test_a_bad_value_is_an_error_naming_the_row_and_column_and_nothing_changes(tmp_path: Path) -> None:
    before = counts()

    result = import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, None, "城区", "2")))

    assert triples(result) == [
        ("单位", 4, "城区", "“城区”不是可选值，应为“是”或“否”"),
        ("单位", 5, "城区", "“2”不是可选值，应为“是”或“否”"),
    ]
    assert [e.cell for e in result.errors] == ["G4", "G5"]
    assert counts() == before


def test_yes_on_a_unit_that_is_not_county_level_is_an_error(tmp_path: Path) -> None:
    before = counts()
    new = import_roster(write_book(tmp_path / "new.xlsx", _with_urban("是", None, None, None)))
    assert counts() == before
    import_roster(write_book(tmp_path / "roster.xlsx", _with_urban(None, None, None, None)))

    existing = import_roster(write_book(tmp_path / "existing.xlsx", _with_urban(None, "是", None, None)))

    assert triples(new) == [
        ("单位", 2, "城区", "只有县（市）级单位可以标为城区（该单位层级为“乡镇（街道）”）")
    ]
    assert triples(existing) == [("单位", 3, "城区", "只有县（市）级单位可以标为城区（该单位层级为“地区”）")]
    assert _urban()["kashgar"] is False


def test_marking_existing_units_takes_the_same_queries_for_one_or_many(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", _counties(12)))

    def queries(sheets: Sheets, name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            result = import_roster(write_book(tmp_path / name, sheets))
        assert triples(result) == []
        return len([q for q in captured.captured_queries if not q["sql"].startswith("COPY")])

    one, many = _counties(12), _counties(12)
    one["单位"][5][URBAN] = "是"
    for row in many["单位"][5:]:
        row[URBAN] = "是"
    with transaction.atomic():  # measured, then undone
        small = queries(one, "one.xlsx")
        transaction.set_rollback(True)
    large = queries(many, "many.xlsx")

    assert large == small
    assert sum(_urban().values()) == 12
    assert AuditEvent.objects.filter(action="org.set_unit_urban").count() == 12


def test_a_unit_created_by_the_service_as_urban_exports_as_yes(tmp_path: Path) -> None:
    kashgar = services.create_unit(actor=None, code="kashgar", name="喀什地区", level="prefecture")
    services.create_unit(actor=None, code="kashi", name="喀什市", level="county", parent=kashgar, urban=True)
    exported = tmp_path / "export.xlsx"

    export_roster(exported)

    units = load_workbook(exported)["单位"]
    assert [(row[0].value, row[URBAN].value) for row in units.iter_rows(min_row=2)] == [
        ("kashgar", "否"),
        ("kashi", "是"),
    ]
