"""Table tests for zeren.policy.ratings (art. 57 para 2), with the Kashgar pack's thresholds (never literals).

The pack's defaults: excellent from 90 points, inspection rectification at least 60 %, incompetent from
调整职务 (reassignment) on the art. 64 ladder; art. 65 bars a person from 优秀.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from zeren.assessment.ratings import rating_rules, ratings_for
from zeren.packs import KASHGAR_PACK_DIR, Pack, load_pack
from zeren.policy.assessment import Principal, UnitFacts
from zeren.policy.ratings import RatingRules, UnitOutcome, rate, rate_unit


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(KASHGAR_PACK_DIR)


@pytest.fixture(scope="module")
def rules(pack: Pack) -> RatingRules:
    result = rating_rules(pack)
    assert result is not None
    return result


def outcome(
    result: str = "passed", score: str = "95.00", findings: int | None = 0, verified: int = 0
) -> UnitOutcome:
    return UnitOutcome(
        unit="shule",
        name="疏勒县",
        group="counties",
        result=result,
        score=Decimal(score),
        veto_reasons=("重大及以上生产安全事故（重大事故1起）",) if result == "vetoed" else (),
        findings=findings,
        findings_verified=verified,
    )


def person(*decisions: str, eligible: bool = True) -> Principal:
    bar = () if eligible else ("诫勉（2025-12-15）影响期至2026-06-15",)
    return Principal("p-1", 0, 365, eligible, "甲", tuple(decisions), bar)


def test_the_pack_thresholds_are_read_not_written_here(rules: RatingRules) -> None:
    assert (rules.excellent_min_score, rules.inspection_min_percent) == (90, 60)
    assert rules.incompetent_from_form == "reassignment"
    assert rules.ladder.index("suspension") + 1 == rules.ladder.index("reassignment")
    assert rules.clause == "art_57__para_2"
    assert rules.bar_clause == "art_65__para_1"
    assert (rules.veto_clause, rules.pass_mark_clause, rules.inspection_clause) == (
        "art_56__para_1",
        "art_62__para_2",
        "art_54__para_1",
    )
    assert rules.name_of("basic") == "基本称职"


@pytest.mark.parametrize(
    ("score", "level"),
    [("89.99", "competent"), ("90.00", "excellent"), ("100.00", "excellent"), ("60.00", "competent")],
)
@pytest.mark.clause("art_57__para_2", pack="kashgar_2021")
def test_excellent_score_boundary(rules: RatingRules, score: str, level: str) -> None:
    rating = rate(person(), outcome(score=score), rules)

    assert rating.level == level
    assert rating.reasons[0].clause == "art_57__para_2"
    assert score in rating.reasons[0].text
    assert rating.citations == ("art_57__para_2",)


@pytest.mark.parametrize(
    ("findings", "verified", "level"),
    [
        (100, 59, "basic"),  # 59 %
        (100, 60, "excellent"),  # 60 %
        (5, 2, "basic"),  # 40 %
        (5, 3, "excellent"),  # 60 %
        (3, 1, "basic"),  # 33.3 %
        (0, 0, "excellent"),  # no findings: nothing to rectify
    ],
)
@pytest.mark.clause("art_57__para_2", "art_54__para_1", pack="kashgar_2021")
def test_inspection_rectification_boundary(
    rules: RatingRules, findings: int, verified: int, level: str
) -> None:
    rating = rate(person(), outcome(findings=findings, verified=verified), rules)

    assert rating.level == level
    assert ("art_54__para_1" in rating.citations) == (level == "basic")


def test_the_rectification_rate_counts_late_verified_findings(rules: RatingRules) -> None:
    # verified = on time + late: 6 of 10 verified (whatever the on-time share) is 60 %, not below
    rating = rate(person(), outcome(findings=10, verified=6), rules)
    low = rate(person(), outcome(findings=10, verified=5), rules)

    assert rating.level == "excellent"
    assert low.level == "basic"
    assert low.reasons[0].text == "巡查督查发现问题10个，整改并验收5个，整改率50.0%，低于60%"


def test_no_inspection_data_is_noted_but_does_not_lower_the_rating(rules: RatingRules) -> None:
    rating = rate(person(), outcome(findings=None), rules)

    assert rating.level == "excellent"
    assert any(r.clause == "art_54__para_1" and r.level is None for r in rating.reasons)


@pytest.mark.parametrize(
    ("form", "level"),
    [
        ("notice", "basic"),
        ("admonishment", "basic"),
        ("suspension", "basic"),  # just below the threshold
        ("reassignment", "incompetent"),  # at the threshold
        ("ordered_resignation", "incompetent"),
        ("dismissal", "incompetent"),
        ("sanction", "basic"),  # beside the ladder: another decision
    ],
)
@pytest.mark.clause("art_57__para_2", pack="kashgar_2021")
def test_decision_forms_around_the_threshold(rules: RatingRules, form: str, level: str) -> None:
    rating = rate(person(form), outcome(score="100.00"), rules)

    assert rating.level == level
    assert "art_64__para_1" in rating.citations
    assert rules.form_names[form] in rating.reasons[0].text


@pytest.mark.clause("art_57__para_2", "art_65__para_1", pack="kashgar_2021")
def test_a_barred_person_with_a_top_score_is_capped_at_competent(rules: RatingRules) -> None:
    rating = rate(person(eligible=False), outcome(score="100.00"), rules)

    assert rating.level == "competent"
    assert rating.reasons[-1].clause == "art_65__para_1"
    assert (
        rating.reasons[-1].text
        == "处于第六十五条影响期内（诫勉（2025-12-15）影响期至2026-06-15），不得评为优秀，降为称职"
    )
    assert rating.citations == ("art_57__para_2", "art_65__para_1")


@pytest.mark.parametrize(
    ("result", "score", "level"),
    [("passed", "89.99", "competent"), ("failed", "59.99", "basic"), ("vetoed", "95.00", "incompetent")],
)
def test_a_barred_person_keeps_a_lower_level_and_the_bar_is_cited(
    rules: RatingRules, result: str, score: str, level: str
) -> None:
    rating = rate(person(eligible=False), outcome(result=result, score=score), rules)

    assert rating.level == level
    assert "art_65__para_1" in rating.citations


@pytest.mark.parametrize(
    ("result", "score", "level", "clause"),
    [
        ("vetoed", "95.00", "incompetent", "art_56__para_1"),
        ("failed", "59.99", "basic", "art_62__para_2"),
        ("undetermined", "95.00", "basic", "art_56__para_1"),
        ("passed", "60.00", "competent", "art_57__para_2"),
    ],
)
def test_the_unit_outcome(rules: RatingRules, result: str, score: str, level: str, clause: str) -> None:
    rating = rate(person(), outcome(result=result, score=score), rules)

    assert rating.level == level
    assert rating.reasons[0].clause == clause
    assert rating.provisional == (result == "undetermined")


def test_the_worst_reason_wins_and_every_reason_is_cited(rules: RatingRules) -> None:
    rating = rate(
        person("notice", "reassignment"),
        outcome(result="failed", score="50.00", findings=4, verified=1),
        rules,
    )

    assert rating.level == "incompetent"
    assert [r.level for r in rating.reasons] == ["basic", "basic", "basic", "incompetent"]
    assert rating.citations == ("art_57__para_2", "art_62__para_2", "art_54__para_1", "art_64__para_1")


def test_an_unknown_result_is_refused(rules: RatingRules) -> None:
    with pytest.raises(ValueError, match="unknown assessment result"):
        rate(person(), outcome(result="maybe"), rules)


def test_the_threshold_must_be_on_the_ladder(rules: RatingRules) -> None:
    with pytest.raises(ValueError, match="not on the ladder"):
        replace(rules, incompetent_from_form="sanction")


def test_one_rating_per_principal_per_unit(rules: RatingRules) -> None:
    facts = UnitFacts(
        unit="shule",
        name="疏勒县",
        group="counties",
        principals=(
            Principal("p-head", 1, 200, True, "乙"),
            Principal("p-sec", 0, 365, True, "甲"),
            Principal("p-head", 0, 165, True, "乙"),  # also held the first post for a while
        ),
    )

    ratings = rate_unit(facts, outcome(), rules)

    assert [(r.person, r.post_order, r.days) for r in ratings] == [("p-sec", 0, 365), ("p-head", 0, 165)]


def test_ratings_for_rates_a_person_in_each_unit_served(pack: Pack) -> None:
    # given one person who served in two counties in the year, one of which failed
    moved = Principal("p-moved", 1, 180, True, "丙")
    facts = [
        UnitFacts(unit="a", name="甲县", group="counties", findings=0, principals=(moved,)),
        UnitFacts(
            unit="b", name="乙县", group="counties", findings=0, principals=(replace(moved, days=185),)
        ),
    ]
    units = [
        {"unit": "a", "result": "passed", "score": "92.00", "veto_reasons": [], "group_name": "县（市）"},
        {"unit": "b", "result": "failed", "score": "40.00", "veto_reasons": [], "group_name": "县（市）"},
    ]

    rows = ratings_for(pack, facts, units)

    assert [(r["unit"], r["person"], r["level"], r["level_name"], r["days"]) for r in rows] == [
        ("a", "p-moved", "excellent", "优秀", 180),
        ("b", "p-moved", "basic", "基本称职", 185),
    ]
    assert rows[0]["post"] == "政府主要负责人"
    assert rows[1]["reasons"] == [{"text": "单位年度考核不合格（得分40.00）", "clause": "art_62__para_2"}]
