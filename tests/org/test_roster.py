"""The roster workbook: template, validated atomic import, dry run, upsert of changed rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.org.models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit
from zeren.org.roster import import_roster, write_template
from zeren.org.roster.schema import SHEETS
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = pytest.mark.django_db

D = dt.date
Sheets = dict[str, list[list[Any]]]


def headers(title: str) -> list[str]:
    return [c.header for c in next(s for s in SHEETS if s.title == title).columns]


def valid_sheets() -> Sheets:
    """A county: a township listed before its parent, a zone, bodies, posts, people, a reorganisation."""
    return {
        "单位": [
            headers("单位"),
            ["shule-yengi", "英吾斯坦乡", "乡镇（街道）", "shule", None, 2],  # before its parent on purpose
            ["kashgar", "喀什地区", "地区", None, None, 0],
            ["shule", "疏勒县", "县（市）", "kashgar", None, 1],
            ["shule-park", "疏勒县工业园区", "功能区", "shule", "工业园区", 3],
        ],
        "机构": [
            headers("机构"),
            ["shule-gov", "shule", "疏勒县人民政府", "政府", None, D(2019, 1, 1), None],
            ["shule-transport", "shule", "疏勒县交通运输局", "政府工作部门", "transport", "2019-01-01", None],
            [
                "shule-safety",
                "shule",
                "疏勒县安全生产监督管理局",
                "政府工作部门",
                "emergency_management",
                D(2015, 1, 1),
                D(2019, 3, 31),
            ],
            [
                "shule-emergency",
                "shule",
                "疏勒县应急管理局",
                "政府工作部门",
                "emergency_management",
                D(2019, 4, 1),
                None,
            ],
        ],
        "岗位": [
            headers("岗位"),
            ["shule-head", "shule-gov", "疏勒县人民政府县长", "government_principal", D(2019, 1, 1), None],
            [
                "shule-deputy",
                "shule-gov",
                "疏勒县人民政府副县长",
                "government_other_leader",
                "2019/1/1",
                None,
            ],
            [
                "shule-safety-head",
                "shule-safety",
                "局长",
                "department_principal",
                D(2015, 1, 1),
                D(2019, 3, 31),
            ],
        ],
        "人员": [
            headers("人员"),
            ["p001", "张三", None, None],
            ["p002", "李四", None, "援疆干部"],
            ["p003", "王五", D(2023, 6, 30), None],
        ],
        "任职": [
            headers("任职"),
            ["p001", "shule-head", D(2019, 1, 1), None, "否", None],
            ["p002", "shule-deputy", D(2019, 1, 1), D(2021, 12, 31), None, None],
            ["p003", "shule-deputy", D(2022, 1, 1), D(2023, 6, 30), "否", None],
            ["p003", "shule-safety-head", D(2016, 5, 1), D(2019, 3, 31), "否", None],
            ["p002", "shule-head", D(2020, 2, 1), D(2020, 3, 1), "是", None],  # acting beside a full holder
        ],
        "分管": [
            headers("分管"),
            ["shule-deputy", "shule-transport", "road_transport", D(2019, 1, 1), None],
            ["shule-deputy", None, "fireworks", D(2019, 1, 1), D(2021, 12, 31)],
        ],
        "机构改革": [
            headers("机构改革"),
            ["shule-safety", "shule-emergency", D(2019, 4, 1), "更名", "2019 年机构改革"],
        ],
    }


def write_book(path: Path, sheets: Sheets) -> Path:
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, Organisation, Post, Person, Tenure, Portfolio, Succession, AuditEvent)
    }


def triples(result: Any) -> list[tuple[str, int, str, str]]:
    return [(e.sheet, e.row, e.column, e.reason) for e in result.errors]


# -- template -----------------------------------------------------------------------------------


def test_template_has_every_sheet_with_chinese_headers_and_enum_lists(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"

    write_template(path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["单位", "机构", "岗位", "人员", "任职", "分管", "机构改革"]
    units = workbook["单位"]
    assert [c.value for c in units[1]] == [
        "单位标识",
        "单位名称",
        "层级",
        "上级单位标识",
        "功能区类型",
        "排序",
        "城区",
    ]
    assert [c.value for c in workbook["任职"][1]] == [
        "人员编号",
        "岗位标识",
        "任职日期",
        "离任日期",
        "代理",
        "离任原因",
    ]
    assert units.freeze_panes == "A2"
    assert units.column_dimensions["B"].width == 22
    lists = {str(v.sqref): v.formula1 for v in units.data_validations.dataValidation}
    assert lists == {"C2:C1048576": '"地区,县（市）,乡镇（街道）,功能区"', "G2:G1048576": '"是,否"'}
    tenure_lists = {str(v.sqref): v.formula1 for v in workbook["任职"].data_validations.dataValidation}
    assert tenure_lists == {"E2:E1048576": '"是,否"', "F2:F1048576": '"调任,提拔,退休,免职,岗位撤销,其他"'}
    org_lists = {str(v.sqref): v.formula1 for v in workbook["机构"].data_validations.dataValidation}
    assert org_lists["D2:D1048576"].startswith('"党委,政府,党委工作机关,政府工作部门')
    assert "代码表" not in workbook.sheetnames  # no pack loaded: no code lists


def test_template_lists_pack_codes_on_a_hidden_sheet_when_a_pack_is_loaded(tmp_path: Path) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    path = tmp_path / "template.xlsx"

    write_template(path)

    workbook = load_workbook(path)
    codes = workbook["代码表"]
    assert codes.sheet_state == "hidden"
    assert (codes["A1"].value, codes["A2"].value, codes["B2"].value) == (
        "角色标识",
        "party_principal",
        codes["B2"].value,
    )
    posts = {str(v.sqref): v.formula1 for v in workbook["岗位"].data_validations.dataValidation}
    assert posts == {"D2:D1048576": "'代码表'!$A$2:$A$13"}  # the pack's 12 roles
    portfolios = {str(v.sqref): v.formula1 for v in workbook["分管"].data_validations.dataValidation}
    assert portfolios == {"C2:C1048576": "'代码表'!$E$2:$E$46"}  # the pack's 45 sectors
    kinds = {str(v.sqref): v.formula1 for v in workbook["机构"].data_validations.dataValidation}
    assert kinds["E2:E1048576"] == "'代码表'!$C$2:$C$46"  # the pack's 45 department kinds


# -- import -------------------------------------------------------------------------------------


def test_valid_workbook_creates_everything_through_audited_services(tmp_path: Path) -> None:
    path = write_book(tmp_path / "roster.xlsx", valid_sheets())

    result = import_roster(path, source_name="roster.xlsx")

    assert triples(result) == []
    assert result.created == {"单位": 4, "机构": 4, "岗位": 3, "人员": 3, "任职": 5, "分管": 2, "机构改革": 1}
    assert sum(result.updated.values()) == sum(result.unchanged.values()) == 0
    township = Unit.objects.get(code="shule-yengi")
    assert (township.parent.code if township.parent else None, township.path) == ("shule", "0001/0001/0001/")
    assert Unit.objects.get(code="shule-park").zone_kind == "工业园区"
    assert Organisation.objects.get(code="shule-transport").start == D(2019, 1, 1)
    assert Post.objects.get(code="shule-deputy").start == D(2019, 1, 1)
    assert Tenure.objects.get(person__code="p002", post__code="shule-head").acting is True
    assert Person.objects.get(code="p003").retired_on == D(2023, 6, 30)
    assert Succession.objects.get().kind == "rename"
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions.count("org.create_unit") == 4
    assert actions.count("org.appoint") == 5
    assert actions.count("org.assign_portfolio") == 2
    assert actions[-3:] == ["org.reorganise", "org.retire", "org.import_roster"]
    summary = AuditEvent.objects.get(action="org.import_roster")
    assert (summary.actor_id, summary.object_id, summary.note) == (
        None,
        "roster.xlsx",
        "命令行导入，操作人为系统",
    )
    assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {None}


def test_bad_rows_are_all_reported_by_sheet_row_and_column_and_nothing_changes(tmp_path: Path) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    sheets = valid_sheets()
    sheets["单位"].append(["shule-lost", "某乡", "乡镇（街道）", "nowhere", None, 0])  # row 6
    sheets["机构"][2][5] = "2019-13-01"  # 机构!F3
    sheets["岗位"][2][3] = "vice_king"  # 岗位!D3
    sheets["人员"][2][1] = None  # 人员!B3
    sheets["任职"].append(["p002", "shule-head", D(2020, 6, 1), None, "否", None])  # row 7 overlaps p001
    sheets["分管"][1][4] = D(2018, 12, 31)  # 分管!E2 before its start
    path = write_book(tmp_path / "bad.xlsx", sheets)
    before = counts()

    result = import_roster(path)

    assert not result.ok
    assert triples(result) == [
        ("单位", 6, "上级单位标识", "上级单位“nowhere”不存在（本工作簿和数据库中都没有）"),
        ("机构", 3, "设立日期", "“2019-13-01”不是有效日期"),
        ("岗位", 3, "角色标识", "当前政策包中没有岗位角色“vice_king”"),
        ("人员", 3, "姓名", "不能为空"),
        ("任职", 7, "任职日期", "与人员“p001”自 2019-01-01 起的任职重叠（同一岗位同一时间只能有一名正职）"),
        ("分管", 2, "结束日期", "结束日期（2018-12-31）早于开始日期（2019-01-01）"),
    ]
    assert [e.cell for e in result.errors] == ["D6", "F3", "D3", "B3", "C7", "E2"]
    assert counts() == before


def test_structural_errors_tenure_outside_post_retirement_and_reorganisation_dates(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["任职"][4][3] = None  # p003 left the abolished post open (row 5)
    sheets["任职"].append(
        ["p001", "shule-deputy", D(2018, 1, 1), D(2018, 6, 30), "是", None]
    )  # before the post
    sheets["人员"][3][2] = D(2023, 1, 31)  # p003 retires before their last tenure ends
    sheets["机构改革"][1][2] = D(2019, 5, 1)  # not the day after the predecessor's end
    sheets["单位"][1][3] = None  # a township without a parent
    path = write_book(tmp_path / "bad.xlsx", sheets)

    result = import_roster(path)

    assert triples(result) == [
        ("单位", 2, "上级单位标识", "不能为空（县（市）、乡镇（街道）、功能区须填上级单位）"),
        ("任职", 4, "离任日期", "人员“p003”于 2023-01-31 退休，离任日期应填写且不晚于退休日期"),
        ("任职", 5, "离任日期", "岗位“shule-safety-head”于 2019-03-31 撤销，离任日期应填写且不晚于该日"),
        ("任职", 5, "离任日期", "人员“p003”于 2023-01-31 退休，离任日期应填写且不晚于退休日期"),
        ("任职", 7, "任职日期", "岗位“shule-deputy”设立于 2019-01-01，任职日期不能更早"),
        (
            "机构改革",
            2,
            "生效日期",
            "原机构“shule-safety”的撤销日期应为 2019-04-30（生效日期前一天），机构表中为2019-03-31",
        ),
    ]
    assert Unit.objects.count() == 0


def test_missing_required_column_is_reported_on_the_header_row(tmp_path: Path) -> None:
    path = write_book(tmp_path / "bad.xlsx", {"人员": [["人员编号", "备注"], ["p001", "x"]]})

    result = import_roster(path)

    assert triples(result) == [("人员", 1, "姓名", "缺少必填列")]


def test_dry_run_of_a_valid_workbook_reports_the_counts_and_changes_nothing(tmp_path: Path) -> None:
    path = write_book(tmp_path / "roster.xlsx", valid_sheets())
    before = counts()

    result = import_roster(path, dry_run=True)

    assert result.ok
    assert result.dry_run
    assert result.created["任职"] == 5
    assert counts() == before


def test_reimport_changes_nothing_and_a_tenure_gaining_an_end_is_ended(tmp_path: Path) -> None:
    path = write_book(tmp_path / "roster.xlsx", valid_sheets())
    import_roster(path)
    events = AuditEvent.objects.count()

    again = import_roster(path)

    assert (again.ok, sum(again.created.values()), sum(again.updated.values())) == (True, 0, 0)
    assert again.unchanged == {
        "单位": 4,
        "机构": 4,
        "岗位": 3,
        "人员": 3,
        "任职": 5,
        "分管": 2,
        "机构改革": 1,
    }
    assert AuditEvent.objects.count() == events

    sheets = valid_sheets()
    sheets["任职"][1][3:6] = [D(2024, 3, 31), "否", "调任"]
    sheets["分管"][1][4] = D(2024, 3, 31)
    changed = import_roster(write_book(tmp_path / "changed.xlsx", sheets))

    assert triples(changed) == []
    assert (changed.updated["任职"], changed.updated["分管"], changed.unchanged["任职"]) == (1, 1, 4)
    tenure = Tenure.objects.get(person__code="p001", post__code="shule-head")
    assert (tenure.end, tenure.end_reason) == (D(2024, 3, 31), "transfer")
    new_actions = AuditEvent.objects.order_by("seq").values_list("action", flat=True)[events:]
    assert list(new_actions) == ["org.end_tenure", "org.end_portfolio", "org.import_roster"]


def test_changing_an_immutable_field_is_an_error_naming_the_database_value(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", valid_sheets()))
    sheets = valid_sheets()
    sheets["单位"][4][3] = "kashgar"  # move the zone under the prefecture
    sheets["人员"][1][1] = "张叁"
    sheets["任职"][1][3] = None
    sheets["任职"][2][3] = D(2022, 1, 31)  # a closed tenure's end rewritten
    before = counts()

    result = import_roster(write_book(tmp_path / "changed.xlsx", sheets))

    assert triples(result) == [
        ("单位", 5, "上级单位标识", "不支持通过导入移动单位（数据库中上级单位为“shule”）"),
        ("人员", 2, "姓名", "不支持通过导入修改（数据库中为“张三”）"),
        ("任职", 3, "离任日期", "不支持通过导入修改或清除离任日期（数据库中为 2021-12-31）"),
    ]
    assert counts() == before


def test_not_a_workbook_raises_a_file_error(tmp_path: Path) -> None:
    from zeren.org.roster import RosterFileError

    path = tmp_path / "roster.xlsx"
    path.write_text("not a workbook", encoding="utf-8")

    with pytest.raises(RosterFileError):
        import_roster(path)


def test_an_existing_body_is_reorganised_when_the_workbook_registers_the_reorganisation(
    tmp_path: Path,
) -> None:
    sheets = valid_sheets()
    sheets["机构"][3][6] = None  # 安监局 still open, with its post and p003's tenure in it
    sheets["岗位"][3][5] = None
    sheets["任职"][4][3] = None
    sheets["人员"][3][2] = None  # p003 not retired, and not yet at shule-deputy
    del sheets["任职"][3]
    del sheets["机构改革"]
    import_roster(write_book(tmp_path / "before.xlsx", sheets))
    events = AuditEvent.objects.count()
    sheets["机构"][3][6] = D(2019, 3, 31)
    sheets["岗位"][3][5] = D(2019, 3, 31)
    sheets["任职"][3][3:6] = [D(2019, 3, 31), "否", "岗位撤销"]
    sheets["机构改革"] = valid_sheets()["机构改革"]

    result = import_roster(write_book(tmp_path / "after.xlsx", sheets))

    assert triples(result) == []
    assert (result.updated["机构"], result.updated["岗位"], result.updated["任职"]) == (1, 1, 1)
    assert result.created["机构改革"] == 1
    assert Organisation.objects.get(code="shule-safety").end == D(2019, 3, 31)
    assert Post.objects.get(code="shule-safety-head").end == D(2019, 3, 31)
    new_actions = AuditEvent.objects.order_by("seq").values_list("action", flat=True)[events:]
    assert list(new_actions) == ["org.end_tenure", "org.reorganise", "org.import_roster"]
    assert import_roster(write_book(tmp_path / "after.xlsx", sheets)).changed == 0


def test_ending_an_existing_body_without_a_reorganisation_is_refused(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", valid_sheets()))
    sheets = valid_sheets()
    sheets["机构"][2][6] = D(2024, 12, 31)

    result = import_roster(write_book(tmp_path / "changed.xlsx", sheets))

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("机构", 3, "撤销日期")]
    assert Organisation.objects.get(code="shule-transport").end is None


def test_duplicate_codes_and_parent_cycles_are_errors(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["单位"] += [
        ["loop-a", "甲", "乡镇（街道）", "loop-b", None, 0],
        ["loop-b", "乙", "乡镇（街道）", "loop-a", None, 0],
        ["shule", "疏勒县", "县（市）", "kashgar", None, 1],
    ]

    result = import_roster(write_book(tmp_path / "bad.xlsx", sheets))

    assert triples(result) == [
        ("单位", 6, "上级单位标识", "上级单位形成循环：loop-a → loop-b → loop-a"),
        ("单位", 8, "单位标识", "与第 4 行重复"),
    ]


def test_a_new_ended_tenure_keeps_its_dates_and_warns_that_the_reason_is_not_stored(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["任职"][2][5] = "调任"

    result = import_roster(write_book(tmp_path / "roster.xlsx", sheets))

    assert result.ok
    tenure = Tenure.objects.get(person__code="p002", post__code="shule-deputy")
    assert tenure.end == D(2021, 12, 31)
    if tenure.end_reason:  # once appoint() takes end_reason
        assert (tenure.end_reason, result.warnings) == ("transfer", [])
    else:
        assert [(w.sheet, w.row, w.column) for w in result.warnings] == [("任职", 3, "离任原因")]


def test_an_end_filled_in_later_is_checked_like_a_new_one(tmp_path: Path) -> None:
    import_roster(write_book(tmp_path / "roster.xlsx", valid_sheets()))
    sheets = valid_sheets()
    sheets["人员"][1][2] = D(2023, 12, 31)  # p001 retires …
    sheets["任职"][1][3] = D(2024, 3, 31)  # … but their tenure is ended after that
    before = counts()

    result = import_roster(write_book(tmp_path / "changed.xlsx", sheets))

    assert triples(result) == [
        ("任职", 2, "离任日期", "人员“p001”于 2023-12-31 退休，离任日期应填写且不晚于退休日期"),
    ]
    assert counts() == before


# -- bulk path ----------------------------------------------------------------------------------


def _grown(extra: int) -> Sheets:
    """``valid_sheets`` with ``extra`` more departments, each with a post, a holder and a portfolio."""
    sheets = valid_sheets()
    for n in range(extra):
        code = f"shule-dept-{n}"
        sheets["机构"].append(
            [code, "shule", f"疏勒县第{n}局", "政府工作部门", "transport", D(2019, 1, 1), None]
        )
        sheets["岗位"].append([f"{code}-head", code, "局长", "department_principal", D(2019, 1, 1), None])
        sheets["人员"].append([f"q{n:03d}", f"人员{n}", None, None])
        sheets["任职"].append([f"q{n:03d}", f"{code}-head", D(2019, 1, 1), None, "否", None])
        sheets["分管"].append(["shule-deputy", code, None, D(2019, 1, 1), None])
    return sheets


def _import_queries(path: Path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = import_roster(path)
    assert triples(result) == []
    return len(queries)


def test_import_queries_do_not_grow_with_the_rows_and_every_row_is_audited(tmp_path: Path) -> None:
    from django.db import transaction

    with transaction.atomic():  # measured, then undone
        small = _import_queries(write_book(tmp_path / "small.xlsx", _grown(2)))
        transaction.set_rollback(True)

    large = _import_queries(write_book(tmp_path / "large.xlsx", _grown(60)))

    assert large == small
    assert Organisation.objects.filter(code__startswith="shule-dept-").count() == 60
    assert Tenure.objects.filter(person__code__startswith="q").count() == 60
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert (actions.count("org.appoint"), actions.count("org.assign_portfolio")) == (65, 62)  # one a row
    assert actions.count("org.create_person") == 63
    tenure = Tenure.objects.get(person__code="q059")
    event = AuditEvent.objects.get(action="org.appoint", object_id=str(tenure.pk))
    assert (event.object_repr, event.unit_path) == ("人员59 → 局长", tenure.post.unit.path)
    assert event.after == {
        "id": tenure.pk, "person": tenure.person_id, "post": tenure.post_id, "start": "2019-01-01",
        "end": None, "acting": False, "end_reason": "",
    }  # fmt: skip


def test_a_batch_the_database_refuses_goes_row_by_row_and_the_error_names_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zeren.org.roster import bulk

    path = write_book(tmp_path / "roster.xlsx", valid_sheets())
    real = bulk.insert_new

    def racing(model: Any, *args: Any, **kwargs: Any) -> Any:
        if model is Person:  # another session writes p002 after the plan was made
            Person.objects.create(code="p002", name="他人")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(bulk, "insert_new", racing)
    before = counts()

    result = import_roster(path)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("人员", 3, "人员编号")]
    assert result.errors[0].reason.startswith("数据库约束冲突：")
    assert counts() == before


@pytest.mark.clause("art_17__para_1__point_5", pack="kashgar_2021")
def test_a_departments_safety_body_and_staff_are_imported_and_updated_but_never_cleared(
    tmp_path: Path,
) -> None:
    sheets = valid_sheets()
    sheets["机构"][2] += ["安全生产监督管理科", 2]  # shule-transport
    import_roster(write_book(tmp_path / "roster.xlsx", sheets))
    transport = Organisation.objects.get(code="shule-transport")
    assert (transport.safety_body, transport.safety_staff) == ("安全生产监督管理科", 2)
    assert Organisation.objects.get(code="shule-emergency").safety_staff is None  # blank: not entered
    events = AuditEvent.objects.count()

    sheets["机构"][2][8] = 3
    sheets["机构"][4] += [None, 5]  # shule-emergency: staff only
    changed = import_roster(write_book(tmp_path / "changed.xlsx", sheets))
    sheets["机构"][2][7:9] = [None, None]  # blank cells leave the database as it is
    again = import_roster(write_book(tmp_path / "blank.xlsx", sheets))

    assert triples(changed) == []
    assert (changed.updated["机构"], changed.unchanged["机构"]) == (2, 2)
    assert (again.updated.get("机构", 0), again.unchanged["机构"]) == (0, 4)
    transport.refresh_from_db()
    emergency = Organisation.objects.get(code="shule-emergency")
    assert (transport.safety_body, transport.safety_staff) == ("安全生产监督管理科", 3)
    assert (emergency.safety_body, emergency.safety_staff) == ("", 5)
    new_actions = AuditEvent.objects.order_by("seq").values_list("action", flat=True)[events:]
    assert list(new_actions) == [
        "org.record_safety_staffing",
        "org.record_safety_staffing",
        "org.import_roster",
    ]


def test_a_staff_count_that_is_not_a_count_is_a_row_error(tmp_path: Path) -> None:
    sheets = valid_sheets()
    sheets["机构"][2] += ["安全生产监督管理科", "两名"]
    sheets["机构"][3] += [None, 20000]
    before = counts()

    result = import_roster(write_book(tmp_path / "roster.xlsx", sheets))

    assert triples(result) == [
        ("机构", 3, "安全生产工作人员数", "“两名”不是非负整数"),
        ("机构", 4, "安全生产工作人员数", "“20000”超过 10000"),
    ]
    assert counts() == before
