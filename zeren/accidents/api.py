"""Accident API (``/api/accidents/...``): bearer token or session; the same policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field, ValidationInfo, field_validator

from zeren.accounts.auth import api_auth
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page

from . import figures, permissions, selectors, services
from .models import Accident, ReportStep
from .rules import Rules, rules_for

router = Router(tags=["事故 accidents"], auth=api_auth)


class AccidentIn(Schema):
    unit: str  # code or Chinese name
    sector: str  # pack sector id or Chinese name
    occurred_at: dt.datetime
    enterprise: str
    description: str
    place: str = ""
    deaths: int = Field(0, json_schema_extra=figures.schema_bounds("deaths"))
    serious_injuries: int = Field(0, json_schema_extra=figures.schema_bounds("serious_injuries"))
    missing: int = Field(0, json_schema_extra=figures.schema_bounds("missing"))
    direct_loss_yuan: int = Field(0, json_schema_extra=figures.schema_bounds("direct_loss_yuan"))
    accident_type: str | None = (
        None  # 事故类别: pack type id or Chinese name; omitted → proposed by the sector
    )
    also_sectors: list[str] = []  # further sectors: pack ids or Chinese names (a school bus: 校车)
    also_units: list[str] = []  # other involved units in the caller's scope: codes or Chinese names

    @field_validator(*figures.LIMITS)
    @classmethod
    def _bounded(cls, value: int, info: ValidationInfo) -> int:
        return figures.check(str(info.field_name), value)


class AccidentOut(Schema):
    id: int
    number: str
    unit: str
    unit_name: str
    sector: str
    sector_name: str
    enterprise: str
    place: str
    occurred_at: dt.datetime
    deaths: int
    serious_injuries: int
    missing: int
    direct_loss_yuan: int
    grade: str
    criteria: list[str]
    citations: list[str]
    supplement_last_day: dt.date
    supplement_clauses: list[str]
    accident_type: str
    accident_type_name: str
    supplement_days: int
    also_sectors: list[str] = []
    also_units: list[str] = []


class InvolvedIn(Schema):
    also_sectors: list[str] = []  # the full new list (replaces the old one)
    also_units: list[str] = []


class RevisionIn(Schema):
    deaths: int = Field(json_schema_extra=figures.schema_bounds("deaths"))
    serious_injuries: int = Field(json_schema_extra=figures.schema_bounds("serious_injuries"))
    missing: int = Field(json_schema_extra=figures.schema_bounds("missing"))
    direct_loss_yuan: int = Field(json_schema_extra=figures.schema_bounds("direct_loss_yuan"))

    @field_validator(*figures.LIMITS)
    @classmethod
    def _bounded(cls, value: int, info: ValidationInfo) -> int:
        return figures.check(str(info.field_name), value)

    note: str = ""
    reported_at: dt.datetime | None = None


class RevisionOut(Schema):
    number: int
    reported_at: dt.datetime
    before: dict[str, Any]
    after: dict[str, Any]
    grade_before: str
    grade_after: str
    note: str
    clause: str


class StepIn(Schema):
    kind: str  # learnt | unit_report | escalation
    at: dt.datetime
    level: str = ""
    recipient: str = ""
    note: str = ""


class StepOut(Schema):
    id: int
    kind: str
    level: str
    at: dt.datetime
    recipient: str
    late: bool


class FindingIn(Schema):
    kind: str  # late | omitted | false | concealed
    basis: str
    step: int | None = None


class FindingOut(Schema):
    id: int
    kind: str
    name: str
    basis: str
    clauses: list[str]


class ComputedFindingOut(Schema):
    kind: str
    level: str | None
    deadline: dt.datetime | None
    minutes_late: int | None
    citations: list[str]
    trace: str


class ChainPostOut(Schema):
    post: str
    title: str
    unit: str
    unit_name: str
    role: str
    holder: str | None
    holder_name: str | None
    acting: bool
    reason: str
    tiers: list[str]
    clauses: list[str]
    likely: bool = False  # in the likely tier (else only possible), pack accidents.reach
    placement: str = ""  # 较可能 | 可能
    responsibility: str = ""  # 直接监管责任 | 领导责任 | 重要领导责任 | 主要领导责任
    tier_names: list[str] = []
    circumstances: list[str] = []


class ChainOut(Schema):
    posts: list[ChainPostOut]


class AccidentDetailOut(AccidentOut):
    also_sector_names: list[str]
    also_unit_names: list[str]
    revisions: list[RevisionOut]
    steps: list[StepOut]
    required_levels: list[str]
    assessment: list[ComputedFindingOut]
    findings: list[FindingOut]
    chain: list[ChainPostOut]


def _out(a: Accident) -> AccidentOut:
    return AccidentOut(
        id=a.pk,
        number=a.number,
        unit=a.unit.code,
        unit_name=a.unit.name,
        sector=a.sector_code,
        sector_name=a.sector_name,
        enterprise=a.enterprise,
        place=a.place,
        occurred_at=a.occurred_at,
        deaths=a.deaths,
        serious_injuries=a.serious_injuries,
        missing=a.missing,
        direct_loss_yuan=a.direct_loss_yuan,
        grade=a.grade,
        criteria=a.grade_criteria,
        citations=a.grade_citations,
        supplement_last_day=a.supplement_last_day,
        supplement_clauses=a.supplement_clauses,
        accident_type=a.accident_type,
        accident_type_name=a.accident_type_name,
        supplement_days=a.supplement_days,
        also_sectors=a.also_sectors,
        also_units=a.also_units,
    )


def _sector_codes(rules: Rules, values: list[str]) -> list[str]:
    """Sector ids for ids, names, short names or aliases (the service refuses what is left unknown)."""
    return [rules.sector_code(v) or v for v in values]


def _access(request: HttpRequest, accident_id: int, *, change: bool = False) -> Accident:
    return permissions.access_accident(request.user, accident_id, change=change)


@router.get("/accidents", response=list[AccidentOut])
def list_accidents(
    request: HttpRequest, response: HttpResponse, cursor: str | None = None, limit: int = API_DEFAULT_LIMIT
) -> list[AccidentOut]:
    """Newest first, ``limit`` at a time: the next page's cursor is in ``X-Next-Cursor`` / ``Link``."""
    qs = permissions.visible_accidents(request.user)
    page = api_page(request, response, qs, order=selectors.LIST_ORDER, cursor=cursor, limit=limit)
    return [_out(a) for a in page]


@router.post("/accidents", response={201: AccidentOut})
def create_accident(request: HttpRequest, payload: AccidentIn) -> Status[AccidentOut]:
    unit = permissions.access_unit_for_registration(request.user, payload.unit)
    rules = rules_for()
    sector = rules.sector_code(payload.sector) or payload.sector
    also_units = permissions.access_involved_units(request.user, payload.also_units)
    accident = services.record_accident(
        actor=request.user,
        unit=unit,
        sector_code=sector,
        occurred_at=payload.occurred_at,
        enterprise=payload.enterprise,
        place=payload.place,
        description=payload.description,
        deaths=payload.deaths,
        serious_injuries=payload.serious_injuries,
        missing=payload.missing,
        direct_loss_yuan=payload.direct_loss_yuan,
        accident_type=payload.accident_type,
        also_sectors=_sector_codes(rules, payload.also_sectors),
        also_units=also_units,
    )
    return Status(201, _out(accident))


@router.put("/accidents/{accident_id}/involved", response=AccidentOut)
def set_involved(request: HttpRequest, accident_id: int, payload: InvolvedIn) -> AccidentOut:
    """Replace the accident's further sectors and other involved units (the chain follows them)."""
    accident = _access(request, accident_id, change=True)
    accident = services.set_involved(
        actor=request.user,
        accident=accident,
        also_sectors=_sector_codes(rules_for(accident.pack), payload.also_sectors),
        also_units=permissions.access_involved_units(request.user, payload.also_units, accident),
    )
    return _out(accident)


@router.get("/accidents/{accident_id}", response=AccidentDetailOut)
def get_accident(request: HttpRequest, accident_id: int) -> AccidentDetailOut:
    accident = _access(request, accident_id)
    rules = rules_for(accident.pack)
    assessment = selectors.reporting_assessment(accident, rules)
    steps = list(accident.report_steps.all())
    return AccidentDetailOut(
        **_out(accident).dict(),
        also_sector_names=[rules.sector_name(c) or c for c in accident.also_sectors],
        also_unit_names=[u.name for u in selectors.involved_units(accident)],
        revisions=[RevisionOut.from_orm(r) for r in accident.revisions.all()],
        steps=[
            StepOut(
                id=s.pk,
                kind=s.kind,
                level=s.level,
                at=s.at,
                recipient=s.recipient,
                late=s.kind != ReportStep.Kind.LEARNT and s.level in assessment.late_levels,
            )
            for s in steps
        ],
        required_levels=[level for level, _ in assessment.required],
        assessment=[
            ComputedFindingOut(
                kind=f.kind,
                level=f.step,
                deadline=f.deadline,
                minutes_late=f.minutes_late,
                citations=list(f.citations),
                trace=f.trace,
            )
            for f in assessment.findings
        ],
        findings=[
            FindingOut(id=f.pk, kind=f.kind, name=f.get_kind_display(), basis=f.basis, clauses=f.clauses)
            for f in accident.findings.all()
        ],
        chain=[
            ChainPostOut(**row) for row in selectors.chain_payload(selectors.accident_chain(accident, rules))
        ],
    )


@router.get("/accidents/{accident_id}/chain", response=ChainOut)
def get_chain(request: HttpRequest, accident_id: int) -> ChainOut:
    accident = _access(request, accident_id)
    rows = selectors.chain_payload(selectors.accident_chain(accident))
    return ChainOut(posts=[ChainPostOut(**row) for row in rows])


@router.post("/accidents/{accident_id}/revisions", response={201: RevisionOut})
def revise(request: HttpRequest, accident_id: int, payload: RevisionIn) -> Status[RevisionOut]:
    accident = _access(request, accident_id, change=True)
    revision = services.revise_casualties(actor=request.user, accident=accident, **payload.dict())
    return Status(201, RevisionOut.from_orm(revision))


@router.post("/accidents/{accident_id}/steps", response={201: StepOut})
def add_step(request: HttpRequest, accident_id: int, payload: StepIn) -> Status[StepOut]:
    accident = _access(request, accident_id, change=True)
    step = services.record_report_step(actor=request.user, accident=accident, **payload.dict())
    late = step.level in selectors.reporting_assessment(accident).late_levels
    return Status(
        201,
        StepOut(
            id=step.pk, kind=step.kind, level=step.level, at=step.at, recipient=step.recipient, late=late
        ),
    )


@router.post("/accidents/{accident_id}/findings", response={201: FindingOut})
def add_finding(request: HttpRequest, accident_id: int, payload: FindingIn) -> Status[FindingOut]:
    accident = _access(request, accident_id, change=True)
    step = accident.report_steps.filter(pk=payload.step).first() if payload.step else None
    finding = services.record_finding(
        actor=request.user, accident=accident, kind=payload.kind, basis=payload.basis, step=step
    )
    return Status(
        201,
        FindingOut(
            id=finding.pk,
            kind=finding.kind,
            name=finding.get_kind_display(),
            basis=finding.basis,
            clauses=finding.clauses,
        ),
    )
