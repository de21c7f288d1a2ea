"""Whether the art. 65 veto (一票否决) still bars a person on a day. Pure: imports nothing from Django.

Art. 65 bars a leader "因发生生产安全事故被追究领导责任" from awards, promotion and important appointments
"在相关规定时限内". The periods are local choices (pack ``accountability.veto.periods``), keyed by form id
and, for sanctions, ``"sanction:<grade>"`` (e.g. ``"sanction:警告（政务处分）"``).

Month arithmetic (no dateutil): a period of N months starting on the decision day ends the day before the
same day N calendar months later; when that month is shorter, the day is clamped to its end. So a 诫勉
decided 2026-01-15 with 6 months bars up to 2026-07-14 inclusive and the person is eligible on 2026-07-15;
a decision of 2025-08-31 with 6 months: 2026-02-28 is the first free day, 2026-02-27 the last barred day.
Transfers, promotion and retirement do not end the period (art. 69): the input has no such facts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

BASE_CLAUSES: tuple[str, ...] = ("art_65__para_1", "art_69__para_1", "art_58__para_1")


@dataclass(frozen=True)
class DecisionFact:
    person_code: str
    form: str  # form id, or "sanction"
    decided_on: dt.date
    accident_related: bool  # art_65 bars only leaders held responsible for an accident
    case_ref: str = ""
    sanction_grade: str = ""  # for form "sanction": e.g. 警告（政务处分）; key "sanction:<grade>"

    @property
    def period_key(self) -> str:
        return f"sanction:{self.sanction_grade}" if self.form == "sanction" else self.form


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    until: dt.date | None  # the last barred day
    reasons: list[str]
    clauses: list[str]
    sources: list[str] = field(default_factory=list)  # the local-choice source of each period used


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, the day clamped to the month's end (2026-08-31 + 6 = 2027-02-28)."""
    if months < 0:
        raise ValueError("months must not be negative")
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def barred_until(decided_on: dt.date, months: int) -> dt.date:
    """The last barred day: ``add_months(decided_on, months)`` minus one day."""
    return add_months(decided_on, months) - dt.timedelta(days=1)


def eligibility(
    *,
    on: dt.date,
    decisions: Sequence[DecisionFact],
    veto_periods: Mapping[str, int],
    period_sources: Mapping[str, str] | None = None,
) -> Eligibility:
    """Eligibility on ``on`` for awards and promotion under art. 65 (regardless of transfer, art. 69).

    ``until`` is the last barred day of the latest running period (None when eligible). A decision not
    related to an accident is listed as not triggering art. 65; a form with no configured period raises
    ``ValueError`` (the pack must give every form a period).
    """
    sources = period_sources or {}
    reasons: list[str] = []
    used_sources: list[str] = []
    until: dt.date | None = None
    for decision in sorted(decisions, key=lambda d: (d.decided_on, d.period_key, d.case_ref)):
        label = decision.sanction_grade or decision.form
        ref = f"（{decision.case_ref}）" if decision.case_ref else ""
        if not decision.accident_related:
            reasons.append(
                f"{decision.decided_on.isoformat()}{label}{ref}不属于因事故被追究领导责任，不适用第六十五条"
            )
            continue
        if decision.period_key not in veto_periods:
            raise ValueError(f"no art. 65 period for {decision.period_key!r}")
        months = veto_periods[decision.period_key]
        last = barred_until(decision.decided_on, months)
        source = sources.get(decision.period_key, "")
        if source and source not in used_sources:
            used_sources.append(source)
        if decision.decided_on <= on <= last:
            until = last if until is None or last > until else until
            state = "期间内，不得评优评先、晋升或重用"
        elif on < decision.decided_on:
            state = "尚未作出（晚于查询日），不计"
        else:
            state = "期限已满"
        reasons.append(
            f"{decision.decided_on.isoformat()}因事故被{label}{ref}，影响期{months}个月"
            f"（至{last.isoformat()}止）：{state}"
        )
    return Eligibility(
        eligible=until is None,
        until=until,
        reasons=reasons,
        clauses=list(BASE_CLAUSES),
        sources=used_sources,
    )
