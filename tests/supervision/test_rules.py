"""Table tests for the pure rules: transitions, overdue and escalation boundaries, on-time rectification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeren.supervision import rules

D = dt.date
DEADLINE = D(2026, 6, 30)


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        ("open", "report", "reported"),
        ("rejected", "report", "reported"),
        ("reported", "verify", "verified"),
        ("reported", "reject", "rejected"),
        ("open", "verify", None),
        ("open", "reject", None),
        ("reported", "report", None),
        ("rejected", "verify", None),
        ("verified", "report", None),
        ("verified", "reject", None),
    ],
)
def test_transitions(state: str, action: str, after: str | None) -> None:
    assert rules.next_state(state, action) == after


@pytest.mark.parametrize(
    ("status", "today", "overdue", "days"),
    [
        ("open", D(2026, 6, 30), False, 0),  # the deadline day itself is on time
        ("open", D(2026, 7, 1), True, 1),
        ("rejected", D(2026, 7, 1), True, 1),
        ("reported", D(2026, 7, 1), False, 0),  # reported: waiting for the inspectors, not the unit
        ("verified", D(2026, 9, 1), False, 0),
    ],
)
def test_overdue(status: str, today: dt.date, overdue: bool, days: int) -> None:
    assert rules.is_overdue(status=status, deadline=DEADLINE, today=today) is overdue
    assert rules.days_overdue(status=status, deadline=DEADLINE, today=today) == days


@pytest.mark.parametrize(
    ("severity", "status", "today", "escalated", "after_days", "expected"),
    [
        ("major", "open", D(2026, 6, 30), False, 0, False),
        ("major", "open", D(2026, 7, 1), False, 0, True),
        ("major", "open", D(2026, 7, 1), True, 0, False),  # already escalated: once only
        ("serious", "open", D(2026, 7, 1), False, 0, False),  # only 重大隐患 is supervised
        ("general", "open", D(2026, 8, 1), False, 0, False),
        ("major", "reported", D(2026, 7, 1), False, 0, False),
        ("major", "rejected", D(2026, 7, 1), False, 0, True),
        ("major", "open", D(2026, 7, 7), False, 7, False),  # 7 days overdue, grace of 7: not yet
        ("major", "open", D(2026, 7, 8), False, 7, True),
    ],
)
def test_escalation(
    severity: str, status: str, today: dt.date, escalated: bool, after_days: int, expected: bool
) -> None:
    assert (
        rules.should_escalate(
            severity=severity,
            status=status,
            deadline=DEADLINE,
            today=today,
            escalated=escalated,
            after_days=after_days,
        )
        is expected
    )


@pytest.mark.parametrize(
    ("first_report", "verified", "expected"),
    [
        (D(2026, 6, 30), True, True),
        (D(2026, 7, 1), True, False),
        (D(2026, 6, 1), False, False),
        (None, True, False),
    ],
)
def test_rectified_on_time(first_report: dt.date | None, verified: bool, expected: bool) -> None:
    assert (
        rules.rectified_on_time(first_report_on=first_report, deadline=DEADLINE, verified=verified)
        is expected
    )


def test_rules_module_imports_no_django() -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")

    assert "django" not in source.split('"""', 2)[2]
