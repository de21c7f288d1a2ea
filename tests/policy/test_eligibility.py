"""The art. 65 veto period: the last barred day and the day after (month arithmetic clamps the day)."""

from __future__ import annotations

import datetime as dt

import pytest

from zeren.packs import KASHGAR_PACK_DIR, load_pack
from zeren.packs.policy_rules import veto_period_sources, veto_periods
from zeren.policy.eligibility import DecisionFact, add_months, barred_until, eligibility

PACK = load_pack(KASHGAR_PACK_DIR)
PERIODS = veto_periods(PACK)
SOURCES = veto_period_sources(PACK)
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
    result = eligibility(on=on, decisions=[ADMONISHED], veto_periods=PERIODS, period_sources=SOURCES)

    assert (result.eligible, result.until) == (eligible, until)
    assert result.clauses == ["art_65__para_1", "art_69__para_1", "art_58__para_1"]
    assert result.sources == ["《关于对党员领导干部进行诫勉的规定》"]


def test_a_decision_not_about_an_accident_does_not_bar() -> None:
    fact = DecisionFact("p5", "dismissal", dt.date(2026, 1, 15), accident_related=False)

    result = eligibility(on=dt.date(2026, 2, 1), decisions=[fact], veto_periods=PERIODS)

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


def test_a_form_without_a_period_is_a_configuration_error() -> None:
    fact = DecisionFact("p5", "unknown_form", dt.date(2026, 1, 15), accident_related=True)

    with pytest.raises(ValueError, match=r"no art\. 65 period"):
        eligibility(on=dt.date(2026, 2, 1), decisions=[fact], veto_periods=PERIODS)
