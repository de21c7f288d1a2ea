"""The answerable chain (pack ``accidents.reach``): tiers by grade and circumstance, each with its clauses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import reach_rules, sector_supervisors
from zeren.policy.chain import (
    AccidentPlace,
    ChainEntry,
    ChainPost,
    Oversight,
    ReachRules,
    answerable_chain,
    placement,
    sector_group,
)

PLACE = AccidentPlace(county_code="shule", township_code="bazar", prefecture_code="kashgar")
PACK = load_pack(KASHGAR_PACK_DIR)
REACH: ReachRules = reach_rules(PACK)
DEFAULT: ReachRules = replace(REACH, sector_groups=())


def _post(
    code: str, unit: str, role: str, title: str, kind: str = "", oversees: tuple[Oversight, ...] = ()
) -> ChainPost:
    organisation = f"{unit}-{kind}" if kind else f"{unit}-gov"
    return ChainPost(
        code, unit, role, title, organisation, kind, f"h_{code}", f"{title}在任者",
        oversees=oversees, organisation_name=title[:-2] if kind else "",
    )  # fmt: skip


PS, TR, ED = (
    Oversight(organisation_code=f"shule-{k}", kind_code=k)
    for k in ("public_security", "transport", "education")
)
POSTS = [
    _post("ps_head", "shule", "department_principal", "疏勒县公安局局长", "public_security"),
    _post("ps_safety", "shule", "department_safety_leader", "疏勒县公安局副局长", "public_security"),
    _post("tr_head", "shule", "department_principal", "疏勒县交通运输局局长", "transport"),
    _post("tr_safety", "shule", "department_safety_leader", "疏勒县交通运输局副局长", "transport"),
    _post("ed_head", "shule", "department_principal", "疏勒县教育局局长", "education"),
    _post("ed_safety", "shule", "department_safety_leader", "疏勒县教育局副局长", "education"),
    _post("pl_head", "shule", "department_principal", "疏勒县委政法委书记", "political_legal_committee"),
    _post("dep_transport", "shule", "government_other_leader", "副县长（分管公安、交通）", oversees=(PS, TR)),
    _post("dep_edu", "shule", "government_other_leader", "副县长（分管教育）", oversees=(ED,)),
    _post("dep_safety", "shule", "government_safety_leader", "疏勒县常务副县长"),
    _post("county_head", "shule", "government_principal", "疏勒县县长"),
    _post("county_sec", "shule", "party_principal", "疏勒县委书记"),
    _post("town_sec", "bazar", "party_principal", "巴扎镇党委书记"),
    _post("town_head", "bazar", "government_principal", "巴扎镇镇长"),
    _post("town_safety", "bazar", "township_safety_leader", "巴扎镇副镇长（分管安全生产）"),
    _post("town_office", "bazar", "department_principal", "巴扎镇应急办主任", "township_safety_office"),
    _post("police_station", "bazar", "department_principal", "巴扎派出所所长", "public_security"),
    _post("village", "bazar", "village_principal", "某村党支部书记", "village_committee"),
    _post("pref_sec", "kashgar", "party_principal", "地委书记"),
    _post("pref_head", "kashgar", "government_principal", "行署专员"),
    _post("pref_safety", "kashgar", "government_safety_leader", "行署常务副专员"),
    _post("pref_ps_head", "kashgar", "department_principal", "地区公安局局长", "public_security"),
]  # fmt: skip


def _chain(grade: str, sectors: tuple[str, ...] = ("road_traffic",), **kw: object) -> dict[str, ChainEntry]:
    entries = answerable_chain(
        grade=grade, sector_code=sectors, place=kw.pop("place", PLACE),  # type: ignore[arg-type]
        supervisors=sector_supervisors(PACK, list(sectors)), posts=kw.pop("posts", POSTS),  # type: ignore[arg-type]
        reach=kw.pop("reach", REACH),  # type: ignore[arg-type]
        sector_name={"road_traffic": "道路交通", "school_transport": "校车（接送学生车辆）"},
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return {e.post_code: e for e in entries}


def _likely(chain: dict[str, ChainEntry]) -> set[str]:
    return {code for code, e in chain.items() if e.likely}


LEADERS = {"town_sec", "town_head"}
TOWNSHIP = {*LEADERS, "town_office"}


@pytest.mark.clause("art_3__para_2", "art_17__para_1", "art_17__para_2", "art_73", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("grade", "likely", "not_likely"),
    [
        # 一般: the township's principals and safety office, the lead department's safety deputy; the
        # township's safety deputy only possible (likely with a report failure or a repeated accident).
        (
            "一般",
            TOWNSHIP | {"ps_safety"},
            {"dep_transport", "county_sec", "county_head", "ps_head", "town_safety", "tr_safety"},
        ),
        # 较大: the township's principals and the deputy who oversees the sector; the county principals and
        # the departments only possible (real outcomes at a fixed site seldom hold the lead department's
        # head or safety deputy). The township's safety station is likely only at 一般.
        (
            "较大",
            LEADERS | {"dep_transport"},
            {"county_sec", "county_head", "pref_sec", "town_office", "town_safety", "ps_head", "ps_safety"},
        ),
        # 重大: + the county principals; the departments stay possible.
        (
            "重大",
            LEADERS | {"dep_transport", "county_sec", "county_head"},
            {"ps_head", "ps_safety", "pref_sec", "town_safety"},
        ),
    ],
)
def test_the_likely_tier_grows_with_the_grade(grade: str, likely: set[str], not_likely: set[str]) -> None:
    # The default placement (a fixed site: a mine, a workshop, a building), read here on the test's road
    # posts with the pack's sector groups left out; the road group is tested below.
    chain = _chain(grade, reach=DEFAULT)

    assert likely <= _likely(chain)
    assert not (not_likely & _likely(chain))


@pytest.mark.parametrize(
    ("grade", "likely", "not_likely"),
    [
        # 一般 and 较大 road accidents: the lead department (the traffic police) gives its safety deputy; the
        # township's principals and safety office are only possible (rarely held in real road outcomes).
        ("一般", {"ps_safety"}, TOWNSHIP | {"dep_transport", "county_sec", "county_head", "ps_head"}),
        ("较大", {"ps_safety", "dep_transport"}, TOWNSHIP | {"county_sec", "county_head", "ps_head"}),
        # 重大: the lead department's head and the deputy overseeing the sector; the territorial principals
        # (township and county) stay possible.
        ("重大", {"ps_head", "dep_transport"}, TOWNSHIP | {"county_sec", "county_head", "ps_safety"}),
    ],
)
def test_a_road_accident_starts_from_the_departments_not_the_territorial_leaders(
    grade: str, likely: set[str], not_likely: set[str]
) -> None:
    chain = _chain(grade)

    assert _likely(chain) == likely
    assert set(chain) >= TOWNSHIP  # still reached, as possible
    assert not (not_likely & _likely(chain))


def test_an_accident_also_in_another_sector_keeps_the_default_placement() -> None:
    # A tanker of hazardous chemicals: road traffic, but also a sector outside the road group.
    assert sector_group(REACH, ["road_traffic", "school_transport"], "较大") is not None
    assert sector_group(REACH, ["road_traffic", "hazardous_chemicals"], "较大") is None
    assert sector_group(REACH, ["road_traffic"], "特别重大") is None  # the group leaves that grade out
    road, mixed = placement("较大", REACH, (), ["road_traffic"]), placement("较大", REACH, (), ["fireworks"])
    assert "local_principals" in road[1]
    assert "local_principals" in mixed[0]


def test_a_report_failure_on_a_road_accident_still_makes_the_township_principals_likely() -> None:
    chain = _chain("一般", report_failure=True)

    assert _likely(chain) >= LEADERS


def test_at_a_larger_accident_the_county_principals_are_only_possible_and_prefecture_not_reached() -> None:
    chain = _chain("较大")

    assert chain["county_sec"].likely is False
    assert chain["county_head"].likely is False
    assert "pref_sec" not in chain
    assert chain["county_sec"].responsibility == "主要领导责任"


def test_a_report_failure_pushes_the_county_principals_into_the_likely_tier_and_cites_art_63() -> None:
    chain = _chain("较大", report_failure=True)

    assert {"county_sec", "county_head", "dep_safety", "ps_safety", "town_safety"} <= _likely(chain)
    assert "ps_head" not in _likely(chain)  # the department's safety deputy is likely, not both
    assert "art_63__para_1__point_3" in chain["county_head"].clauses
    assert "art_63__para_1__point_3" in chain["town_head"].clauses
    assert "迟报、漏报、谎报、瞒报" in chain["county_head"].circumstances
    assert "art_63__para_1__point_3" not in chain["dep_transport"].clauses


def test_without_a_report_failure_no_post_cites_art_63_item_3() -> None:
    assert all("art_63__para_1__point_3" not in e.clauses for e in _chain("重大").values())


def test_each_post_cites_its_own_article_and_says_its_responsibility() -> None:
    chain = _chain("重大")

    assert chain["ps_head"].clauses[:2] == ["art_17__para_1", "art_22__para_1"]
    assert chain["ps_head"].responsibility == "领导责任"
    assert chain["dep_transport"].clauses == ["art_16__para_1", "art_3__para_2"]
    assert chain["dep_transport"].responsibility == "重要领导责任"
    assert chain["county_head"].clauses == ["art_14__para_1", "art_3__para_2"]
    assert chain["county_sec"].clauses == ["art_4__para_1", "art_3__para_2"]
    assert chain["town_sec"].clauses == ["art_73", "art_3__para_2"]
    assert chain["town_office"].responsibility == "直接监管责任"
    assert chain["county_sec"].holder_code == "h_county_sec"


def test_townships_and_below_are_answerable_posts() -> None:
    chain = _chain("一般")

    assert chain["town_safety"].clauses == ["art_73", "art_3__para_2"]
    assert chain["police_station"].likely is False  # a local station is possible
    assert chain["police_station"].clauses[0] == "art_17__para_1"
    assert chain["village"].likely is False
    assert "参照问责" in chain["village"].reason


def test_a_report_failure_at_a_general_accident_makes_the_village_committee_likely() -> None:
    assert _chain("一般", report_failure=True)["village"].likely is True
    assert _chain("较大", report_failure=True)["village"].likely is False


def test_reasons_are_chinese_labels_never_codes() -> None:
    for entry in _chain("较大", report_failure=True).values():
        assert "road_traffic" not in entry.reason
        assert "shule" not in entry.reason
        assert "_" not in entry.reason


def test_a_school_bus_accident_reaches_both_sectors() -> None:
    chain = _chain("较大", ("road_traffic", "school_transport"))

    assert {"ed_safety", "dep_edu", "ps_safety", "dep_transport"} <= _likely(chain)
    assert "道路交通、校车（接送学生车辆）" in chain["ps_safety"].reason
    assert "art_38__para_1__point_3" in chain["ed_safety"].clauses
    assert "ed_safety" not in _chain("较大")


def test_a_party_organ_principal_cites_the_organ_article_not_art_17() -> None:
    chain = _chain("重大", ("hazardous_chemicals",))

    assert "pl_head" in chain  # the political-legal committee co-ordinates hazardous goods (art. 8 item 3)
    assert chain["pl_head"].clauses[0] == "art_8"
    assert "art_17__para_1" not in chain["pl_head"].clauses


def test_a_party_standing_member_overseeing_the_sector_is_cited_under_art_5() -> None:
    standing = _post(
        "pl_secretary", "shule", "party_standing_member", "县委常委、政法委书记",
        oversees=(Oversight(sector_code="road_traffic"),),
    )  # fmt: skip

    chain = _chain("较大", posts=[*POSTS, standing])

    assert chain["pl_secretary"].clauses == ["art_5__para_1", "art_3__para_2"]
    assert chain["pl_secretary"].likely is True
    assert "道路交通行业（领域）" in chain["pl_secretary"].reason


def test_a_sector_portfolio_wins_over_a_department_portfolio() -> None:
    road = _post("dep_road", "shule", "government_other_leader", "副县长（分管道路交通安全）",
                 oversees=(Oversight(sector_code="road_traffic"),))  # fmt: skip

    chain = _chain("较大", posts=[*POSTS, road])

    assert "dep_road" in chain
    assert "dep_transport" not in chain


def test_overseers_are_found_sector_by_sector() -> None:
    # A school bus on the road: road traffic has a deputy whose portfolio names it; school transport has
    # none, so the deputies overseeing its departments (education, and transport for the vehicles) answer
    # for it — not dropped because another sector had a portfolio naming it.
    road = _post("dep_road", "shule", "government_other_leader", "副县长（分管道路交通安全）",
                 oversees=(Oversight(sector_code="road_traffic"),))  # fmt: skip

    chain = _chain("较大", ("road_traffic", "school_transport"), posts=[*POSTS, road])

    assert {"dep_road", "dep_edu"} <= set(chain)
    assert "教育" in chain["dep_edu"].reason
    assert chain["dep_edu"].likely is True  # the deputy overseeing the sector, likely at 较大


def test_zone_leaders_are_cited_under_art_1_para_2() -> None:
    zone = AccidentPlace(county_code="shule", township_code="park", prefecture_code="kashgar", zone=True)
    posts = [
        *POSTS,
        _post("zone_sec", "park", "party_principal", "园区党工委书记"),
        _post("zone_head", "park", "government_principal", "园区管委会主任"),
    ]

    chain = _chain("一般", place=zone, posts=posts)

    assert chain["zone_sec"].clauses == ["art_1__para_2", "art_3__para_2"]
    assert "art_73" not in chain["zone_head"].clauses


def test_a_zone_under_the_prefecture_reaches_the_prefecture_departments() -> None:
    zone = AccidentPlace(county_code="", township_code="kedz", prefecture_code="kashgar", zone=True)

    chain = _chain("一般", place=zone)

    assert "pref_ps_head" in chain
    assert "county_sec" not in chain


def test_another_involved_county_is_reached_as_possible() -> None:
    other = [
        _post(
            "yop_ps_safety", "yopurga", "department_safety_leader", "岳普湖县公安局副局长", "public_security"
        ),
        _post("yop_head", "yopurga", "government_principal", "岳普湖县县长"),
    ]
    involved = AccidentPlace(county_code="yopurga", prefecture_code="kashgar")

    chain = _chain("较大", posts=[*POSTS, *other], involved=[involved])

    assert chain["yop_ps_safety"].likely is False
    assert "其他涉事单位（车辆登记地、企业许可地等）" in chain["yop_ps_safety"].circumstances
    assert "yop_head" not in chain


def test_a_post_reached_twice_appears_once_with_merged_tiers() -> None:
    safety = _post("dep_safety2", "shule", "government_safety_leader", "常务副县长",
                   oversees=(Oversight(sector_code="road_traffic"),))  # fmt: skip

    chain = _chain("重大", posts=[*POSTS, safety], report_failure=True)

    assert chain["dep_safety2"].tiers == ["county_overseers", "county_safety_leader"]
    assert chain["dep_safety2"].clauses[:2] == ["art_15__para_1", "art_3__para_2"]


def test_placement_is_read_from_the_pack() -> None:
    likely, possible = placement("较大", REACH)

    assert "county_principals" in possible
    assert "county_principals" not in likely
    assert placement("较大", REACH, ["report_failure"])[0].count("county_principals") == 1


def test_an_unknown_grade_is_rejected() -> None:
    with pytest.raises(ValueError, match="grade"):
        _chain("小")


@pytest.mark.clause("art_17__para_1", "art_17__para_2", "art_63__para_1__point_3", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("grade", "report_failure", "likely", "possible"),
    [
        ("一般", False, "ps_safety", "ps_head"),
        ("较大", False, "ps_safety", "ps_head"),
        ("较大", True, "ps_safety", "ps_head"),
        ("重大", False, "ps_head", "ps_safety"),
        ("重大", True, "ps_head", "ps_safety"),
    ],
)
def test_a_supervising_department_gives_its_head_or_its_safety_deputy_as_likely_never_both(
    grade: str, report_failure: bool, likely: str, possible: str
) -> None:
    chain = _chain(grade, report_failure=report_failure)

    assert chain[likely].likely is True
    assert chain[possible].likely is False


FIRE = [
    _post("fr_head", "shule", "department_principal", "疏勒县消防救援大队大队长", "fire_rescue"),
    _post("fr_safety", "shule", "department_safety_leader", "疏勒县消防救援大队副大队长", "fire_rescue"),
    _post("hc_head", "shule", "department_principal", "疏勒县住房和城乡建设局局长", "housing_construction"),
    _post("hc_safety", "shule", "department_safety_leader", "疏勒县住建局副局长", "housing_construction"),
]  # fmt: skip


@pytest.mark.clause("art_3__para_1", "art_17__para_2", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("sectors", "likely", "possible"),
    [
        # 消防: the fire-rescue brigade leads (listed first); housing and construction only possible.
        (("fire_safety",), {"fr_safety"}, {"hc_safety"}),
        # 建筑施工 as well: housing and construction leads that sector, so both are likely.
        (("fire_safety", "building_construction"), {"fr_safety", "hc_safety"}, set()),
    ],
)
def test_only_each_sectors_lead_department_is_likely(
    sectors: tuple[str, ...], likely: set[str], possible: set[str]
) -> None:
    chain = _chain("一般", sectors, posts=[*POSTS, *FIRE])

    assert likely <= _likely(chain)
    assert possible <= set(chain)
    assert not (possible & _likely(chain))


@pytest.mark.clause("art_14__para_1__point_5", pack="kashgar_2021")
def test_an_urban_district_reaches_the_prefecture_departments_only_as_possible() -> None:
    chain = _chain("较大", circumstances=["urban_district"])

    assert chain["pref_ps_head"].likely is False
    assert "事故发生在地区所在地的城区" in chain["pref_ps_head"].circumstances
    assert "pref_ps_head" not in _chain("较大")


@pytest.mark.clause("art_1__para_2", pack="kashgar_2021")
def test_a_zone_without_a_county_makes_the_prefecture_department_likely() -> None:
    zone = AccidentPlace(county_code="", township_code="kedz", prefecture_code="kashgar", zone=True)
    pref_ps_safety = _post(
        "pref_ps_safety", "kashgar", "department_safety_leader", "地区公安局副局长", "public_security"
    )

    chain = _chain("一般", place=zone, posts=[*POSTS, pref_ps_safety])

    assert chain["pref_ps_safety"].likely is True
    assert chain["pref_ps_head"].likely is False


EM = [
    _post("em_head", "shule", "department_principal", "疏勒县应急管理局局长", "emergency_management"),
    _post("em_other", "shule", "department_other_leader", "疏勒县应急管理局副局长", "emergency_management"),
    _post("pref_ps_other", "kashgar", "department_other_leader", "地区公安局副局长", "public_security"),
]  # fmt: skip


@pytest.mark.clause("art_19", "art_17__para_3", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("grade", "reached", "not_reached"),
    [
        # 一般: the county's comprehensive supervisor (art. 19) is possible; no prefecture department.
        ("一般", {"em_head", "em_other"}, {"pref_ps_other"}),
        # 重大: + the prefecture department's other leaders (art. 17 para 3), possible.
        ("重大", {"em_head", "em_other", "pref_ps_other"}, set()),
    ],
)
def test_the_comprehensive_supervisor_and_department_deputies_are_possible(
    grade: str, reached: set[str], not_reached: set[str]
) -> None:
    chain = _chain(grade, posts=[*POSTS, *EM])

    assert reached <= set(chain)
    assert not (reached & _likely(chain))
    assert not (not_reached & set(chain))
    assert chain["em_head"].clauses == ["art_19"]
    assert "综合监管部门" in chain["em_head"].reason
    if "pref_ps_other" in chain:
        assert chain["pref_ps_other"].clauses[0] == "art_17__para_3"
