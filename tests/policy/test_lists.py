"""Deriving responsibility lists from synthetic plain data: one case on each side of every rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from zeren.policy.lists import (
    Catalogue,
    DepartmentInput,
    DutyItem,
    KindDuties,
    ListLine,
    PortfolioItem,
    PostInput,
    RoleDuties,
    SectorSupervision,
    Supervisor,
    TraitDuties,
    clause_key,
    derive_department_list,
    derive_post_list,
    fingerprint,
    group_by_source,
)


def _duties(article: int, points: int) -> tuple[DutyItem, ...]:
    return tuple(
        DutyItem(f"art_{article}__para_1__point_{n}", f"第{article}条第{n}项职责") for n in points_of(points)
    )


def points_of(count: int) -> range:
    return range(1, count + 1)


SUPERVISORY = TraitDuties(
    "supervisory_department", "负有安全监管职责的部门", ("art_18__para_1",), _duties(18, 2), "art_25__para_1"
)
INDUSTRY = TraitDuties(
    "industry_authority",
    "行业（领域）主管部门",
    ("art_18__para_2",),
    (DutyItem("art_18__para_2__point_1", "制定行业标准"),),
    "art_25__para_1",
)
TRANSPORT = KindDuties("transport", "交通运输部门", ("art_25",), _duties(25, 3), (SUPERVISORY, INDUSTRY))
FINANCE = KindDuties("finance", "财政部门", ("art_32",), _duties(32, 2))
PUBLIC_SECURITY = KindDuties("public_security", "公安部门", ("art_22",), _duties(22, 2), (SUPERVISORY,))
CATALOGUE = Catalogue(
    pack_id="test",
    pack_version="v1",
    regulation_title="测试办法",
    roles={
        "government_other_leader": RoleDuties(
            "government_other_leader", "政府领导班子其他成员", ("art_16",), False, _duties(16, 2)
        ),
        "department_principal": RoleDuties(
            "department_principal", "部门（单位）党政主要负责人", ("art_17__para_1",), True, _duties(17, 2)
        ),
        "department_other_leader": RoleDuties(
            "department_other_leader",
            "部门（单位）领导班子其他成员",
            ("art_17__para_3",),
            False,
            (DutyItem("art_17__para_3", "负直接领导责任"),),
        ),
    },
    kinds={"transport": TRANSPORT, "finance": FINANCE, "public_security": PUBLIC_SECURITY},
    sectors={
        "road_traffic": SectorSupervision(
            "road_traffic",
            "道路交通",
            (
                Supervisor(
                    "public_security",
                    "supervisory_department",
                    "道路交通安全管理",
                    ("art_22__para_1__point_1",),
                ),
                Supervisor("transport", "contributing", "危险路段治理", ("art_25__para_1__point_3",)),
            ),
        ),
        "water_traffic": SectorSupervision(
            "water_traffic",
            "水上交通",
            (Supervisor("transport", "supervisory_department", "水上交通", ("art_25__para_1",)),),
        ),
    },
)

DEPUTY = PostInput("d", "副县长", "government_other_leader", "gov", "县人民政府", "")
TRANSPORT_BUREAU = PortfolioItem(
    organisation_code="tb", organisation_name="县交通运输局", kind_code="transport"
)


def clauses(lines: list[ListLine]) -> list[str]:
    return [line.clause for line in lines]


@pytest.mark.clause("art_16__para_1", pack="kashgar_2021")
def test_a_deputy_with_no_portfolio_gets_only_art_16() -> None:
    lines = derive_post_list(CATALOGUE, DEPUTY)

    assert clauses(lines) == ["art_16__para_1__point_1", "art_16__para_1__point_2"]
    assert {line.source for line in lines} == {"role"}
    assert lines[0].reason == "岗位角色：政府领导班子其他成员 → 第十六条"
    assert lines[0].citation == "第十六条第一款第（一）项"
    assert lines[0].refs == ("role:government_other_leader",)


@pytest.mark.clause("art_16__para_1", "art_25__para_1", pack="kashgar_2021")
def test_overseeing_the_transport_bureau_adds_art_25_with_its_reason() -> None:
    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(TRANSPORT_BUREAU,)))

    assert clauses(lines) == [
        "art_16__para_1__point_1",
        "art_16__para_1__point_2",
        "art_25__para_1__point_1",
        "art_25__para_1__point_2",
        "art_25__para_1__point_3",
    ]
    added = lines[2]
    assert added.source == "portfolio_department"
    assert added.reason == "分管县交通运输局（交通运输部门） → 第二十五条"
    assert added.refs == ("organisation:tb", "kind:transport")


def test_overseeing_a_department_does_not_add_its_art_18_trait_duties() -> None:
    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(TRANSPORT_BUREAU,)))

    assert not [c for c in clauses(lines) if c.startswith("art_18")]


def test_a_portfolio_organisation_without_a_known_kind_adds_nothing() -> None:
    office = PortfolioItem(organisation_code="o", organisation_name="县政府办公室", kind_code="")

    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(office,)))

    assert clauses(lines) == ["art_16__para_1__point_1", "art_16__para_1__point_2"]


def test_a_sector_portfolio_adds_each_supervising_kinds_clauses_for_that_sector() -> None:
    sector = PortfolioItem(sector_code="road_traffic", sector_name="道路交通")

    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(sector,)))

    assert clauses(lines)[2:] == ["art_22__para_1__point_1", "art_25__para_1__point_3"]
    police = lines[2]
    assert police.source == "portfolio_sector"
    assert police.summary == "第22条第1项职责"
    assert (
        police.reason == "分管道路交通行业（领域），公安部门（负有安全监管职责的部门）负责道路交通安全管理"
        " → 第二十二条第一款第（一）项"
    )
    assert police.refs == ("sector:road_traffic", "kind:public_security")


def test_a_sector_clause_naming_a_paragraph_gives_one_line_for_the_paragraph() -> None:
    sector = PortfolioItem(sector_code="water_traffic", sector_name="水上交通")

    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(sector,)))

    assert clauses(lines)[2:] == ["art_25__para_1"]
    assert lines[2].summary == "督促指导交通运输部门依照本条履行所涉行业（领域）安全生产职责"
    assert lines[2].citation == "第二十五条第一款"


def test_an_unknown_sector_adds_nothing() -> None:
    sector = PortfolioItem(sector_code="nowhere", sector_name="?")

    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(sector,)))

    assert len(lines) == 2


def test_a_clause_reached_twice_appears_once_with_both_reasons_in_its_first_sources_place() -> None:
    sector = PortfolioItem(sector_code="road_traffic", sector_name="道路交通")

    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(TRANSPORT_BUREAU, sector)))

    assert clauses(lines).count("art_25__para_1__point_3") == 1
    merged = next(line for line in lines if line.clause == "art_25__para_1__point_3")
    assert merged.source == "portfolio_department"
    assert [r.source for r in merged.reasons] == ["portfolio_department", "portfolio_sector"]
    assert merged.reason == (
        "分管县交通运输局（交通运输部门） → 第二十五条；"
        "分管道路交通行业（领域），交通运输部门（承担相关环节职责的部门）负责危险路段治理"
        " → 第二十五条第一款第（三）项"
    )
    # portfolio_department lines come before portfolio_sector lines
    assert clauses(lines)[2:] == [
        "art_25__para_1__point_1",
        "art_25__para_1__point_2",
        "art_25__para_1__point_3",
        "art_22__para_1__point_1",
    ]


def test_the_same_organisation_overseen_twice_gives_one_reason() -> None:
    lines = derive_post_list(CATALOGUE, replace(DEPUTY, portfolio=(TRANSPORT_BUREAU, TRANSPORT_BUREAU)))

    assert len(lines[2].reasons) == 1


@pytest.mark.clause("art_17__para_1", "art_18__para_1", pack="kashgar_2021")
def test_the_principal_of_a_supervisory_department_gets_art_17_its_article_and_art_18() -> None:
    principal = PostInput("p", "局长", "department_principal", "tb", "县交通运输局", "transport")

    lines = derive_post_list(CATALOGUE, principal)

    assert clauses(lines) == [
        "art_17__para_1__point_1",
        "art_17__para_1__point_2",
        "art_25__para_1__point_1",
        "art_25__para_1__point_2",
        "art_25__para_1__point_3",
        "art_18__para_1__point_1",
        "art_18__para_1__point_2",
        "art_18__para_2__point_1",
    ]
    by_clause = {line.clause: line for line in lines}
    assert (
        by_clause["art_17__para_1__point_1"].reason == "岗位角色：部门（单位）党政主要负责人 → 第十七条第一款"
    )
    assert by_clause["art_25__para_1__point_1"].reason == "本部门为交通运输部门 → 第二十五条"
    assert by_clause["art_25__para_1__point_1"].source == "department_kind"
    assert by_clause["art_18__para_1__point_1"].reason == "本部门为负有安全监管职责的部门 → 第十八条第一款"
    assert by_clause["art_18__para_1__point_1"].source == "trait"
    assert by_clause["art_18__para_2__point_1"].reason == "本部门为行业（领域）主管部门 → 第十八条第二款"


@pytest.mark.clause("art_17__para_1", "art_18__para_1", pack="kashgar_2021")
def test_the_principal_of_a_department_without_traits_gets_no_art_18() -> None:
    principal = PostInput("p", "局长", "department_principal", "fb", "县财政局", "finance")

    lines = derive_post_list(CATALOGUE, principal)

    assert clauses(lines) == [
        "art_17__para_1__point_1",
        "art_17__para_1__point_2",
        "art_32__para_1__point_1",
        "art_32__para_1__point_2",
    ]


def test_a_role_that_does_not_hold_kind_duties_gets_none_of_its_departments() -> None:
    deputy = PostInput("x", "副局长", "department_other_leader", "tb", "县交通运输局", "transport")

    lines = derive_post_list(CATALOGUE, deputy)

    assert clauses(lines) == ["art_17__para_3"]


def test_an_unknown_role_derives_only_from_the_portfolio() -> None:
    post = PostInput("u", "?", "no_such_role", portfolio=(TRANSPORT_BUREAU,))

    assert [line.source for line in derive_post_list(CATALOGUE, post)] == ["portfolio_department"] * 3


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_a_department_list_has_its_own_duties_then_each_posts_list() -> None:
    principal = PostInput("p", "局长", "department_principal", "tb", "县交通运输局", "transport")
    deputy = PostInput("x", "副局长", "department_other_leader", "tb", "县交通运输局", "transport")

    department = derive_department_list(
        CATALOGUE, DepartmentInput("tb", "县交通运输局", "transport", (principal, deputy))
    )

    assert [line.clause for line in department.lines] == [
        "art_25__para_1__point_1",
        "art_25__para_1__point_2",
        "art_25__para_1__point_3",
        "art_18__para_1__point_1",
        "art_18__para_1__point_2",
        "art_18__para_2__point_1",
    ]
    assert department.lines[0].refs == ("organisation:tb", "kind:transport")
    assert [(p.post_code, len(p.lines)) for p in department.posts] == [("p", 8), ("x", 1)]


def test_a_body_without_a_kind_has_no_own_lines() -> None:
    department = derive_department_list(CATALOGUE, DepartmentInput("gov", "县人民政府", "", (DEPUTY,)))

    assert department.lines == ()
    assert len(department.posts[0].lines) == 2


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("art_9__para_1__point_2", "art_10__para_1__point_1"),
        ("art_25__para_1", "art_25__para_1__point_1"),
        ("art_25__para_1__point_2", "art_25__para_1__point_10"),
        ("art_17__para_1__point_9", "art_17__para_2"),
        ("art_10", "art_10_1"),
    ],
)
def test_clause_order_is_document_order(earlier: str, later: str) -> None:
    assert clause_key(earlier) < clause_key(later)


def test_derivation_is_deterministic_and_the_fingerprint_ignores_key_order() -> None:
    post = replace(DEPUTY, portfolio=(TRANSPORT_BUREAU,))

    first = [line.as_dict() for line in derive_post_list(CATALOGUE, post)]
    second = [line.as_dict() for line in derive_post_list(CATALOGUE, post)]

    assert first == second
    assert fingerprint({"a": 1, "b": first}) == fingerprint({"b": second, "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_lines_group_under_their_source_headings() -> None:
    principal = PostInput("p", "局长", "department_principal", "tb", "县交通运输局", "transport")

    groups = group_by_source(derive_post_list(CATALOGUE, principal))

    assert [(label, len(lines)) for label, lines in groups] == [
        ("岗位职责", 2),
        ("本部门职责", 3),
        ("监管部门、行业主管部门共同职责", 3),
    ]
