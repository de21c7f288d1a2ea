"""The art. 65 veto period: the last barred day and the day after (month arithmetic clamps the day)."""

from __future__ import annotations

import datetime as dt

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import form_names, veto_clauses, veto_period_sources, veto_periods
from zeren.policy.eligibility import DecisionFact, add_months, barred_until, eligibility

PACK = load_pack(KASHGAR_PACK_DIR)
PERIODS = veto_periods(PACK)
SOURCES = veto_period_sources(PACK)
CLAUSES = veto_clauses(PACK)
NAMES = form_names(PACK)
ADMONISHED = DecisionFact(
    "p5", "admonishment", dt.date(2026, 1, 15), accident_related=True, case_ref="问责〔2026〕1号"
)


@pytest.mark.parametrize(
    ("on", "eligible", "until"),
    [
        (dt.date(2026, 1, 15), False, dt.date(2026, 7, 14)),
        (dt.date(2026, 7, 14), False, dt.date(2026, 7, 14)),
        (dt.date(2026, 7, 15), True, None),
    ],
)
def test_admonishment_bars_for_six_months(on: dt.date, eligible: bool, until: dt.date | None) -> None:
    result = eligibility(
        on=on, decisions=[ADMONISHED], veto_periods=PERIODS, period_sources=SOURCES, clauses=CLAUSES
    )

    assert (result.eligible, result.until) == (eligible, until)
    # art. 65 (the veto) and art. 58 (the promotion check) from the pack; never art. 69, which is lifelong
    # pursuit of responsibility, not the bar's period (issue 14)
    assert result.clauses == ["art_65", "art_58__para_1"]
    assert result.sources == ["《关于对党员领导干部进行诫勉的规定》"]


def test_a_decision_not_about_an_accident_does_not_bar() -> None:
    fact = DecisionFact("p5", "dismissal", dt.date(2026, 1, 15), accident_related=False)

    result = eligibility(on=dt.date(2026, 2, 1), decisions=[fact], veto_periods=PERIODS, clauses=CLAUSES)

    assert result.eligible is True
    assert "不适用第六十五条" in result.reasons[0]


def test_the_latest_running_period_wins() -> None:
    sanction = DecisionFact(
        "p5", "sanction", dt.date(2026, 3, 1), accident_related=True, sanction_grade="记过（政务处分）"
    )

    result = eligibility(on=dt.date(2026, 7, 20), decisions=[ADMONISHED, sanction], veto_periods=PERIODS)

    assert (result.eligible, result.until) == (False, dt.date(2027, 2, 28))


def test_every_art_64_form_has_a_period() -> None:
    assert {f.id for f in PACK.accountability.forms} <= set(PERIODS)
    assert PERIODS["admonishment"] == 6


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 15), 12, dt.date(2027, 1, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_the_day(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_barred_until_is_the_day_before() -> None:
    assert barred_until(dt.date(2026, 1, 15), 6) == dt.date(2026, 7, 14)


def test_a_form_without_a_period_never_raises_and_asks_for_a_check_by_hand() -> None:
    fact = DecisionFact("p5", "unknown_form", dt.date(2026, 1, 15), accident_related=True)

    result = eligibility(
        on=dt.date(2026, 2, 1), decisions=[fact, ADMONISHED], veto_periods=PERIODS, form_names=NAMES
    )

    assert result.unresolved == ["unknown_form"]
    assert result.reasons[0].startswith(
        "2026-01-15因事故被诫勉（问责〔2026〕1号），影响期6个月"
    )  # names, not ids
    assert "请人工核实" in result.reasons[1]
    assert (result.eligible, result.until) == (False, dt.date(2026, 7, 14))  # the known period still bars


# 第六十五条“相关规定时限”：处分的影响期（本包的地方选择，来源见 pack.yaml）。
# 撤销党内职务此前会引发 ValueError。
@pytest.mark.parametrize(
    ("grade", "months"),
    [
        ("警告（政务处分）", 6),
        ("记过（政务处分）", 12),
        ("记大过（政务处分）", 18),
        ("降级（政务处分）", 24),
        ("撤职（政务处分）", 24),
        ("警告（党纪处分）", 12),
        ("严重警告（党纪处分）", 18),
        ("撤销党内职务（党纪处分）", 24),
        ("撤销党内职务", 24),  # recorded without its kind: the one grade of that name
        ("留党察看一年（党纪处分）", 36),
        ("留党察看二年（党纪处分）", 48),
        ("开除党籍（党纪处分）", 60),
    ],
)
def test_every_sanction_grade_of_the_pack_is_handled(grade: str, months: int) -> None:
    decided = dt.date(2026, 1, 15)
    fact = DecisionFact("p5", "sanction", decided, accident_related=True, sanction_grade=grade)
    last = barred_until(decided, months)

    barred = eligibility(on=last, decisions=[fact], veto_periods=PERIODS)
    free = eligibility(on=last + dt.timedelta(days=1), decisions=[fact], veto_periods=PERIODS)

    assert (barred.eligible, barred.until, barred.unresolved) == (False, last, [])
    assert free.eligible is True


def test_every_grade_a_decision_may_record_has_a_period() -> None:
    veto = PACK.accountability.veto
    assert veto is not None

    grades = veto.sanction_grades("sanction")

    assert "撤销党内职务（党纪处分）" in grades
    assert all(f"sanction:{g}" in PERIODS for g in grades)


# DOMAIN.md：诫勉6个月；通报是第六十四条所列更轻的方式，影响期不得长于诫勉（此前为12个月）。
def test_periods_never_shrink_as_the_form_grows_heavier() -> None:
    ladder = [f.id for f in sorted(PACK.accountability.forms, key=lambda f: f.rank)]
    months = [PERIODS[form] for form in ladder]

    assert months == sorted(months)
    assert (PERIODS["notice"], PERIODS["admonishment"]) == (6, 6)
