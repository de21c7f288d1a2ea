"""Whether the art. 65 veto (一票否决) still bars a person on a day.

SKELETON: final signatures; bodies being filled in. See docs/accidents.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DecisionFact:
    person_code: str
    form: str  # form id, or "sanction"
    decided_on: dt.date
    accident_related: bool  # art_65 bars only leaders held responsible for an accident
    case_ref: str = ""
    sanction_grade: str = ""  # for form "sanction": e.g. 警告（政务处分）; key "sanction:<grade>"


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    until: dt.date | None  # the last barred day
    reasons: list[str]
    clauses: list[str]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, the day clamped to the month's end (2026-08-31 + 6 = 2027-02-28)."""
    raise NotImplementedError


def barred_until(decided_on: dt.date, months: int) -> dt.date:
    """The last barred day: ``add_months(decided_on, months)`` minus one day."""
    raise NotImplementedError


def eligibility(
    *,
    on: dt.date,
    decisions: Sequence[DecisionFact],
    veto_periods: Mapping[str, int],
    period_sources: Mapping[str, str] | None = None,
) -> Eligibility:
    """Eligibility on ``on`` for awards and promotion under art. 65 (regardless of transfer, art. 69)."""
    raise NotImplementedError
