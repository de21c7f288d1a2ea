"""Accident grades (493:art_3), reporting deadlines (493:art_9-11) and supplements (493:art_13)."""

from __future__ import annotations

import datetime as dt

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import grade_bands, reporting_rules
from zeren.policy.accidents import (
    PENDING,
    GradeBand,
    ReportingRules,
    ReportingStep,
    assess_reporting,
    grade_accident,
    grade_with_unknowns,
    required_levels,
    supplement_last_day,
    supplement_required,
    supplement_window_days,
)


@pytest.fixture(scope="module")
def bands() -> list[GradeBand]:
    return grade_bands(load_pack(KASHGAR_PACK_DIR))


@pytest.fixture(scope="module")
def rules() -> ReportingRules:
    return reporting_rules(load_pack(KASHGAR_PACK_DIR))


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (0, 0, 0, "一般"),
        (2, 0, 0, "一般"),
        (3, 0, 0, "较大"),
        (9, 0, 0, "较大"),
        (10, 0, 0, "重大"),
        (29, 0, 0, "重大"),
        (30, 0, 0, "特别重大"),
        (0, 9, 0, "一般"),
        (0, 10, 0, "较大"),
        (0, 49, 0, "较大"),
        (0, 50, 0, "重大"),
        (0, 99, 0, "重大"),
        (0, 100, 0, "特别重大"),
        (0, 0, 9_999_999, "一般"),
        (0, 0, 10_000_000, "较大"),
        (0, 0, 49_999_999, "较大"),
        (0, 0, 50_000_000, "重大"),
        (0, 0, 99_999_999, "重大"),
        (0, 0, 100_000_000, "特别重大"),
    ],
)
def test_grade_bands_on_each_side_of_every_boundary(
    bands: list[GradeBand], deaths: int, injuries: int, loss: int, grade: str
) -> None:
    result = grade_accident(deaths=deaths, serious_injuries=injuries, loss_yuan=loss, bands=bands)

    assert result.grade == grade
    assert "493:art_3__para_3" in result.citations


def test_any_one_criterion_suffices_and_the_highest_band_wins(bands: list[GradeBand]) -> None:
    result = grade_accident(deaths=1, serious_injuries=12, loss_yuan=60_000_000, bands=bands)

    assert result.grade == "重大"
    assert result.criteria == ["直接经济损失60000000元，达到重大事故标准（5000万元以上）"]
    assert result.citations == ["493:art_3__para_1__point_2", "493:art_3__para_1", "493:art_3__para_3"]


def test_criteria_name_each_criterion_met(bands: list[GradeBand]) -> None:
    result = grade_accident(deaths=3, serious_injuries=10, loss_yuan=0, bands=bands)

    assert result.criteria == [
        "死亡3人，达到较大事故标准（3人以上）",
        "重伤（含急性工业中毒）10人，达到较大事故标准（10人以上）",
    ]


@pytest.mark.parametrize(("deaths", "injuries", "loss"), [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_negative_input_is_rejected(bands: list[GradeBand], deaths: int, injuries: int, loss: int) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        grade_accident(deaths=deaths, serious_injuries=injuries, loss_yuan=loss, bands=bands)


@pytest.mark.parametrize(
    ("grade", "levels"),
    [
        ("一般", ["county", "prefecture"]),
        ("较大", ["county", "prefecture", "province"]),
        ("重大", ["county", "prefecture", "province", "national"]),
        ("特别重大", ["county", "prefecture", "province", "national"]),
    ],
)
def test_required_levels_by_grade(rules: ReportingRules, grade: str, levels: list[str]) -> None:
    assert required_levels(grade, rules) == levels


T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 北京时间


@pytest.mark.parametrize(("minutes", "late"), [(60, None), (61, 1)])
def test_unit_report_60_minutes_is_on_time_61_is_late(
    rules: ReportingRules, minutes: int, late: int | None
) -> None:
    steps = [
        ReportingStep("county", T0 + dt.timedelta(minutes=minutes)),
        ReportingStep("prefecture", T0 + dt.timedelta(minutes=minutes + 30)),
    ]

    findings = assess_reporting(grade="一般", occurred_at=T0, head_learnt_at=T0, steps=steps, rules=rules)

    assert [f.minutes_late for f in findings] == ([] if late is None else [late])
    if late:
        assert findings[0].kind == "late"
        assert findings[0].step == "county"
        assert findings[0].deadline == T0 + dt.timedelta(minutes=60)
        assert findings[0].citations[:1] == ["493:art_9__para_1"]
        assert "art_63__para_1__point_3" in findings[0].citations


@pytest.mark.parametrize(("minutes", "late"), [(120, []), (121, [1])])
def test_each_level_has_two_hours_from_the_level_below(
    rules: ReportingRules, minutes: int, late: list[int]
) -> None:
    county = T0 + dt.timedelta(minutes=45)
    steps = [
        ReportingStep("county", county),
        ReportingStep("prefecture", county + dt.timedelta(minutes=100)),
        ReportingStep("province", county + dt.timedelta(minutes=100 + minutes)),
    ]

    findings = assess_reporting(grade="较大", occurred_at=T0, head_learnt_at=T0, steps=steps, rules=rules)

    assert [f.minutes_late for f in findings] == late
    assert all(f.step == "province" and "493:art_11__para_1" in f.citations for f in findings)


def test_a_skipped_level_is_no_finding_and_the_clock_covers_both_levels(rules: ReportingRules) -> None:
    steps = [ReportingStep("county", T0), ReportingStep("province", T0 + dt.timedelta(minutes=240))]

    assert assess_reporting(grade="较大", occurred_at=T0, head_learnt_at=T0, steps=steps, rules=rules) == []


def test_a_missing_level_is_late_without_minutes(rules: ReportingRules) -> None:
    findings = assess_reporting(
        grade="一般", occurred_at=T0, head_learnt_at=T0, steps=[ReportingStep("county", T0)], rules=rules
    )

    assert [(f.kind, f.step, f.minutes_late) for f in findings] == [("late", "prefecture", None)]
    assert findings[0].deadline == T0 + dt.timedelta(hours=2)


def test_concealment_falsification_and_omissions_are_findings(rules: ReportingRules) -> None:
    steps = [ReportingStep("county", T0), ReportingStep("prefecture", T0)]

    findings = assess_reporting(
        grade="一般",
        occurred_at=T0,
        head_learnt_at=T0,
        steps=steps,
        rules=rules,
        concealed=True,
        falsified=True,
        omitted_items=["伤亡人数"],
    )

    assert [f.kind for f in findings] == ["omitted", "false", "concealed"]
    assert "493:art_12__para_1" in findings[0].citations
    assert "493:art_36__para_1__point_1" in findings[2].citations
    assert "瞒报" in findings[2].trace


# 493号令第十三条第二款：“道路交通事故、火灾事故自发生之日起7日内”——按事故类别，不按行业。
@pytest.mark.parametrize(("accident_type", "days"), [("road_traffic", 7), ("fire", 7), ("other", 30)])
def test_supplement_window_by_accident_type(rules: ReportingRules, accident_type: str, days: int) -> None:
    assert supplement_window_days(accident_type, rules) == (days, ["493:art_13__para_2"])


@pytest.mark.parametrize(
    ("given", "sector", "accident_type", "days"),
    [
        # a crash of a road-transport or dangerous-goods vehicle is a road traffic accident: 7 days
        ("道路交通事故", "road_transport", "road_traffic", 7),
        ("road_traffic", "dangerous_goods_transport", "road_traffic", 7),
        # a fire outside the fire-safety sector (a building site, a market) is a fire accident: 7 days
        ("火灾事故", "building_construction", "fire", 7),
        ("fire", "commerce", "fire", 7),
        # the same sectors, other accidents (a depot explosion, a fall from height): 30 days
        ("other", "road_transport", "other", 30),
        ("其他生产安全事故", "dangerous_goods_transport", "other", 30),
        ("other", "road_traffic", "other", 30),
        # no type given: the type the sector proposes, else the default
        (None, "road_transport", "road_traffic", 7),
        (None, "fire_safety", "fire", 7),
        (None, "building_construction", "other", 30),
    ],
)
def test_the_supplement_window_follows_the_accident_type_not_the_sector(
    rules: ReportingRules, given: str | None, sector: str, accident_type: str, days: int
) -> None:
    kind = rules.type_for(given, sector)

    assert kind == accident_type
    assert supplement_window_days(kind, rules)[0] == days


def test_an_unknown_accident_type_is_refused(rules: ReportingRules) -> None:
    with pytest.raises(ValueError, match="unknown accident type"):
        rules.type_for("交通", "road_traffic")


@pytest.mark.parametrize(
    ("accident_type", "day", "inside"),
    [
        ("other", 30, True),
        ("other", 31, False),
        ("road_traffic", 7, True),
        ("road_traffic", 8, False),
        ("fire", 7, True),
        ("fire", 8, False),
    ],
)
def test_supplement_on_the_last_day_and_the_day_after(
    rules: ReportingRules, accident_type: str, day: int, inside: bool
) -> None:
    occurred = dt.date(2026, 3, 1)

    required, clauses, trace = supplement_required(
        occurred_on=occurred,
        changed_on=occurred + dt.timedelta(days=day),
        accident_type=accident_type,
        rules=rules,
    )

    assert required is inside
    assert clauses == ["493:art_13__para_2"]
    assert f"第{day}日" in trace


def test_supplement_last_day_does_not_count_the_accident_day(rules: ReportingRules) -> None:
    assert supplement_last_day(dt.date(2026, 3, 1), "road_traffic", rules) == dt.date(2026, 3, 8)


# 493号令第九条（“县级以上”）、第十条第三款（越级上报）、第十一条：首报越过县级，时限照样计算。
@pytest.mark.parametrize(
    ("grade", "steps", "expected"),
    [
        # 一般事故直报地区：单位负责人1小时内，60分钟按时、61分钟迟报1分钟（493:art_9__para_1）
        ("一般", [("prefecture", 60)], []),
        ("一般", [("prefecture", 61)], [("prefecture", 1)]),
        # 较大事故直报地区后，自治区仍按每级2小时计（493:art_11__para_1）
        ("较大", [("prefecture", 30), ("province", 150)], []),
        ("较大", [("prefecture", 30), ("province", 151)], [("province", 1)]),
        ("较大", [("prefecture", 90), ("province", 100)], [("prefecture", 30)]),
        # 一般事故只报到自治区（越过县、地区）：仍是单位的1小时
        ("一般", [("province", 60)], []),
        ("一般", [("province", 75)], [("province", 15)]),
        # 重大事故直报自治区，国务院有关部门在自治区接报后2小时内
        ("重大", [("province", 50), ("national", 170)], []),
        ("重大", [("province", 50), ("national", 171)], [("national", 1)]),
    ],
)
def test_a_first_report_above_the_county_is_still_checked_against_the_time_limits(
    rules: ReportingRules, grade: str, steps: list[tuple[str, int]], expected: list[tuple[str, int]]
) -> None:
    recorded = [ReportingStep(level, T0 + dt.timedelta(minutes=m)) for level, m in steps]

    findings = assess_reporting(grade=grade, occurred_at=T0, head_learnt_at=T0, steps=recorded, rules=rules)

    assert [(f.step, f.minutes_late) for f in findings] == expected
    assert all(f.kind == "late" and "art_63__para_1__point_3" in f.citations for f in findings)


def test_the_first_report_above_the_county_runs_on_the_unit_clock_and_cites_the_skip(
    rules: ReportingRules,
) -> None:
    findings = assess_reporting(
        grade="一般",
        occurred_at=T0,
        head_learnt_at=T0,
        steps=[ReportingStep("prefecture", T0 + dt.timedelta(minutes=61))],
        rules=rules,
    )

    assert findings[0].deadline == T0 + dt.timedelta(minutes=60)
    assert findings[0].citations[:2] == ["493:art_9__para_1", "493:art_10__para_3"]
    assert "越级报告" in findings[0].trace


# 493号令第三条：按死亡、重伤、直接经济损失任一条件定级——未提供的数字不是零。
@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade", "missing", "at_least"),
    [
        (None, None, None, "待定", ["deaths", "serious_injuries", "loss_yuan"], "一般"),
        (2, 0, None, "待定", ["loss_yuan"], "一般"),
        (3, None, None, "待定", ["serious_injuries", "loss_yuan"], "较大"),
        (29, None, 0, "待定", ["serious_injuries"], "重大"),
        (30, None, None, "特别重大", [], None),  # no unknown figure can raise the highest grade
        (0, 0, 100_000_000, "特别重大", [], None),
        (2, 0, 0, "一般", [], None),  # every figure known: 一般
    ],
)
def test_unknown_figures_give_grade_pending_never_general(
    bands: list[GradeBand],
    deaths: int | None,
    injuries: int | None,
    loss: int | None,
    grade: str,
    missing: list[str],
    at_least: str | None,
) -> None:
    result = grade_with_unknowns(deaths=deaths, serious_injuries=injuries, loss_yuan=loss, bands=bands)

    assert (result.grade, result.missing, result.at_least) == (grade, missing, at_least)
    if grade == PENDING:
        assert "未知不等于零" in result.criteria[-1]
        assert "493:art_3__para_1__point_4" not in result.citations  # not cited as 一般
