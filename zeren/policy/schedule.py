"""Recurring obligations as dated periods, and the status of one occurrence (pure; no Django).

A pack obligation (pack.yaml ``obligations``) has a ``frequency`` (annual | half_yearly | quarterly |
monthly | periodic, the last with a ``default_period``) and ``due.month_days``, one ``"MM-DD"`` per
period. ``periods`` turns them into the dated periods of one year; ``status_of`` and ``is_late`` give
an occurrence's status on a day. The due-soon window is a local choice (docs/obligations.md): callers
pass it in; ``DEFAULT_DUE_SOON_DAYS`` is the pack-default value used when the pack names none.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# Local choice (not in the regulation): how many days before its due date an open occurrence counts
# as "due soon" and reminders go out. Overridden by the pack's local choice ``obligation_due_soon_days``.
DEFAULT_DUE_SOON_DAYS = 14

FREQUENCIES = ("annual", "half_yearly", "quarterly", "monthly")
PERIODS_PER_YEAR = {"annual": 1, "half_yearly": 2, "quarterly": 4, "monthly": 12}


class ScheduleError(ValueError):
    """An obligation's frequency or due rule cannot be turned into periods."""

    code = "schedule_error"


class Status(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"
    WAIVED = "waived"


STATUS_LABELS: dict[Status, str] = {
    Status.UPCOMING: "未到期",
    Status.DUE_SOON: "即将到期",
    Status.OVERDUE: "已逾期",
    Status.DONE: "已完成",
    Status.DONE_LATE: "逾期完成",
    Status.WAIVED: "已豁免",
}
TERMINAL = frozenset({Status.DONE, Status.DONE_LATE, Status.WAIVED})


@dataclass(frozen=True)
class Period:
    """One period of a year: ``label`` ("2024", "2024H1", "2024Q3", "2024M02"), its days and due date."""

    label: str
    start: dt.date
    end: dt.date
    due: dt.date


def effective_frequency(frequency: str, default_period: str | None) -> str:
    """``periodic`` obligations use the pack's ``default_period`` (a local choice)."""
    if frequency == "periodic":
        if default_period is None or default_period not in FREQUENCIES:
            raise ScheduleError(f"periodic obligation needs a default_period in {FREQUENCIES}")
        return default_period
    if frequency not in FREQUENCIES:
        raise ScheduleError(f"unknown frequency {frequency!r}")
    return frequency


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _due_on(year: int, month_day: str) -> dt.date:
    """``"MM-DD"`` in ``year``; a day past the month's end (``"02-29"`` in 2023) becomes the month's end."""
    try:
        month_text, day_text = month_day.split("-")
        month, day = int(month_text), int(day_text)
    except ValueError as exc:
        raise ScheduleError(f"bad month-day {month_day!r} (expected MM-DD)") from exc
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ScheduleError(f"bad month-day {month_day!r}")
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last))


def periods(
    frequency: str,
    year: int,
    due_month_days: Sequence[str] | None = None,
    default_period: str | None = None,
) -> list[Period]:
    """The periods of ``year`` for an obligation, each with its due date.

    ``due_month_days`` has one ``"MM-DD"`` per period in order; when absent the due date is the
    period's last day.
    """
    freq = effective_frequency(frequency, default_period)
    count = PERIODS_PER_YEAR[freq]
    if due_month_days and len(due_month_days) != count:
        raise ScheduleError(f"{freq} needs {count} month-days, got {len(due_month_days)}")
    months = 12 // count
    result: list[Period] = []
    for index in range(count):
        first_month = index * months + 1
        start = dt.date(year, first_month, 1)
        end = _month_end(year, first_month + months - 1)
        if freq == "annual":
            label = f"{year}"
        elif freq == "half_yearly":
            label = f"{year}H{index + 1}"
        elif freq == "quarterly":
            label = f"{year}Q{index + 1}"
        else:
            label = f"{year}M{index + 1:02d}"
        due = _due_on(year, due_month_days[index]) if due_month_days else end
        result.append(Period(label=label, start=start, end=end, due=due))
    return result


def owed_periods(
    found: Sequence[Period],
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    first_due_after_effective_days: int | None = None,
) -> list[Period]:
    """The periods owed while the measures are in force (due on or after ``effective_from``, before
    ``effective_to``).

    A period that runs into the entry into force but whose due date falls before it (the first year:
    an annual letter due 03-31 under measures in force from 04-10) cannot be owed on that date; with the
    pack's ``first_due_after_effective_days`` it falls due that many days after the effective date,
    without it it is not owed. A period ended before the entry into force is never owed.
    """
    result: list[Period] = []
    for period in found:
        if effective_to is not None and period.due >= effective_to:
            continue
        if period.due >= effective_from:
            result.append(period)
        elif first_due_after_effective_days is not None and period.end >= effective_from:
            due = effective_from + dt.timedelta(days=first_due_after_effective_days)
            if effective_to is None or due < effective_to:
                result.append(Period(period.label, period.start, period.end, due))
    return result


def is_late(due: dt.date, effective_date: dt.date) -> bool:
    """Done after the due date (the due day itself is on time)."""
    return effective_date > due


def status_of(
    due: dt.date,
    done_on: dt.date | None,
    waived: bool,
    today: dt.date,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Status:
    """The status of one occurrence on ``today``.

    Waived wins; done is ``done`` or ``done_late`` by the evidence's effective date; otherwise
    overdue from the day after the due date (due today is not overdue), due soon from
    ``due_soon_days`` days before it (inclusive), else upcoming.
    """
    if due_soon_days < 0:
        raise ScheduleError("due_soon_days must not be negative")
    if waived:
        return Status.WAIVED
    if done_on is not None:
        return Status.DONE_LATE if is_late(due, done_on) else Status.DONE
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= due_soon_days:
        return Status.DUE_SOON
    return Status.UPCOMING
