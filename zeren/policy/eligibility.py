"""Whether the veto (一票否决) still bars a person on a day. Pure: imports nothing from Django.

The veto bars a leader "因发生生产安全事故被追究领导责任" from awards, promotion and important appointments
"在相关规定时限内". The periods are local choices (pack ``accountability.veto.periods``), keyed by form id
and, for sanctions, ``"sanction:<grade>"`` (e.g. ``"sanction:警告（政务处分）"``); the clauses cited come
from the pack too (``veto.clause`` and ``veto.also_cites``): the core holds no clause id.

Month arithmetic (no dateutil): a period of N months starting on the decision day ends the day before the
same day N calendar months later; when that month is shorter, the day is clamped to its end. So a 诫勉
decided 2026-01-15 with 6 months bars up to 2026-07-14 inclusive and the person is eligible on 2026-07-15;
a decision of 2025-08-31 with 6 months: 2026-02-28 is the first free day, 2026-02-27 the last barred day.
The bar follows the person, not the post: a transfer or promotion does not end a running period (the
pack's ``veto.after_transfer`` local choice); the input has no such facts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from zeren.law import LawParseError, cite


@dataclass(frozen=True)
class DecisionFact:
    person_code: str
    form: str  # form id, or "sanction"
    decided_on: dt.date
    accident_related: bool  # the veto bars only leaders held responsible for an accident
    case_ref: str = ""
    sanction_grade: str = ""  # for form "sanction": e.g. 警告（政务处分）; key "sanction:<grade>"

    @property
    def period_key(self) -> str:
        """The key of the veto period this decision runs: the form, or the sanction and its grade."""
        return f"sanction:{self.sanction_grade}" if self.form == "sanction" else self.form


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    until: dt.date | None  # the last barred day
    reasons: list[str]
    clauses: list[str]
    sources: list[str] = field(default_factory=list)  # the local-choice source of each period used
    unresolved: list[str] = field(default_factory=list)  # decisions whose form has no period: check by hand


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


def _short(grade: str) -> str:
    return grade.split("（", 1)[0].strip()


def period_key_for(decision: DecisionFact, veto_periods: Mapping[str, int]) -> str | None:
    """The configured period key of ``decision``: its own key, or for a sanction recorded without its
    kind (``撤销党内职务`` for ``撤销党内职务（党纪处分）``) the one grade of that name; else None."""
    if decision.period_key in veto_periods:
        return decision.period_key
    if decision.form != "sanction" or not decision.sanction_grade:
        return None
    prefix = "sanction:"
    same = [
        key
        for key in veto_periods
        if key.startswith(prefix) and _short(key[len(prefix) :]) == _short(decision.sanction_grade)
    ]
    return same[0] if len(same) == 1 else None


def _article(clauses: Sequence[str]) -> str:
    if not clauses:
        return "一票否决"
    try:
        return cite(clauses[0].split("__", 1)[0])
    except LawParseError:
        return clauses[0]


def eligibility(
    *,
    on: dt.date,
    decisions: Sequence[DecisionFact],
    veto_periods: Mapping[str, int],
    period_sources: Mapping[str, str] | None = None,
    clauses: Sequence[str] = (),
    form_names: Mapping[str, str] | None = None,
) -> Eligibility:
    """Eligibility on ``on`` for awards and promotion under the veto, wherever the person serves now.

    ``until`` is the last barred day of the latest running period (None when eligible). A decision not
    related to an accident is listed as not triggering the veto. A decision whose form has no configured
    period never raises: it is listed in ``unresolved`` with a reason asking for a check by hand (the
    pack gives every form and sanction grade a period, and decisions are recorded only with those).
    ``clauses`` are the pack's veto clauses, cited on the result (the first one named in the reasons);
    ``form_names`` the Chinese names of the form ids, used in the reasons.
    """
    sources = period_sources or {}
    article = _article(clauses)
    reasons: list[str] = []
    used_sources: list[str] = []
    unresolved: list[str] = []
    until: dt.date | None = None
    for decision in sorted(decisions, key=lambda d: (d.decided_on, d.period_key, d.case_ref)):
        label = decision.sanction_grade or (form_names or {}).get(decision.form, decision.form)
        ref = f"（{decision.case_ref}）" if decision.case_ref else ""
        if not decision.accident_related:
            reasons.append(
                f"{decision.decided_on.isoformat()}{label}{ref}不属于因事故被追究领导责任，不适用{article}"
            )
            continue
        key = period_key_for(decision, veto_periods)
        if key is None:
            unresolved.append(decision.period_key)
            reasons.append(
                f"{decision.decided_on.isoformat()}因事故被{label}{ref}：政策包未规定该方式的影响期，未计入，请人工核实"
            )
            continue
        months = veto_periods[key]
        last = barred_until(decision.decided_on, months)
        source = sources.get(key, "")
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
        clauses=list(dict.fromkeys(clauses)),
        sources=used_sources,
        unresolved=unresolved,
    )
