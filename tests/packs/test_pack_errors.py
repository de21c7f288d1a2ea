"""The loader rejects broken packs with the YAML path and clause of each problem.

Each case loads the real Kashgar YAML, breaks one thing, writes it to tmp_path and loads it again.
"""

from __future__ import annotations

from typing import Any

import pytest

from zeren.packs import PackError, PackIssue, check_pack, load_pack

from .conftest import WritePack, index_of


def _issues(write_pack: WritePack, data: dict[str, Any], document: dict[str, Any]) -> list[PackIssue]:
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(data), document=document)
    return caught.value.issues


def test_the_unbroken_copy_loads(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    assert check_pack(write_pack(kashgar_raw), document=kashgar_document) == []


def test_an_unknown_clause_is_named_with_its_yaml_path(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["department_kinds"], "emergency_management")
    kashgar_raw["department_kinds"][i]["duties"][2]["clause"] = "art_19__para_1__point_30"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert (
        PackIssue(
            f"department_kinds[{i}].duties[2].clause",
            "art_19__para_1__point_30",
            "clause 'art_19__para_1__point_30' does not exist in the regulation",
        )
        in issues
    )


def test_an_unassigned_point_is_named(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["department_kinds"], "public_security")
    del kashgar_raw["department_kinds"][i]["duties"][1]  # art_22__para_1__point_2

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(
            f"department_kinds[{i}].duties",
            "art_22__para_1__point_2",
            "point art_22__para_1__point_2 is not assigned to any role, trait or department kind",
        )
    ]


def test_a_sector_without_a_supervising_department(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["sectors"], "coal_mines")
    kashgar_raw["sectors"][i]["supervisors"] = []

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(f"sectors[{i}].supervisors", None, "sector 'coal_mines' has no supervising department")
    ]


def test_a_sector_with_only_contributing_kinds_has_no_supervising_department(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["sectors"], "fireworks")
    kashgar_raw["sectors"][i]["supervisors"] = kashgar_raw["sectors"][i]["supervisors"][2:]

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert [(x.path, x.message) for x in issues] == [
        (f"sectors[{i}].supervisors", "sector 'fireworks' has no supervising department")
    ]


@pytest.mark.parametrize(
    ("section", "what"),
    [
        ("roles", "role"),
        ("department_kinds", "department kind"),
        ("sectors", "sector"),
        ("obligations", "obligation"),
    ],
)
def test_a_duplicate_id_is_an_error(
    write_pack: WritePack,
    kashgar_raw: dict[str, Any],
    kashgar_document: dict[str, Any],
    section: str,
    what: str,
) -> None:
    first = kashgar_raw[section][0]["id"]
    kashgar_raw[section][1]["id"] = first

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    expected = PackIssue(f"{section}[1].id", None, f"duplicate {what} id {first!r} (first at {section}[0])")
    assert expected in issues


def test_an_unknown_kind_in_a_sector_is_an_error(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["sectors"], "fireworks")
    kashgar_raw["sectors"][i]["supervisors"][1]["kind"] = "police"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(
            f"sectors[{i}].supervisors[1].kind",
            "art_22__para_1__point_2",
            "unknown department kind id 'police'",
        )
    ]


def test_an_unknown_owner_role_in_an_obligation_is_an_error(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["obligations"], "party_standing_committee_meeting")
    kashgar_raw["obligations"][i]["owners"] = [{"role": "party_secretary"}]

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(
            f"obligations[{i}].owners[0].role", "art_4__para_1__point_2", "unknown role id 'party_secretary'"
        )
    ]


def test_an_unknown_trait_on_a_kind_is_an_error(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["department_kinds"], "education")
    kashgar_raw["department_kinds"][i]["traits"][0]["trait"] = "industry_regulator"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert (
        PackIssue(
            f"department_kinds[{i}].traits[0].trait",
            "art_38__para_1",
            "unknown trait id 'industry_regulator'",
        )
        in issues
    )


def test_a_capacity_needs_the_matching_trait(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["sectors"], "schools")
    kashgar_raw["sectors"][i]["supervisors"][0]["capacity"] = "both"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(
            f"sectors[{i}].supervisors[0].capacity",
            "art_38__para_1",
            "capacity 'both' needs kind 'education' to have trait 'supervisory_department'",
        )
    ]


def test_an_unclassified_and_a_twice_classified_article(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["articles"][59]["eid"] = "art_61"  # art_60's entry now repeats art_61

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue("articles[60].eid", "art_61", "article classified twice (first at articles[59])"),
        PackIssue("articles", "art_60", "article art_60 is not classified"),
    ]


def test_a_duty_outside_its_owners_article(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    i = index_of(kashgar_raw["department_kinds"], "finance")
    duty = {"clause": "art_33__para_1__point_1", "summary": "误挂"}
    kashgar_raw["department_kinds"][i]["duties"].append(duty)

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert [(x.path, x.clause) for x in issues] == [
        (f"department_kinds[{i}].duties[2].clause", "art_33__para_1__point_1")
    ]


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (
            lambda d: d["money"]["fines"][0].__setitem__("amount", 30000.0),
            "money.fines[0].amount",
            "expected an integer, got a float (30000.0) (money and counts are integers, never floats)",
        ),
        (
            lambda d: d["money"]["reward_split"].__setitem__("principals_percent", 0.3),
            "money.reward_split.principals_percent",
            "expected a percentage 0-100 as an integer or exact string, got 0.3",
        ),
        (
            lambda d: d["local_choices"][1].__delitem__("source"),
            "local_choices[1].source",
            "a local choice needs a source: an outside rule or 'pack default'",
        ),
        (
            lambda d: d.__setitem__("effective_from", "2021-02-30"),
            "effective_from",
            "expected a date YYYY-MM-DD, got '2021-02-30'",
        ),
        (
            lambda d: d["roles"][0].__setitem__("effective_to", "2020-01-01"),
            "roles[0].effective_to",
            "effective_to 2020-01-01 must be after effective_from 2021-04-10",
        ),
        (
            lambda d: d["obligations"][1]["due"].__setitem__("month_days", ["12-31"]),
            "obligations[1].due.month_days",
            "half_yearly needs 2 month-day(s), got 1",
        ),
        (lambda d: d["roles"][0].__setitem__("colour", "red"), "roles[0].colour", "unknown key 'colour'"),
    ],
)
def test_structural_problems_are_named(
    write_pack: WritePack,
    kashgar_raw: dict[str, Any],
    kashgar_document: dict[str, Any],
    mutate: Any,
    path: str,
    message: str,
) -> None:
    mutate(kashgar_raw)

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert [(x.path, x.message) for x in issues if x.path == path] == [(path, message)]


def test_a_duty_summary_over_40_characters(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["roles"][0]["duties"][0]["summary"] = "责" * 41

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues == [
        PackIssue(
            "roles[0].duties[0].summary", "art_4__para_1__point_1", "summary has 41 characters; at most 40"
        )
    ]


def test_the_error_message_lists_the_issues(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["roles"][0]["duties"][0]["clause"] = "art_99__para_1__point_1"

    expected = r"roles\[0\]\.duties\[0\]\.clause \[art_99__para_1__point_1\]: clause"
    with pytest.raises(PackError, match=expected):
        load_pack(write_pack(kashgar_raw), document=kashgar_document)


def test_a_reach_sector_group_names_known_sectors_and_tiers_each_in_one_group(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    groups = kashgar_raw["accidents"]["reach"]["sector_groups"]
    road = groups[0]
    road["sectors"].append("space_travel")
    road["by_grade"]["一般"]["likely"].append("county_astronauts")
    again = {"id": "roads_again", "name": "再列道路", "sectors": ["road_traffic"], "by_grade": {"一般": {}}}
    groups.append(again)
    base = "accidents.reach.sector_groups"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    n = len(road["sectors"]) - 1
    assert PackIssue(f"{base}[0].sectors[{n}]", None, "unknown sector id 'space_travel'") in issues
    twice = "sector 'road_traffic' is already in group 'road'"
    assert PackIssue(f"{base}[1].sectors[0]", None, twice) in issues
    likely = road["by_grade"]["一般"]["likely"]
    where = f"{base}[0].by_grade.一般.likely[{len(likely) - 1}]"
    assert PackIssue(where, None, "unknown tier id 'county_astronauts'") in issues


def test_a_reach_sector_group_without_a_grade_is_refused(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["reach"]["sector_groups"][0]["by_grade"] = {}

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    where = "accidents.reach.sector_groups[0].by_grade"
    assert any(i.path == where and "at least one grade" in i.message for i in issues)
