"""The policy pack as frozen data (see docs/pack-format.md). Built by ``loader``, checked by ``validate``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from .model_accidents import AccidentData, ProposalData, Source
from .model_assessment import AssessmentData
from .model_base import Choice as Choice
from .model_base import Effective as Effective
from .model_base import YamlValue
from .model_org import CalendarRules, DutyRules, OrganisationRules
from .regulation import RegulationIndex

KIND_TYPES = ("party_organ", "government_department", "vertical_agency", "social_organisation")
CAPACITIES = ("supervisory_department", "industry_authority", "both", "contributing")
FREQUENCIES = ("annual", "half_yearly", "quarterly", "monthly", "periodic")
PERIODS_PER_YEAR = {"annual": 1, "half_yearly": 2, "quarterly": 4, "monthly": 12}
OWNER_TYPES = ("role", "kind", "trait", "body")
CLASSIFICATIONS = ("implemented", "declarative")
RECIPIENTS = ("county", "prefecture_department", "enterprise")
FUNDING = ("prefecture_special_fund", "self")
EVIDENCE_KINDS = ("meeting", "file")  # what completes an occurrence: meeting minutes, or a document

Percent = int | str  # an integer, or an exact decimal string; never a float


@dataclass(frozen=True)
class Metadata:
    """The pack's front matter: issuer, document number, where it applies, the zone its times are in."""

    issuer: str | None = None
    document_number: str | None = None
    jurisdiction: str | None = None
    time_zone: str | None = None  # an IANA name; the loader checks that it exists
    adopted: dt.date | None = None
    issued: dt.date | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Duty:
    clause: str
    summary: str


@dataclass(frozen=True)
class Feature:
    id: str
    name: str


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    body: str
    clauses: tuple[str, ...]
    holds_kind_duties: bool
    duties: tuple[Duty, ...]
    effective: Effective
    note: str | None = None


@dataclass(frozen=True)
class Trait:
    id: str
    name: str
    clauses: tuple[str, ...]
    duties: tuple[Duty, ...]
    effective: Effective


@dataclass(frozen=True)
class KindTrait:
    trait: str
    clause: str
    scope: str


@dataclass(frozen=True)
class DepartmentKind:
    id: str
    name: str
    type: str
    clauses: tuple[str, ...]
    catch_all: bool
    traits: tuple[KindTrait, ...]
    duties: tuple[Duty, ...]
    effective: Effective
    choice: Choice = field(default_factory=Choice)

    @property
    def trait_ids(self) -> frozenset[str]:
        """The ids of the traits the kind has."""
        return frozenset(t.trait for t in self.traits)


@dataclass(frozen=True)
class SectorSupervisor:
    kind: str
    capacity: str
    part: str
    clauses: tuple[str, ...]

    @property
    def clause(self) -> str:
        """The primary clause (the first one)."""
        return self.clauses[0] if self.clauses else ""


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    supervisors: tuple[SectorSupervisor, ...]
    effective: Effective
    note: str | None = None


@dataclass(frozen=True)
class OwnerRef:
    type: str  # role | kind | trait | body
    id: str


@dataclass(frozen=True)
class DueRule:
    month_days: tuple[str, ...]
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class Obligation:
    id: str
    name: str
    clause: str
    owners: tuple[OwnerRef, ...]
    frequency: str
    default_period: str | None
    min_count: int
    recipient: str | None
    due: DueRule | None
    effective: Effective
    choice: Choice = field(default_factory=Choice)
    evidence: str | None = None  # EVIDENCE_KINDS

    @property
    def period(self) -> str:
        """The period actually used: the frequency, or the local default for ``periodic``."""
        if self.frequency == "periodic" and self.default_period:
            return self.default_period
        return self.frequency


@dataclass(frozen=True)
class Reward:
    id: str
    name: str
    clause: str
    recipient: str
    top: int | None
    amount: int | None
    amount_min: int | None
    amount_max: int | None
    funded_by: str
    note: str | None = None


@dataclass(frozen=True)
class RewardSplit:
    clause: str
    applies_to: tuple[str, ...]
    principals_percent: Percent
    remainder: str
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class Fine:
    id: str
    name: str
    clause: str
    payer: str
    amount: int
    principals_percent: Percent
    remainder: str
    paid_to: str | None = None  # the fund a fine is paid into (FUNDING); None: the group's reward fund
    choice: Choice = field(default_factory=Choice)  # paid_to is a local choice where the text is silent


@dataclass(frozen=True)
class MoneyRules:
    currency: str
    rewards: tuple[Reward, ...]
    reward_split: RewardSplit | None
    fines: tuple[Fine, ...]


@dataclass(frozen=True)
class Provision:
    """A cited rule stated in words (a trigger, an aggravating circumstance ...)."""

    id: str
    clause: str
    summary: str


@dataclass(frozen=True)
class Form:
    id: str
    name: str
    clause: str
    rank: int  # 1 = mildest; 0 for the sanction, which stands beside the ladder
    note: str | None = None


@dataclass(frozen=True)
class DepartmentForm:
    form: str
    clause: str


@dataclass(frozen=True)
class VetoPeriod:
    form: str
    grade: str | None
    months: int
    no_leading_post_months: int | None
    choice: Choice


@dataclass(frozen=True)
class Veto:
    clause: str
    effects: tuple[str, ...]
    periods: tuple[VetoPeriod, ...]
    also_cites: tuple[str, ...] = ()  # further clauses an eligibility check cites (e.g. the promotion check)
    after_transfer: Choice | None = None  # why a transfer does not end a running period (a local choice)

    def sanction_grades(self, sanction_id: str) -> tuple[str, ...]:
        """The sanction grades with a period, in pack order: the only grades a decision may record."""
        return tuple(p.grade for p in self.periods if p.form == sanction_id and p.grade)


@dataclass(frozen=True)
class Organ:
    id: str
    name: str
    clause: str


@dataclass(frozen=True)
class AccountabilityRules:
    triggers: tuple[Provision, ...]
    forms: tuple[Form, ...]  # the ladder, mildest first
    sanction: Form | None
    referral: Provision | None  # id = the organ
    department_forms: tuple[DepartmentForm, ...]
    veto: Veto | None
    aggravation: Provision | None
    mitigation: Provision | None
    exemption: Provision | None
    lifelong: Provision | None
    factors: tuple[str, ...]
    factors_clause: str | None
    deciding_organs: tuple[Organ, ...]
    proposal: ProposalData | None = None  # default form ranges for proposals (local choices)

    @property
    def ladder(self) -> tuple[str, ...]:
        """The names of the accountability forms, mildest first."""
        return tuple(form.name for form in self.forms)


@dataclass(frozen=True)
class LocalChoice:
    id: str
    name: str
    clause: str | None
    value: YamlValue  # the default the pack states (a number, a date, or a pointer such as {see: ...})
    choice: Choice


@dataclass(frozen=True)
class ArticleClass:
    eid: str
    classification: str
    feature: str
    note: str | None = None


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    directory: Path
    regulation_file: str
    metadata: Metadata
    effective: Effective
    features: tuple[Feature, ...]
    bodies: tuple[Body, ...]
    roles: tuple[Role, ...]
    traits: tuple[Trait, ...]
    department_kinds: tuple[DepartmentKind, ...]
    sectors: tuple[Sector, ...]
    obligations: tuple[Obligation, ...]
    money: MoneyRules
    accountability: AccountabilityRules
    local_choices: tuple[LocalChoice, ...]
    articles: tuple[ArticleClass, ...]
    regulation: RegulationIndex = field(repr=False, compare=False)
    sources: tuple[Source, ...] = ()  # second cited texts; their clause ids are "<source id>:art_3"
    accidents: AccidentData | None = None
    assessment: AssessmentData | None = None
    duty_rules: DutyRules = field(default_factory=DutyRules)
    organisation: OrganisationRules = field(default_factory=OrganisationRules)
    calendar: CalendarRules = field(default_factory=CalendarRules)

    def source(self, source_id: str) -> Source:
        """The second source ``source_id``; KeyError if the pack has none."""
        return _find(self.sources, source_id, "source")

    def role(self, role_id: str) -> Role:
        """The role ``role_id``; KeyError if the pack has none."""
        return _find(self.roles, role_id, "role")

    def kind(self, kind_id: str) -> DepartmentKind:
        """The department kind ``kind_id``; KeyError if the pack has none."""
        return _find(self.department_kinds, kind_id, "department kind")

    def trait(self, trait_id: str) -> Trait:
        """The trait ``trait_id``; KeyError if the pack has none."""
        return _find(self.traits, trait_id, "trait")

    def sector(self, sector_id: str) -> Sector:
        """The sector ``sector_id``; KeyError if the pack has none."""
        return _find(self.sectors, sector_id, "sector")

    def obligation(self, obligation_id: str) -> Obligation:
        """The obligation ``obligation_id``; KeyError if the pack has none."""
        return _find(self.obligations, obligation_id, "obligation")

    def local_choice(self, choice_id: str) -> LocalChoice:
        """The local choice ``choice_id``; KeyError if the pack has none."""
        return _find(self.local_choices, choice_id, "local choice")

    def duties_of_kind(self, kind_id: str) -> tuple[Duty, ...]:
        """The kind's own duties followed by those of each of its traits (art. 18)."""
        kind = self.kind(kind_id)
        trait_duties = tuple(d for t in self.traits if t.id in kind.trait_ids for d in t.duties)
        return kind.duties + trait_duties

    def sectors_of_kind(self, kind_id: str) -> tuple[Sector, ...]:
        """The sectors whose supervisors include the kind ``kind_id``."""
        return tuple(s for s in self.sectors if any(sup.kind == kind_id for sup in s.supervisors))


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _find(items: tuple[_T, ...], item_id: str, what: str) -> _T:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {what} {item_id!r}")
