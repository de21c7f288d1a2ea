"""Lists derived from the Kashgar demo: the right articles with their reasons, in bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zeren.duties.selectors import Derived, ListContext, subtree_owners
from zeren.org import services as org_services
from zeren.org.models import Portfolio, Unit

from .conftest import DEPUTY, ON, Demo, organisation, post


def lines(derived: Derived) -> list[dict[str, Any]]:
    return [line for section in derived.content["sections"] for line in section["lines"]]


def by_clause(derived: Derived) -> dict[str, dict[str, Any]]:
    return {line["clause"]: line for line in lines(derived)}


@pytest.mark.clause("art_16__para_1", pack="kashgar_2021")
def test_a_deputy_head_gets_art_16_and_the_articles_of_what_they_oversee(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post(DEPUTY))

    found = by_clause(derived)
    assert [s["heading"] for s in derived.content["sections"]] == [
        "岗位职责",
        "分管部门（单位）",
        "分管行业（领域）",
    ]
    assert found["art_16__para_1__point_1"]["reason"] == "岗位角色：政府领导班子其他成员 → 第十六条"
    # pack duties.portfolio_department = oversight: one line per overseen department, citing its article;
    # the article's points are the department principal's (art. 17, art. 18 "其主要负责人的安全生产职责")
    assert found["art_25"]["reason"] == (
        "分管疏勒县交通运输局（交通运输部门），督促指导其履职（第十六条第一款） → 第二十五条"
    )
    assert found["art_25"]["citation"] == "第二十五条"
    assert found["art_25"]["summary"] == "督促指导分管的交通运输部门履行本条规定的安全生产职责"
    assert "art_25__para_1__point_4" not in found
    assert found["art_25__para_1__point_2"]["reason"] == (
        "分管交通建设工程（公路、水运）行业（领域），"
        "交通运输部门（负有安全监管职责的部门、行业（领域）主管部门）负责交通建设项目施工"
        " → 第二十五条第一款第（二）项"
    )
    assert found["art_22"]["source"] == "portfolio_department"
    assert "分管民用爆炸物品行业（领域）" in found["art_21__para_1__point_5"]["reason"]
    assert not [c for c in found if c.startswith(("art_17", "art_18"))]
    assert derived.content["header"]["title"] == "疏勒县人民政府副县长安全生产责任清单"
    assert derived.content["header"]["regulation_slug"] == "kashgar-2021"


@pytest.mark.clause("art_17__para_1", "art_18__para_1", "art_18__para_2", pack="kashgar_2021")
def test_a_supervisory_departments_principal_gets_art_17_its_article_and_art_18(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post("shule-transport-principal"))

    found = by_clause(derived)
    sources = {line["source"] for line in lines(derived)}
    assert sources == {"role", "department_kind", "trait"}
    assert len([c for c in found if c.startswith("art_17__para_1__")]) == 9
    assert len([c for c in found if c.startswith("art_25__")]) == 6
    assert found["art_18__para_1__point_1"]["reason"] == "本部门为负有安全监管职责的部门 → 第十八条第一款"
    assert found["art_18__para_2__point_1"]["reason"] == "本部门为行业（领域）主管部门 → 第十八条第二款"


@pytest.mark.clause("art_17__para_3", pack="kashgar_2021")
def test_a_departments_other_deputy_gets_only_art_17_para_3(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post("shule-transport-deputy-1"))

    assert list(by_clause(derived)) == ["art_17__para_3"]


def test_a_department_without_traits_gets_no_art_18(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post("shule-finance-principal"))

    assert not [c for c in by_clause(derived) if c.startswith("art_18")]
    assert "art_32__para_1__point_1" in by_clause(derived)


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_a_department_list_has_its_own_duties_then_each_post(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_organisation(organisation("shule-transport"))

    headings = [s["heading"] for s in derived.content["sections"]]
    assert post("shule-transport-section-1").role_code == "department_section_head"  # no list: no section
    assert headings[0] == "本部门（单位）职责"
    assert headings[1:] == [
        "疏勒县交通运输局局长",
        "疏勒县交通运输局副局长（分管安全生产）",
        "疏勒县交通运输局副局长",
        "疏勒县交通运输局副局长",
    ]
    own = derived.content["sections"][0]["lines"]
    assert [line["clause"] for line in own][:2] == ["art_25__para_1__point_1", "art_25__para_1__point_2"]
    assert own[0]["reason"] == "本部门为交通运输部门 → 第二十五条"


@pytest.mark.clause("art_72__para_1", pack="kashgar_2021")
def test_a_portfolio_over_a_reorganised_body_passes_to_its_successor(demo: Demo) -> None:
    """Art. 72: the overseen bureau ended in 2021; its duties are the new emergency bureau's."""
    executive = post("jiashi-gov-executive")
    old = organisation("jiashi-work-safety")
    Portfolio.objects.filter(post=executive, organisation__code="jiashi-emergency").delete()
    org_services.assign_portfolio(actor=None, post=executive, organisation=old, start=old.start)

    derived = ListContext(on=ON).derive_post(executive)

    reason = by_clause(derived)["art_19"]["reason"]
    assert reason == (
        "分管伽师县应急管理局（应急管理部门），原伽师县安全生产监督管理局职责由其承接（第七十二条），"
        "督促指导其履职（第十六条第一款） → 第十九条"
    )


@pytest.mark.clause("art_15__para_1", "art_16__para_1", "art_16__para_1__point_4", pack="kashgar_2021")
def test_the_executive_deputy_in_charge_of_safety_also_holds_art_16_for_their_portfolio(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post("shule-gov-executive"))

    found = by_clause(derived)
    assert found["art_15__para_1__point_3"]["source"] == "role"
    assert [c for c in found if c.startswith("art_16__")] == [
        f"art_16__para_1__point_{n}" for n in range(1, 8)
    ]
    assert found["art_16__para_1__point_4"]["reason"] == (
        "分管安全生产的政府领导（本级党委常委）同为政府领导班子其他成员 → 第十六条第一款"
    )


@pytest.mark.clause("art_4__para_1__point_2", "art_4__para_1__point_5", "art_73__para_1", pack="kashgar_2021")
def test_a_township_secretary_reads_the_party_committee_meeting_and_has_no_bureau_to_build(
    demo: Demo,
) -> None:
    derived = ListContext(on=ON).derive_post(post("shule-baren-secretary"))

    found = by_clause(derived)
    assert found["art_4__para_1__point_2"]["summary"] == "每年至少主持1次党委会专题听取安全生产汇报"
    assert "常委会" not in found["art_4__para_1__point_3"]["summary"]
    assert "art_4__para_1__point_5" not in found  # 健全应急管理机构、核定编制: not a township's
    assert found["art_4__para_1__point_1"]["reason"] == (
        "岗位角色：党委主要负责人 → 第四条（乡镇（街道）参照执行，第七十三条第一款）"
    )


@pytest.mark.clause("art_4__para_1__point_2", pack="kashgar_2021")
def test_a_county_secretary_keeps_the_standing_committee(demo: Demo) -> None:
    found = by_clause(ListContext(on=ON).derive_post(post("shule-party-secretary")))

    assert found["art_4__para_1__point_2"]["summary"] == "每年至少主持1次党委常委会专题听取安全生产汇报"
    assert "art_4__para_1__point_5" in found


def test_a_sector_lead_in_clause_gives_one_line_with_every_sectors_reason(demo: Demo) -> None:
    derived = ListContext(on=ON).derive_post(post(DEPUTY))

    lead_in = by_clause(derived)["art_25__para_1"]
    assert lead_in["summary"] == "督促指导交通运输部门依照本条履行所涉行业（领域）安全生产职责"
    assert [r["refs"][0] for r in lead_in["reasons"]] == [
        "sector:road_transport",
        "sector:dangerous_goods_transport",
        "sector:transport_construction",
        "sector:water_traffic",
    ]


def test_deriving_a_whole_county_takes_a_bounded_number_of_queries(demo: Demo) -> None:
    def derive_all(code: str) -> tuple[int, int]:
        unit = Unit.objects.get(code=code)
        with CaptureQueriesContext(connection) as queries:
            context = ListContext(on=ON)
            posts, organisations = subtree_owners(unit, ON)
            context.load_posts(posts)
            by_org: dict[int, list[Any]] = {}
            for p in posts:
                by_org.setdefault(p.organisation_id, []).append(p)
            derived = [context.derive_post(p) for p in posts]
            derived += [context.derive_organisation(o, by_org.get(o.pk, [])) for o in organisations]
        return len(derived), len(queries.captured_queries)

    county_lists, county_queries = derive_all("shule")
    prefecture_lists, prefecture_queries = derive_all("kashgar")

    assert county_lists > 200
    assert prefecture_lists > 10 * county_lists
    assert county_queries <= 12
    assert prefecture_queries == county_queries  # independent of the number of lists


@pytest.mark.parametrize("code", ["shule-gov-head", "shule-party-secretary", "shule-trade-union-principal"])
def test_every_principal_kind_of_post_gets_its_role_or_kind_articles(demo: Demo, code: str) -> None:
    expected = {
        "shule-gov-head": "art_14__para_1__point_1",
        "shule-party-secretary": "art_4__para_1__point_1",
        "shule-trade-union-principal": "art_50__para_1__point_1",
    }[code]

    assert expected in by_clause(ListContext(on=ON).derive_post(post(code)))
