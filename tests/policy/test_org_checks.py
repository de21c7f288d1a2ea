"""Structural checks over plain data: one case on each side of every rule, each citing its clause."""

from __future__ import annotations

import pytest

from zeren.policy.org_checks import (
    Department,
    DepartmentStaffing,
    Finding,
    UnitGovernment,
    department_safety_body,
    department_safety_leader,
    list_published,
    safety_leader_on_standing_committee,
    special_fund_budgeted,
)


@pytest.mark.parametrize(
    ("leaders", "members", "what"),
    [
        pytest.param({"p1"}, {"p1", "p2"}, None,
                     marks=pytest.mark.clause("art_15__para_1", pack="kashgar_2021")),
        pytest.param({"p1"}, {"p2"}, "疏勒县分管安全生产的政府领导不是本级党委常委",
                     marks=pytest.mark.clause("art_15__para_1", pack="kashgar_2021")),
        pytest.param(set(), {"p2"}, "疏勒县政府未明确分管安全生产的领导（无人在任）",
                     marks=pytest.mark.clause("art_15__para_1", pack="kashgar_2021")),
    ],
)  # fmt: skip
def test_the_safety_leader_sits_on_the_standing_committee(
    leaders: set[str], members: set[str], what: str | None
) -> None:
    unit = UnitGovernment("shule", "疏勒县", frozenset(leaders), frozenset(members))

    found = safety_leader_on_standing_committee("art_15__para_1", [unit])

    assert found == ([Finding("art_15__para_1", "shule", what)] if what else [])


@pytest.mark.clause("art_17__para_1__point_4", pack="kashgar_2021")
def test_each_department_names_a_safety_leader() -> None:
    ok = Department("a", "甲局", safety_leader_held=True)
    bare = Department("b", "乙局", safety_leader_held=False)

    assert department_safety_leader("art_17__para_1__point_4", [ok, bare]) == [
        Finding("art_17__para_1__point_4", "b", "乙局未明确一名班子成员分管安全生产工作")
    ]


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_each_post_has_its_list_published() -> None:
    found = list_published("art_74__para_1", {"x": ("县长", True), "y": ("副县长", False)})

    assert found == [Finding("art_74__para_1", "y", "副县长的安全生产责任清单尚未公布")]


@pytest.mark.parametrize(
    ("amount", "what"),
    [
        pytest.param(1, None, marks=pytest.mark.clause("art_14__para_1__point_4", pack="kashgar_2021")),
        pytest.param(0, "疏勒县2025年度安全生产专项资金未列入预算（登记为0元）",
                     marks=pytest.mark.clause("art_14__para_1__point_4", pack="kashgar_2021")),
        pytest.param(None, "疏勒县2025年度安全生产专项资金预算未登记",
                     marks=pytest.mark.clause("art_14__para_1__point_4", pack="kashgar_2021")),
    ],
)  # fmt: skip
def test_the_special_fund_is_in_the_budget(amount: int | None, what: str | None) -> None:
    found = special_fund_budgeted("art_14__para_1__point_4", 2025, {"shule": ("疏勒县", amount)})

    assert found == ([Finding("art_14__para_1__point_4", "shule", what)] if what else [])


S5 = "art_17__para_1__point_5"


@pytest.mark.parametrize(
    ("body", "staff", "what"),
    [
        pytest.param("安全生产监督管理科", 1, None, marks=pytest.mark.clause(S5, pack="kashgar_2021")),
        pytest.param("安全生产监督管理科", 0, "甲局未配备安全生产监管人员或安全生产工作人员",
                     marks=pytest.mark.clause(S5, pack="kashgar_2021")),
        pytest.param("安全生产监督管理科", None, "甲局未登记安全生产工作人员",
                     marks=pytest.mark.clause(S5, pack="kashgar_2021")),
        pytest.param("", 3, "甲局未设置安全生产监管机构或明确负责安全生产工作的机构",
                     marks=pytest.mark.clause(S5, pack="kashgar_2021")),
        pytest.param(" ", None,
                     "甲局未设置安全生产监管机构或明确负责安全生产工作的机构，未登记安全生产工作人员",
                     marks=pytest.mark.clause(S5, pack="kashgar_2021")),
    ],
)  # fmt: skip
def test_each_department_sets_up_and_staffs_a_safety_body(
    body: str, staff: int | None, what: str | None
) -> None:
    found = department_safety_body(S5, [DepartmentStaffing("a", "甲局", body, staff)])

    assert found == ([Finding(S5, "a", what)] if what else [])
