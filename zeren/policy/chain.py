"""Who answers for an accident: the chain of posts up from the supervising departments (arts. 3-17, 73).

SKELETON: final signatures; bodies being filled in. See docs/accidents.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TIERS: tuple[str, ...] = (
    "township_principals",
    "department_principals",
    "department_safety_leaders",
    "overseeing_leaders",
    "government_safety_leader",
    "government_principal",
    "party_principal",
    "prefecture_principals",
)


@dataclass(frozen=True)
class Oversight:
    """One thing a post oversees (分管): an organisation, a department kind, and/or a sector."""

    organisation_code: str = ""
    kind_code: str = ""
    sector_code: str = ""


@dataclass(frozen=True)
class ChainPost:
    """A post in the accident's county, township or prefecture, with its holder on the accident date."""

    post_code: str
    unit_code: str  # administrative unit (county / township / prefecture)
    role_code: str  # pack role id
    title: str
    organisation_code: str = ""
    kind_code: str = ""  # pack department kind id of the organisation ("" for Party committee / government)
    holder_code: str = ""
    holder_name: str = ""
    oversees: tuple[Oversight, ...] = ()


@dataclass(frozen=True)
class SupervisingKind:
    """A department kind that supervises the accident's sector (pack ``sectors[].supervisors``)."""

    kind_code: str
    capacity: str
    part: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class AccidentPlace:
    county_code: str
    township_code: str = ""  # "" when not in a township (or at county level)
    prefecture_code: str = ""


@dataclass(frozen=True)
class ReachRules:
    """Tiers reached by grade (a local choice, pack ``accidents.reach``) and role ids per tier."""

    by_grade: Mapping[str, tuple[str, ...]]
    on_report_failure: tuple[str, ...]
    clauses: tuple[str, ...]
    note: str
    source: str
    department_principal_roles: tuple[str, ...] = ("department_principal",)
    department_safety_roles: tuple[str, ...] = ("department_safety_leader",)
    overseeing_roles: tuple[str, ...] = (
        "government_other_leader",
        "government_safety_leader",
        "government_principal",
    )
    government_safety_roles: tuple[str, ...] = ("government_safety_leader",)
    government_principal_roles: tuple[str, ...] = ("government_principal",)
    party_principal_roles: tuple[str, ...] = ("party_principal",)


@dataclass(frozen=True)
class ChainEntry:
    post_code: str
    unit_code: str
    role_code: str
    title: str
    holder_code: str
    holder_name: str
    reason: str  # Chinese, reasons merged with "；"
    clauses: list[str]
    tiers: list[str]


def answerable_chain(
    *,
    grade: str,
    sector_code: str,
    place: AccidentPlace,
    supervisors: Sequence[SupervisingKind],
    posts: Sequence[ChainPost],
    reach: ReachRules,
    report_failure: bool = False,
) -> list[ChainEntry]:
    """The posts answerable for the accident, closest first, cut by ``reach`` for ``grade``."""
    raise NotImplementedError
