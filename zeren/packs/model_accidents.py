"""Pack data for second sources and accidents (pack.yaml ``sources``, ``accidents``,
``accountability.proposal``); see docs/pack-format.md. Built by ``build_accidents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model_base import Choice, Effective
from .regulation import RegulationIndex

GRADES = ("一般", "较大", "重大", "特别重大")  # mildest first
FAILURE_KINDS = ("late", "omitted", "false", "concealed")
REACH_LEVELS = ("local", "county", "prefecture")
REACH_SCOPES = ("roles", "kinds", "supervisors", "overseers")
REACH_CIRCUMSTANCES = (
    "report_failure", "repeated", "zone", "prefecture_direct", "urban_district", "involved_unit",
)  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A second cited text (e.g. 国务院令第493号); its clause ids are cited as ``<id>:art_3``."""

    id: str
    title: str
    document_number: str
    file: str
    effective: Effective
    index: RegulationIndex = field(repr=False, compare=False)


@dataclass(frozen=True)
class GradeBandData:
    grade: str
    deaths_min: int
    serious_injuries_min: int
    direct_loss_min_yuan: int
    clause: str


@dataclass(frozen=True)
class ReportLevelData:
    id: str
    name: str
    clause: str
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class Escalation:
    grade: str
    up_to: str  # a level id
    clause: str


@dataclass(frozen=True)
class AccidentTypeData:
    """An accident type (事故类别): the supplement window of 493:art_13 follows it, not the sector."""

    id: str
    name: str
    default_for_sectors: tuple[str, ...] = ()  # the type proposed for an accident of these sectors
    default: bool = False  # the type when none is given and the sector proposes none


@dataclass(frozen=True)
class SupplementData:
    days: int
    types: tuple[str, ...]  # accident type ids; () for the default window
    clause: str
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class ReportFailureData:
    kind: str
    name: str
    definition: str
    clauses: tuple[str, ...]
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class ReachTierData:
    """A tier of the reach: where it looks, which roles, which responsibility and clauses."""

    id: str
    name: str
    level: str  # local | county | prefecture
    scope: str  # roles | kinds | supervisors | overseers
    roles: tuple[str, ...]
    responsibility: str
    clauses: tuple[str, ...]
    reason: str
    kinds: tuple[str, ...] = ()
    role_clauses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    zone_clauses: tuple[str, ...] = ()
    kind_article_types: tuple[str, ...] = ()
    capacities: tuple[str, ...] = ()
    lead_only: bool = False  # supervisors scope: only each sector's lead department (listed first)


@dataclass(frozen=True)
class PlacementData:
    likely: tuple[str, ...] = ()
    possible: tuple[str, ...] = ()


@dataclass(frozen=True)
class CircumstanceData:
    id: str
    name: str
    clauses: tuple[str, ...] = ()
    placement: PlacementData = field(default_factory=PlacementData)
    by_grade: Mapping[str, PlacementData] = field(default_factory=dict)
    window_days: int = 0
    note: str | None = None


@dataclass(frozen=True)
class SectorGroupData:
    """Sectors whose accidents are placed by their own ``by_grade`` (e.g. road traffic, where the departments
    answer and the territorial leaders rarely do); a grade the group leaves out keeps the default."""

    id: str
    name: str
    sectors: tuple[str, ...]
    by_grade: Mapping[str, PlacementData]
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ReachData:
    clauses: tuple[str, ...]
    by_grade: Mapping[str, PlacementData]
    choice: Choice
    responsibilities: Mapping[str, str] = field(default_factory=dict)  # id -> Chinese label
    tiers: tuple[ReachTierData, ...] = ()
    circumstances: tuple[CircumstanceData, ...] = ()
    sector_groups: tuple[SectorGroupData, ...] = ()


@dataclass(frozen=True)
class AccidentData:
    grade_clauses: tuple[str, ...]
    bands: tuple[GradeBandData, ...]  # highest grade first
    levels: tuple[ReportLevelData, ...]  # lowest first
    unit_report_minutes: int
    unit_report_clause: str
    per_level_minutes: int
    per_level_clause: str
    escalation: tuple[Escalation, ...]
    skip_clause: str | None
    report_items: tuple[str, ...]
    report_items_clause: str | None
    supplements: tuple[SupplementData, ...]
    report_failures: tuple[ReportFailureData, ...]
    reach: ReachData | None
    types: tuple[AccidentTypeData, ...] = ()
    sector_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # sector id -> aliases


@dataclass(frozen=True)
class FormRangeData:
    key: str  # a trigger id or a grade
    low: str
    high: str


@dataclass(frozen=True)
class ProposalData:
    by_trigger: tuple[FormRangeData, ...]
    by_grade: tuple[FormRangeData, ...]
    aggravation_steps: int
    mitigation_steps: int
    concealment_floor: str
    sanction_from: str
    choice: Choice
    accident_trigger: str = ""  # the trigger id of leadership responsibility for an accident
    report_trigger: str = ""  # the trigger id of leadership responsibility for a reporting failure
