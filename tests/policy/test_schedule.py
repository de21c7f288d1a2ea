"""Table tests for the obligation schedule: periods, due dates and statuses, each side of every boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from zeren.policy.schedule import (
    DEFAULT_DUE_SOON_DAYS,
    Period,
    ScheduleError,
    Status,
    is_late,
    owed_periods,
    periods,
    status_of,
)

D = dt.date
QUARTER_ENDS = ["03-31", "06-30", "09-30", "12-31"]
MONTH_ENDS = ["01-31", "02-29", "03-31", "04-30", "05-31", "06-30",
              "07-31", "08-31", "09-30", "10-31", "11-30", "12-31"]  # fmt: skip


@pytest.mark.clause("art_4__para_1__point_2", pack="kashgar_2021")
def test_annual_period_art_4_para_1_point_2() -> None:
    assert periods("annual", 2024, ["12-31"]) == [
        Period("2024", D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31))
    ]


@pytest.mark.clause("art_14__para_1__point_2", pack="kashgar_2021")
def test_half_yearly_periods_art_14_para_1_point_2() -> None:
    assert periods("half_yearly", 2024, ["06-30", "12-31"]) == [
        Period("2024H1", D(2024, 1, 1), D(2024, 6, 30), D(2024, 6, 30)),
        Period("2024H2", D(2024, 7, 1), D(2024, 12, 31), D(2024, 12, 31)),
    ]


@pytest.mark.clause("art_16__para_1__point_4", pack="kashgar_2021")
def test_quarterly_periods_art_16_para_1_point_4() -> None:
    result = periods("quarterly", 2025, QUARTER_ENDS)

    assert [(p.label, p.start, p.end, p.due) for p in result] == [
        ("2025Q1", D(2025, 1, 1), D(2025, 3, 31), D(2025, 3, 31)),
        ("2025Q2", D(2025, 4, 1), D(2025, 6, 30), D(2025, 6, 30)),
        ("2025Q3", D(2025, 7, 1), D(2025, 9, 30), D(2025, 9, 30)),
        ("2025Q4", D(2025, 10, 1), D(2025, 12, 31), D(2025, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("year", "feb_last"), [(2024, D(2024, 2, 29)), (2023, D(2023, 2, 28)), (2100, D(2100, 2, 28)),
                           (2000, D(2000, 2, 29))]
)  # fmt: skip
def test_monthly_february_in_leap_and_common_years(year: int, feb_last: dt.date) -> None:
    result = periods("monthly", year, MONTH_ENDS)

    assert len(result) == 12
    assert result[1].label == f"{year}M02"
    assert (result[1].due, result[1].end) == (feb_last, feb_last)
    assert result[2].start == feb_last + dt.timedelta(days=1)


@pytest.mark.clause("art_17__para_1__point_3", pack="kashgar_2021")
def test_periodic_uses_the_default_period_art_17_para_1_point_3() -> None:
    assert [p.label for p in periods("periodic", 2024, QUARTER_ENDS, "quarterly")] == [
        "2024Q1", "2024Q2", "2024Q3", "2024Q4",
    ]  # fmt: skip


def test_without_month_days_the_period_end_is_due() -> None:
    assert [p.due for p in periods("half_yearly", 2024)] == [D(2024, 6, 30), D(2024, 12, 31)]


@pytest.mark.clause("art_54__para_1", pack="kashgar_2021")
def test_due_inside_the_period_art_54_para_1() -> None:
    assert periods("periodic", 2024, ["11-30"], "annual")[0].due == D(2024, 11, 30)


@pytest.mark.parametrize(
    ("frequency", "month_days", "default_period"),
    [
        ("weekly", ["12-31"], None),
        ("periodic", ["12-31"], None),
        ("periodic", ["12-31"], "periodic"),
        ("quarterly", ["06-30", "12-31"], None),
        ("annual", ["13-01"], None),
        ("annual", ["12/31"], None),
    ],
)
def test_bad_rules_raise_schedule_error(
    frequency: str, month_days: list[str], default_period: str | None
) -> None:
    with pytest.raises(ScheduleError):
        periods(frequency, 2024, month_days, default_period)


DUE = D(2024, 12, 31)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 12, 16), Status.UPCOMING),  # 15 days before: outside the 14-day window
        (D(2024, 12, 17), Status.DUE_SOON),  # 14 days before: inside
        (D(2024, 12, 30), Status.DUE_SOON),  # due tomorrow
        (D(2024, 12, 31), Status.DUE_SOON),  # due today is not overdue
        (D(2025, 1, 1), Status.OVERDUE),  # due yesterday (across the year end)
    ],
)
def test_open_status_around_the_due_date(today: dt.date, expected: Status) -> None:
    assert status_of(DUE, None, False, today, DEFAULT_DUE_SOON_DAYS) == expected


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (D(2024, 3, 31), D(2024, 3, 31), Status.DUE_SOON),  # quarter end, due today
        (D(2024, 3, 31), D(2024, 4, 1), Status.OVERDUE),  # first day of the next quarter
        (D(2024, 6, 30), D(2024, 7, 1), Status.OVERDUE),
        (D(2024, 2, 29), D(2024, 2, 29), Status.DUE_SOON),  # leap day
        (D(2024, 2, 29), D(2024, 3, 1), Status.OVERDUE),
    ],
)
def test_quarter_ends_and_leap_day(due: dt.date, today: dt.date, expected: Status) -> None:
    assert status_of(due, None, False, today) == expected


@pytest.mark.parametrize(
    ("window", "today", "expected"),
    [(0, D(2024, 12, 30), Status.UPCOMING), (0, D(2024, 12, 31), Status.DUE_SOON),
     (30, D(2024, 12, 1), Status.DUE_SOON), (30, D(2024, 11, 30), Status.UPCOMING)],
)  # fmt: skip
def test_the_due_soon_window_is_a_parameter(window: int, today: dt.date, expected: Status) -> None:
    assert status_of(DUE, None, False, today, window) == expected


@pytest.mark.parametrize(
    ("done_on", "waived", "expected"),
    [
        (D(2024, 12, 30), False, Status.DONE),
        (D(2024, 12, 31), False, Status.DONE),  # done on the due day is on time
        (D(2025, 1, 1), False, Status.DONE_LATE),
        (None, True, Status.WAIVED),
        (D(2025, 1, 1), True, Status.WAIVED),
    ],
)
def test_terminal_statuses(done_on: dt.date | None, waived: bool, expected: Status) -> None:
    assert status_of(DUE, done_on, waived, D(2025, 6, 1)) == expected


@pytest.mark.parametrize(
    ("effective", "late"), [(D(2024, 12, 30), False), (D(2024, 12, 31), False), (D(2025, 1, 1), True)]
)
def test_is_late(effective: dt.date, late: bool) -> None:
    assert is_late(DUE, effective) is late


def test_negative_window_is_refused() -> None:
    with pytest.raises(ScheduleError):
        status_of(DUE, None, False, DUE, -1)


EFFECTIVE = D(2021, 4, 10)


@pytest.mark.parametrize(
    ("frequency", "month_days", "days", "expected"),
    [
        # the annual letter (art. 55) and list (art. 74) due 03-31: after the entry into force, +30 days
        pytest.param("annual", ["03-31"], 30, [("2021", D(2021, 5, 10))],
                     marks=pytest.mark.clause("art_76__para_1", "art_55__para_1", pack="kashgar_2021")),
        # without the pack rule such a period is simply not owed
        pytest.param("annual", ["03-31"], None, [],
                     marks=pytest.mark.clause("art_76__para_1", pack="kashgar_2021")),
        # due on the effective date itself: owed on that day, unchanged
        pytest.param("annual", ["04-10"], 30, [("2021", D(2021, 4, 10))],
                     marks=pytest.mark.clause("art_76__para_1", pack="kashgar_2021")),
        # due the day before: moved
        pytest.param("annual", ["04-09"], 30, [("2021", D(2021, 5, 10))],
                     marks=pytest.mark.clause("art_76__para_1", pack="kashgar_2021")),
        # a quarter that ended before the entry into force is never owed; the next ones are, on their dates
        pytest.param("quarterly", QUARTER_ENDS, 30,
                     [("2021Q2", D(2021, 6, 30)), ("2021Q3", D(2021, 9, 30)), ("2021Q4", D(2021, 12, 31))],
                     marks=pytest.mark.clause("art_76__para_1", "art_16__para_1__point_4",
                                              pack="kashgar_2021")),
    ],
)  # fmt: skip
def test_owed_periods_on_each_side_of_the_effective_date(
    frequency: str, month_days: list[str], days: int | None, expected: list[tuple[str, dt.date]]
) -> None:
    owed = owed_periods(periods(frequency, 2021, month_days), EFFECTIVE, None, days)

    assert [(p.label, p.due) for p in owed] == expected


@pytest.mark.clause("art_76__para_1", pack="kashgar_2021")
def test_a_moved_due_date_past_the_end_of_the_measures_is_not_owed() -> None:
    owed = owed_periods(periods("annual", 2021, ["03-31"]), EFFECTIVE, D(2021, 5, 1), 30)

    assert owed == []


def test_a_later_year_is_untouched_by_the_first_year_rule() -> None:
    found = periods("annual", 2022, ["03-31"])

    assert owed_periods(found, EFFECTIVE, None, 30) == found
