"""JSON API for the catalogue (``/api/catalog/...``): the same data the catalogue pages show."""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import HttpRequest
from ninja import Router, Schema

from zeren.law import cite

from . import selectors
from .coverage import coverage_rows
from .models import DepartmentKind, Duty, Sector
from .packs import current_pack

router = Router(tags=["目录 catalog"])


class Citation(Schema):
    clause: str
    citation: str


class DutyOut(Schema):
    clause: str
    citation: str
    summary: str
    via: str | None = None


class TraitOut(Schema):
    code: str
    name: str
    clause: str
    scope: str


class KindSummary(Schema):
    code: str
    name: str
    type: str
    clauses: list[str]
    traits: list[TraitOut]


class SectorRef(Schema):
    code: str
    name: str
    capacity: str
    part: str
    clauses: list[Citation]


class KindDetail(KindSummary):
    duties: list[DutyOut]
    trait_duties: list[DutyOut]
    sectors: list[SectorRef]


class SupervisorOut(Schema):
    kind: str
    kind_name: str
    capacity: str
    part: str
    clauses: list[Citation]


class SectorOut(Schema):
    code: str
    name: str
    supervisors: list[SupervisorOut]


class RoleOut(Schema):
    code: str
    name: str
    clauses: list[str]
    holds_kind_duties: bool
    duties: list[DutyOut]


class ObligationOut(Schema):
    code: str
    name: str
    clause: str
    citation: str
    frequency: str
    min_count: int
    owners: list[dict[str, Any]]
    due: dict[str, Any]


class ParameterOut(Schema):
    section: str
    code: str
    name: str
    clause: str
    value: Any
    local_choice: bool
    note: str
    source: str


class CoverageOut(Schema):
    eid: str
    classification: str
    feature: str
    tests: list[str]


def _cites(clauses: list[str]) -> list[Citation]:
    return [Citation(clause=c, citation=cite(c)) for c in clauses]


def _duty(duty: Duty, via: str | None = None) -> DutyOut:
    return DutyOut(clause=duty.clause, citation=cite(duty.clause), summary=duty.summary, via=via)


class _KindFields(TypedDict):
    code: str
    name: str
    type: str
    clauses: list[str]
    traits: list[TraitOut]


def _kind_summary(kind: DepartmentKind) -> _KindFields:
    return {
        "code": kind.code,
        "name": kind.name,
        "type": kind.type,
        "clauses": kind.clauses,
        "traits": [
            TraitOut(code=kt.trait.code, name=kt.trait.name, clause=kt.clause, scope=kt.scope)
            for kt in kind.kind_traits.all()
        ],
    }


@router.get("/catalog/kinds", response=list[KindSummary])
def list_kinds(request: HttpRequest) -> list[KindSummary]:
    """The current pack's department kinds with their traits (art. 18), in pack order."""
    pack = current_pack()
    return [KindSummary(**_kind_summary(kind)) for kind in selectors.kinds_with_traits(pack)]


@router.get("/catalog/kinds/{code}", response=KindDetail)
def get_kind(request: HttpRequest, code: str) -> KindDetail:
    """A department kind: its own duties, those inherited through its traits, the sectors it supervises."""
    pack = current_pack()
    kind = selectors.access_kind(pack, code)
    own, inherited = selectors.duties_of_kind(kind)
    return KindDetail(
        **_kind_summary(kind),
        duties=[_duty(d) for d in own],
        trait_duties=[_duty(d, via=d.trait.code if d.trait else None) for d in inherited],
        sectors=[
            SectorRef(
                code=s.sector.code,
                name=s.sector.name,
                capacity=s.capacity,
                part=s.part,
                clauses=_cites(s.clauses),
            )
            for s in selectors.sectors_of_kind(kind)
        ],
    )


def _sector(sector: Sector) -> SectorOut:
    return SectorOut(
        code=sector.code,
        name=sector.name,
        supervisors=[
            SupervisorOut(
                kind=s.kind.code,
                kind_name=s.kind.name,
                capacity=s.capacity,
                part=s.part,
                clauses=_cites(s.clauses),
            )
            for s in sector.supervisors.all()
        ],
    )


@router.get("/catalog/sectors", response=list[SectorOut])
def list_sectors(request: HttpRequest) -> list[SectorOut]:
    """The current pack's sectors with their supervising department kinds (art. 3: 管行业必须管安全)."""
    return [_sector(s) for s in selectors.sectors_with_supervisors(current_pack())]


@router.get("/catalog/sectors/{code}", response=SectorOut)
def get_sector(request: HttpRequest, code: str) -> SectorOut:
    """One sector with its supervisors; 404 for a code the current pack lacks."""
    return _sector(selectors.access_sector(current_pack(), code))


@router.get("/catalog/roles", response=list[RoleOut])
def list_roles(request: HttpRequest) -> list[RoleOut]:
    """The leader roles with their duties, in pack order."""
    return [
        RoleOut(
            code=r.code,
            name=r.name,
            clauses=r.clauses,
            holds_kind_duties=r.holds_kind_duties,
            duties=[_duty(d) for d in r.duties.all()],
        )
        for r in selectors.roles_with_duties(current_pack())
    ]


@router.get("/catalog/obligations", response=list[ObligationOut])
def list_obligations(request: HttpRequest) -> list[ObligationOut]:
    """The recurring obligations with their owners and due-date rules, as stored from the pack."""
    pack = current_pack()
    return [
        ObligationOut(
            code=o.code,
            name=o.name,
            clause=o.clause,
            citation=cite(o.clause),
            frequency=o.frequency,
            min_count=o.min_count,
            owners=o.owners,
            due=o.due,
        )
        for o in pack.obligations.order_by("position")
    ]


@router.get("/catalog/parameters", response=list[ParameterOut])
def list_parameters(request: HttpRequest) -> list[ParameterOut]:
    """Money, accountability and local-choice parameters, each with its clause and local-choice flag."""
    pack = current_pack()
    return [
        ParameterOut(
            section=p.section,
            code=p.code,
            name=p.name,
            clause=p.clause,
            value=p.value,
            local_choice=p.local_choice,
            note=p.note,
            source=p.source,
        )
        for p in pack.parameters.order_by("section", "position")
    ]


@router.get("/catalog/coverage", response=list[CoverageOut])
def get_coverage(request: HttpRequest) -> list[CoverageOut]:
    """Each article of the regulation: implemented or declarative, the feature and the tests that cite it."""
    rows = coverage_rows(current_pack())
    return [
        CoverageOut(eid=r.eid, classification=r.classification, feature=r.feature, tests=r.tests)
        for r in rows
    ]
