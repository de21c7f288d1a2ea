"""Structural checks: is the organisation set up as the text asks? Pure rules over plain data; every finding
carries the clause id the pack gives the check (pack.yaml ``organisation.checks``), never a literal here.

Checks (``check`` ids; the data each reads comes from ``zeren.org.checks``):

``safety_leader_on_standing_committee``
    Each unit's government has a leader in charge of safety who sits on the Party standing committee
    (Kashgar art. 15): the holder of a safety-leader post also holds a standing-committee post there.
``department_safety_leader``
    Each department names a leadership member in charge of safety (art. 17 para 1 point 4): an active
    post with the safety-leader role that someone holds.
``department_safety_body``
    Each department the check names (all, or those of the pack's kinds or traits) has set up a safety
    supervision body or named the body in charge of safety, and staffed it (art. 17 para 1 point 5:
    设置安全生产监管机构或者明确负责安全生产工作的机构，配备安全生产监管人员或者安全生产工作人员):
    a body named and at least one safety staff member entered.
``list_published``
    Each post has a published responsibility list (art. 74).
``special_fund_budgeted``
    The unit's special fund is in the budget: a yearly figure above zero entered by the office (art. 14
    para 1 point 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CHECKS = (
    "safety_leader_on_standing_committee",
    "department_safety_leader",
    "department_safety_body",
    "list_published",
    "special_fund_budgeted",
)


@dataclass(frozen=True)
class Finding:
    clause: str
    unit: str  # the unit, organisation or post code the finding is about
    what: str  # in Chinese, for people

    def as_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "unit": self.unit, "what": self.what}


@dataclass(frozen=True)
class UnitGovernment:
    """A unit whose government owes a safety leader on the standing committee."""

    code: str
    name: str
    safety_leaders: frozenset[str]  # people holding a safety-leader post in the unit's government
    standing_members: frozenset[str]  # people holding a standing-committee (or principal) post there


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    safety_leader_held: bool  # an active safety-leader post with a holder


def safety_leader_on_standing_committee(clause: str, units: Iterable[UnitGovernment]) -> list[Finding]:
    findings = []
    for u in units:
        if not u.safety_leaders:
            findings.append(Finding(clause, u.code, f"{u.name}政府未明确分管安全生产的领导（无人在任）"))
        elif not u.safety_leaders & u.standing_members:
            findings.append(Finding(clause, u.code, f"{u.name}分管安全生产的政府领导不是本级党委常委"))
    return findings


def department_safety_leader(clause: str, departments: Iterable[Department]) -> list[Finding]:
    return [
        Finding(clause, d.code, f"{d.name}未明确一名班子成员分管安全生产工作")
        for d in departments
        if not d.safety_leader_held
    ]


@dataclass(frozen=True)
class DepartmentStaffing:
    code: str
    name: str
    safety_body: str  # "" = none named
    safety_staff: int | None  # None = not entered


def department_safety_body(clause: str, departments: Iterable[DepartmentStaffing]) -> list[Finding]:
    findings = []
    for d in departments:
        missing = []
        if not d.safety_body.strip():
            missing.append("未设置安全生产监管机构或明确负责安全生产工作的机构")
        if d.safety_staff is None:
            missing.append("未登记安全生产工作人员")
        elif d.safety_staff < 1:
            missing.append("未配备安全生产监管人员或安全生产工作人员")
        if missing:
            findings.append(Finding(clause, d.code, f"{d.name}{'，'.join(missing)}"))
    return findings


def list_published(clause: str, posts: Mapping[str, tuple[str, bool]]) -> list[Finding]:
    """``posts``: post code -> (title, has a published list)."""
    return [
        Finding(clause, code, f"{title}的安全生产责任清单尚未公布")
        for code, (title, published) in posts.items()
        if not published
    ]


def special_fund_budgeted(
    clause: str, year: int, units: Mapping[str, tuple[str, int | None]]
) -> list[Finding]:
    """``units``: unit code -> (name, the year's budgeted special fund in yuan, None if not entered)."""
    findings = []
    for code, (name, amount) in units.items():
        if amount is None:
            findings.append(Finding(clause, code, f"{name}{year}年度安全生产专项资金预算未登记"))
        elif amount <= 0:
            findings.append(Finding(clause, code, f"{name}{year}年度安全生产专项资金未列入预算（登记为0元）"))
    return findings
