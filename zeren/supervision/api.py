"""Supervision API (``/api/supervision/...``): bearer token or session; the same policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from zeren.accounts.auth import api_auth
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page
from zeren.org.models import Unit

from . import permissions, selectors, services
from .models import Finding, Plan

router = Router(tags=["督查巡查 supervision"], auth=api_auth)


class PlanOut(Schema):
    id: int
    kind: str
    title: str
    organiser: str
    year: int
    start: dt.date
    end: dt.date
    status: str


class FindingOut(Schema):
    id: int
    number: str
    unit: str
    target: str
    severity: str
    clause: str
    description: str
    owner: str
    deadline: dt.date
    measures: str
    status: str
    supervised: bool
    escalated_at: dt.datetime | None
    case_id: int | None


class ReportIn(Schema):
    text: str


class DecisionIn(Schema):
    reason: str = ""


def _plan(p: Plan) -> PlanOut:
    return PlanOut(
        id=p.pk,
        kind=p.kind,
        title=p.title,
        organiser=p.organiser.code,
        year=p.year,
        start=p.start,
        end=p.end,
        status=p.status,
    )


def _finding(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        number=f.number,
        unit=f.target.unit.code,
        target=f.target.name,
        severity=f.severity,
        clause=f.clause,
        description=f.description,
        owner=f.owner.code,
        deadline=f.deadline,
        measures=f.measures,
        status=f.status,
        supervised=f.supervised,
        escalated_at=f.escalated_at,
        case_id=f.case_id,
    )


@router.get("/supervision/plans", response=list[PlanOut])
def list_plans(
    request: HttpRequest,
    response: HttpResponse,
    year: int | None = None,
    status: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[PlanOut]:
    """The newest year first, ``limit`` at a time (``X-Next-Cursor`` / ``Link``, ``X-Total-Count``);
    ``year``, ``status`` and ``kind`` filter on the server."""
    qs = selectors.filter_plans(permissions.visible_plans(request.user), year=year, status=status, kind=kind)
    page = api_page(request, response, qs, order=selectors.PLAN_ORDER, cursor=cursor, limit=limit)
    return [_plan(p) for p in page]


@router.get("/supervision/plans/{plan_id}", response=PlanOut)
def get_plan(request: HttpRequest, plan_id: int) -> PlanOut:
    return _plan(permissions.access_plan(request.user, plan_id))


@router.get("/supervision/plans/{plan_id}/findings", response=list[FindingOut])
def plan_findings(
    request: HttpRequest,
    response: HttpResponse,
    plan_id: int,
    status: str | None = None,
    unit: str | None = None,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[FindingOut]:
    """The plan's findings by id, ``limit`` at a time; ``status`` and ``unit`` (a unit code) filter."""
    plan = permissions.access_plan(request.user, plan_id)
    qs = selectors.plan_findings(plan, status=status, unit=unit)
    return [_finding(f) for f in api_page(request, response, qs, order=("pk",), cursor=cursor, limit=limit)]


@router.get("/supervision/findings", response=list[FindingOut])
def list_findings(
    request: HttpRequest,
    response: HttpResponse,
    overdue: bool = False,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[FindingOut]:
    """By id, ``limit`` at a time: the next page's cursor is in ``X-Next-Cursor`` / ``Link``."""
    qs = selectors.visible_findings(request.user)
    if overdue:
        qs = selectors.overdue(qs)
    return [_finding(f) for f in api_page(request, response, qs, order=("pk",), cursor=cursor, limit=limit)]


@router.get("/supervision/findings/{finding_id}", response=FindingOut)
def get_finding(request: HttpRequest, finding_id: int) -> FindingOut:
    return _finding(permissions.access_finding(request.user, finding_id))


@router.post("/supervision/findings/{finding_id}/report", response=FindingOut)
def report(request: HttpRequest, finding_id: int, payload: ReportIn) -> FindingOut:
    f = permissions.access_finding(request.user, finding_id, "report")
    services.report_rectification(actor=request.user, finding=f, text=payload.text)
    return _finding(permissions.access_finding(request.user, finding_id))


@router.post("/supervision/findings/{finding_id}/verify", response=FindingOut)
def verify(request: HttpRequest, finding_id: int, payload: DecisionIn) -> FindingOut:
    f = permissions.access_finding(request.user, finding_id, "inspect")
    return _finding(services.verify_rectification(actor=request.user, finding=f, note=payload.reason))


@router.post("/supervision/findings/{finding_id}/reject", response=FindingOut)
def reject(request: HttpRequest, finding_id: int, payload: DecisionIn) -> FindingOut:
    f = permissions.access_finding(request.user, finding_id, "inspect")
    return _finding(services.reject_rectification(actor=request.user, finding=f, reason=payload.reason))


@router.get("/supervision/facts")
def facts(
    request: HttpRequest,
    response: HttpResponse,
    year: int,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """The assessment indicator: per unit the year's findings facts, for units the caller may see;
    units in tree order, ``limit`` at a time (``X-Next-Cursor`` / ``Link``, ``X-Total-Count``)."""
    targets = permissions.visible_targets(request.user).filter(plan__year=year)
    units = Unit.objects.filter(pk__in=targets.values("unit_id"))
    page = api_page(request, response, units, order=("path",), cursor=cursor, limit=limit)
    found = selectors.inspection_facts(year=year, unit_ids=[u.pk for u in page])
    return [found[u.pk].as_dict() for u in page if u.pk in found]
