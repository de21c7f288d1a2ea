"""The ``assessment`` section of the Kashgar pack: cited, local choices marked, checked on load."""

from __future__ import annotations

from typing import Any

import pytest

from tests.packs.conftest import WritePack, index_of
from zeren.packs import Pack, check_pack


def test_the_scheme_reads_cleanly_with_weights_adding_up(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None

    assert [(x.id, x.weight, x.clause) for x in a.indicators] == [
        ("obligations", 40, "art_55__para_2"),
        ("inspections", 20, "art_54__para_1"),
        ("accidents", 30, "art_55__para_1"),
        ("lists", 10, "art_74__para_1"),
    ]
    assert sum(x.weight for x in a.indicators) == a.scale == 100
    assert (a.pass_mark, a.pass_mark_clause) == (60, "art_62__para_2")
    assert a.ranking == ("score_desc", "deaths_asc", "obligation_rate_desc")  # never a unit's identifier
    assert a.ranking_ties == "share"
    assert a.pass_on is True
    assert a.share_rounding == "floor_remainder_to_first"
    assert a.publication_clause == "art_59__para_1"


def test_groups_reuse_the_money_section(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None

    assert [(g.id, g.members, g.reward, g.fine, g.principal_roles) for g in a.groups] == [
        (
            "counties",
            "county",
            "top_counties",
            "failing_counties",
            ("party_principal", "government_principal"),
        ),
        (
            "departments",
            "prefecture_department",
            "top_departments",
            "failing_departments",
            ("department_principal",),
        ),
    ]


def test_every_open_point_is_a_marked_local_choice(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None
    choices = (
        [x.choice for x in a.indicators]
        + [d.choice for d in a.deductions]
        + [
            a.veto_choice,
            a.pass_mark_choice,
            a.ranking_choice,
            a.pass_on_choice,
            a.share_rounding_choice,
        ]
    )

    assert all(c.local_choice and c.note and c.source for c in choices)
    assert [(t.trigger, t.grade, t.kinds) for t in a.veto_triggers] == [
        ("accident_grade_at_least", "重大", ()),
        ("report_failure", "", ("false", "concealed")),
    ]
    assert kashgar.local_choice("assessment_pass_mark").value == {"see": "assessment.pass_mark"}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda a: a["indicators"][0].update(weight=41), "assessment.indicators", "add up to 101"),
        (
            lambda a: a["indicators"][0].update(clause="art_99"),
            "assessment.indicators[0].clause",
            "does not exist",
        ),
        (
            lambda a: a["groups"][0].update(reward="nope"),
            "assessment.groups[0].reward",
            "unknown money.rewards",
        ),
        (
            lambda a: a["groups"][0].update(fine="failing_departments"),
            "assessment.groups[0].fine",
            "not paid by",
        ),
        (
            lambda a: a["groups"][1].update(principal_roles=["boss"]),
            "assessment.groups[1].principal_roles[0]",
            "unknown role",
        ),
        (
            lambda a: a["ranking"].update(order=["deaths_asc"]),
            "assessment.ranking.order",
            "start with score_desc",
        ),
        (lambda a: a["pass_mark"].pop("note"), "assessment.pass_mark.note", "needs a note"),
        (
            lambda a: a["veto"]["triggers"][0].update(grade="巨大"),
            "assessment.veto.triggers[0].grade",
            "not one of",
        ),
        (
            lambda a: a["indicators"][2]["ceilings"].pop(),
            "assessment.indicators[2].ceilings",
            "no ceiling for group",
        ),
        (lambda a: a.update(colour="red"), "assessment.colour", "unknown key"),
        (lambda a: a["letter"].update(sign_by="02-30"), "assessment.letter.sign_by", "not a MM-DD day"),
        (
            lambda a: a["letter"]["work"].append("tea_party"),
            "assessment.letter.work[6]",
            "unknown obligation",
        ),
        (
            lambda a: a["letter"].update(issuer_roles=["boss"]),
            "assessment.letter.issuer_roles[0]",
            "unknown role",
        ),
        (lambda a: a["letter"].pop("note"), "assessment.letter.note", "needs a note"),
        (lambda a: a["letter"].update(clause="art_99"), "assessment.letter.clause", "does not exist"),
        (
            lambda a: a["ratings"].update(incompetent_from_form="exile"),
            "assessment.ratings.incompetent_from_form",
            "unknown accountability form",
        ),
        (
            lambda a: a["ratings"].update(excellent_min_score=101),
            "assessment.ratings.excellent_min_score",
            "must lie in 1..100",
        ),
        (lambda a: a["ratings"]["levels"].reverse(), "assessment.ratings.levels", "best first"),
        (lambda a: a["ratings"]["levels"].pop(), "assessment.ratings.levels", "expected 4 levels"),
        (
            lambda a: a["ratings"].update(bar_clause="art_99"),
            "assessment.ratings.bar_clause",
            "does not exist",
        ),
    ],
)
def test_a_broken_scheme_is_reported_at_its_path(
    kashgar_raw: dict[str, Any], write_pack: WritePack, change: Any, path: str, message: str
) -> None:
    change(kashgar_raw["assessment"])

    issues = check_pack(write_pack(kashgar_raw))

    assert any(i.path == path and message in i.message for i in issues), issues


def test_the_letter_and_the_ratings_read_from_the_pack(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None
    assert a.letter is not None
    assert a.ratings is not None

    assert (a.letter.clause, a.letter.issuer_roles, a.letter.sign_by) == (
        "art_55__para_1",
        ("government_principal",),
        "03-31",
    )
    assert "{accidents_max}" in "".join(a.letter.paragraphs)
    assert a.letter.work[0] == "party_standing_committee_meeting"
    assert [(x.id, x.name) for x in a.ratings.levels] == [
        ("excellent", "优秀"),
        ("competent", "称职"),
        ("basic", "基本称职"),
        ("incompetent", "不称职"),
    ]
    assert (a.ratings.excellent_min_score, a.ratings.inspection_min_percent) == (90, 60)
    assert (a.ratings.incompetent_from_form, a.ratings.bar_clause) == ("reassignment", "art_65__para_1")
    assert a.letter.choice.local_choice
    assert a.ratings.choice.local_choice
    assert a.ratings.choice.note


def test_a_pack_without_the_section_still_loads(kashgar_raw: dict[str, Any], write_pack: WritePack) -> None:
    del kashgar_raw["assessment"]
    assert index_of(kashgar_raw["local_choices"], "assessment_pass_mark") >= 0

    assert check_pack(write_pack(kashgar_raw)) == []


def test_a_fine_names_the_fund_it_is_paid_into(
    kashgar: Pack, kashgar_raw: dict[str, Any], write_pack: WritePack
) -> None:
    assert [f.paid_to for f in kashgar.money.fines] == ["prefecture_special_fund", "prefecture_special_fund"]
    kashgar_raw["money"]["fines"][0]["paid_to"] = "piggy_bank"

    issues = check_pack(write_pack(kashgar_raw))

    assert any(i.path == "money.fines[0].paid_to" and "not one of" in i.message for i in issues), issues


@pytest.mark.clause(
    "art_61__para_1__point_2", "art_62__para_2", "art_65__para_1", "art_55__para_1", pack="kashgar_2021"
)
def test_the_local_readings_of_the_assessment_are_marked_choices(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None
    departments = a.group("departments")

    # 地直部门: Party organs and vertical agencies rank with the government departments (a reading)
    assert departments.organisation_types == ("party_organ", "government_department", "vertical_agency")
    assert departments.choice.local_choice
    assert departments.choice.note
    # one barred principal costs the unit its award (art. 65 bars persons; the unit rule is a choice)
    assert (a.barred_principal, a.barred_principal_clause) == ("unit_loses_award", "art_65__para_1")
    assert a.barred_principal_choice.local_choice
    # letters: the text says 党委和政府; the pack lets the safety committee issue them, as a choice
    assert a.letter is not None
    assert a.letter.issuer_body == "safety_committee"
    assert a.letter.choice.local_choice
    assert "党委和政府" in (a.letter.choice.note or "")
    # fines: the text never says where they go
    assert {(f.paid_to, f.choice.local_choice) for f in kashgar.money.fines} == {
        ("prefecture_special_fund", True)
    }


@pytest.mark.clause("art_55__para_1", "art_56__para_1", pack="kashgar_2021")
def test_the_letter_cites_arts_55_and_56_for_what_the_results_count_for(kashgar: Pack) -> None:
    a = kashgar.assessment
    assert a is not None
    assert a.letter is not None

    third = next(p for p in a.letter.paragraphs if p.startswith("三、"))
    assert "第五十五条第一款" in third
    assert "第五十六条" in third
    assert "第五十七条" not in third
