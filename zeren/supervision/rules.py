"""Pure rules for supervision and inspection tours (arts. 53–54, 18(2)): no Django imports.

- ``TRANSITIONS``: the rectification state machine. A finding is ``open``; the target unit reports it
  done (``reported``); the inspectors either verify it effective (``verified``, a re-inspection) or
  reject the report with reasons (``rejected``), after which the unit reports again.
- Overdue: a rectification not yet reported or verified is overdue from the day *after* its deadline
  (the deadline day itself is still on time). A report filed on or before the deadline counts as on
  time even if the verification comes later.
- Escalation (督办, art_18__para_1__point_2): a supervised finding (重大隐患) still not rectified
  N days after its deadline is escalated to the committee office. The regulation fixes no number of
  days: N is the pack's local choice ``supervision_escalation_days`` (``ESCALATE_AFTER_DAYS`` applies only
  when a pack lacks it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OPEN, REPORTED, REJECTED, VERIFIED = "open", "reported", "rejected", "verified"
REPORT, VERIFY, REJECT = "report", "verify", "reject"

# (state, action) -> next state. Anything else is an InvalidTransition.
TRANSITIONS: dict[tuple[str, str], str] = {
    (OPEN, REPORT): REPORTED,
    (REJECTED, REPORT): REPORTED,
    (REPORTED, VERIFY): VERIFIED,
    (REPORTED, REJECT): REJECTED,
}
UNRESOLVED = frozenset({OPEN, REJECTED})  # the unit still owes a (new) report
NOT_VERIFIED = frozenset({OPEN, REPORTED, REJECTED})

GENERAL, SERIOUS, MAJOR = "general", "serious", "major"
SEVERITIES = (GENERAL, SERIOUS, MAJOR)
SUPERVISED_SEVERITIES = frozenset({MAJOR})  # 重大隐患 → 督办 (art_18__para_1__point_2)
SUPERVISION_CLAUSE = "art_18__para_1__point_2"
DUTY_FAILURE_CLAUSE = "art_63__para_1__point_1"

ESCALATE_AFTER_DAYS = 0  # fallback for a pack without local choice supervision_escalation_days
ESCALATION_CHOICE = "supervision_escalation_days"


@dataclass(frozen=True)
class Transition:
    before: str
    action: str
    after: str


def next_state(state: str, action: str) -> str | None:
    """The state after ``action``, or ``None`` when the action is not allowed from ``state``."""
    return TRANSITIONS.get((state, action))


def allowed_actions(state: str) -> list[str]:
    return [action for (before, action) in TRANSITIONS if before == state]


def is_supervised(severity: str) -> bool:
    return severity in SUPERVISED_SEVERITIES


def is_overdue(*, status: str, deadline: dt.date, today: dt.date) -> bool:
    """Unresolved (open or rejected) after the deadline day."""
    return status in UNRESOLVED and today > deadline


def days_overdue(*, status: str, deadline: dt.date, today: dt.date) -> int:
    return (today - deadline).days if is_overdue(status=status, deadline=deadline, today=today) else 0


def should_escalate(
    *,
    severity: str,
    status: str,
    deadline: dt.date,
    today: dt.date,
    escalated: bool,
    after_days: int = ESCALATE_AFTER_DAYS,
) -> bool:
    """A supervised finding, not yet escalated, overdue by more than ``after_days`` days."""
    return (
        not escalated
        and is_supervised(severity)
        and days_overdue(status=status, deadline=deadline, today=today) > after_days
    )


def rectified_on_time(*, first_report_on: dt.date | None, deadline: dt.date, verified: bool) -> bool:
    """Verified, and first reported done on or before the deadline."""
    return verified and first_report_on is not None and first_report_on <= deadline
