"""The answerable chain for a road-traffic accident in 疏勒县 (arts. 3, 4, 14-17, 73; reach by grade)."""

from __future__ import annotations

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import reach_rules, sector_supervisors
from zeren.policy.chain import (
    AccidentPlace,
    ChainEntry,
    ChainPost,
    Oversight,
    ReachRules,
    SupervisingKind,
    answerable_chain,
)

PLACE = AccidentPlace(county_code="shule", township_code="shule_bazar", prefecture_code="kashgar")


def _post(
    code: str, unit: str, role: str, title: str, org: str = "", kind: str = "", **kw: object
) -> ChainPost:
    holder = f"h_{code}"
    return ChainPost(code, unit, role, title, org, kind, holder, f"{title}在任者", **kw)  # type: ignore[arg-type]


PS, TR = Oversight(organisation_code="shule_ps"), Oversight(organisation_code="shule_tr")
POSTS = [
    _post("ps_head", "shule", "department_principal", "疏勒县公安局局长", "shule_ps", "public_security"),
    _post("ps_safety", "shule", "department_safety_leader", "公安副局长", "shule_ps", "public_security"),
    _post("tr_head", "shule", "department_principal", "疏勒县交通运输局局长", "shule_tr", "transport"),
    _post("ed_head", "shule", "department_principal", "疏勒县教育局局长", "shule_ed", "education"),
    _post("dep_transport", "shule", "government_other_leader", "副县长（分管公安、交通）", oversees=(PS, TR)),
    _post(
        "dep_edu", "shule", "government_other_leader", "副县长（分管教育）",
        oversees=(Oversight(organisation_code="shule_ed"),),
    ),
    _post("dep_safety", "shule", "government_safety_leader", "疏勒县常务副县长"),
    _post("county_head", "shule", "government_principal", "疏勒县县长"),
    _post("county_sec", "shule", "party_principal", "疏勒县委书记"),
    _post("town_sec", "shule_bazar", "party_principal", "巴扎镇党委书记"),
    _post("town_head", "shule_bazar", "government_principal", "巴扎镇镇长"),
    _post("pref_sec", "kashgar", "party_principal", "地委书记"),
    _post("pref_head", "kashgar", "government_principal", "行署专员"),
]  # fmt: skip


@pytest.fixture(scope="module")
def rules() -> tuple[ReachRules, list[SupervisingKind]]:
    pack = load_pack(KASHGAR_PACK_DIR)
    return reach_rules(pack), sector_supervisors(pack, "road_traffic")


def _chain(rules: tuple[ReachRules, list[SupervisingKind]], grade: str, **kw: bool) -> list[ChainEntry]:
    reach, supervisors = rules
    return answerable_chain(
        grade=grade, sector_code="road_traffic", place=PLACE, supervisors=supervisors, posts=POSTS,
        reach=reach, sector_name="道路交通", **kw,
    )  # fmt: skip


GENERAL = ["town_sec", "town_head", "ps_head", "tr_head", "ps_safety"]
COUNTY = ["dep_transport", "dep_safety", "county_head", "county_sec"]


@pytest.mark.parametrize(
    ("grade", "posts"),
    [
        ("一般", GENERAL),
        ("较大", GENERAL + COUNTY),
        ("重大", [*GENERAL, *COUNTY, "pref_sec", "pref_head"]),
    ],
)
def test_the_chain_grows_with_the_grade(
    rules: tuple[ReachRules, list[SupervisingKind]], grade: str, posts: list[str]
) -> None:
    assert [e.post_code for e in _chain(rules, grade)] == posts


def test_a_larger_road_accident_in_shule_reaches_the_issue_acceptance_posts(
    rules: tuple[ReachRules, list[SupervisingKind]],
) -> None:
    chain = {e.post_code: e for e in _chain(rules, "较大")}

    assert {"ps_head", "tr_head", "dep_transport", "dep_safety", "county_head", "county_sec"} <= set(chain)
    assert "dep_edu" not in chain
    assert "ed_head" not in chain
    assert chain["ps_head"].clauses[:2] == ["art_17__para_1", "art_22__para_1"]
    assert chain["ps_safety"].clauses[0] == "art_17__para_2"
    assert chain["tr_head"].clauses == ["art_17__para_1", "art_25__para_1__point_3"]
    assert chain["dep_transport"].clauses == ["art_16__para_1", "art_3__para_2"]
    assert chain["dep_safety"].clauses == ["art_15__para_1"]
    assert chain["county_head"].clauses == ["art_14__para_1", "art_3__para_2"]
    assert chain["county_sec"].clauses == ["art_4__para_1", "art_3__para_2"]
    assert chain["county_sec"].holder_code == "h_county_sec"
    assert chain["town_sec"].clauses[0] == "art_73__para_1"


def test_report_failure_pushes_a_general_accident_to_the_county_principals(
    rules: tuple[ReachRules, list[SupervisingKind]],
) -> None:
    assert [e.post_code for e in _chain(rules, "一般", report_failure=True)] == GENERAL + COUNTY


def test_a_post_reached_twice_appears_once_with_merged_reasons(
    rules: tuple[ReachRules, list[SupervisingKind]],
) -> None:
    reach, supervisors = rules
    safety_oversees = ChainPost(
        "dep_safety", "shule", "government_safety_leader", "疏勒县常务副县长", holder_code="p7",
        oversees=(Oversight(sector_code="road_traffic"),),
    )  # fmt: skip
    posts = [p for p in POSTS if p.post_code != "dep_safety"] + [safety_oversees]

    chain = answerable_chain(
        grade="较大",
        sector_code="road_traffic",
        place=PLACE,
        supervisors=supervisors,
        posts=posts,
        reach=reach,
    )

    entries = [e for e in chain if e.post_code == "dep_safety"]
    assert len(entries) == 1
    assert entries[0].tiers == ["overseeing_leaders", "government_safety_leader"]
    assert entries[0].clauses == ["art_15__para_1", "art_3__para_2"]
    assert "；" in entries[0].reason


def test_no_township_principals_when_the_accident_is_not_in_a_township(
    rules: tuple[ReachRules, list[SupervisingKind]],
) -> None:
    reach, supervisors = rules
    chain = answerable_chain(
        grade="一般", sector_code="road_traffic", place=AccidentPlace("shule"), supervisors=supervisors,
        posts=POSTS, reach=reach,
    )  # fmt: skip

    assert [e.post_code for e in chain] == ["ps_head", "tr_head", "ps_safety"]


def test_an_unknown_grade_is_rejected(rules: tuple[ReachRules, list[SupervisingKind]]) -> None:
    with pytest.raises(ValueError, match="grade"):
        _chain(rules, "小")
