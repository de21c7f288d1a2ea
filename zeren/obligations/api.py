"""Obligation API (``/api/obligations/...``): bearer token or session; the same policy as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zeren.accounts.auth import api_auth
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page

from . import permissions, selectors, services
from .models import Occurrence

router = Router(tags=["履职事项 obligations"], auth=api_auth)


class OccurrenceOut(Schema):
    id: int
    obligation: str
    name: str
    clause: str
    year: int
    period: str
    due: dt.date
    status: str
    post: str
    post_title: str
    unit: str
    effective_date: dt.date | None


class MeetingIn(Schema):
    held_on: dt.date
    presided_by: str
    attendees: str
    minutes_summary: str


class EvidenceOut(Schema):
    id: int
    occurrence: int
    kind: str
    effective_date: dt.date
    held_on: dt.date | None
    presided_by: str


class SummaryOut(Schema):
    by_clause: dict[str, int]
    by_status: dict[str, int]


def _out(o: Occurrence) -> OccurrenceOut:
    return OccurrenceOut(
        id=o.pk,
        obligation=o.obligation_code,
        name=o.obligation.name,
        clause=o.clause,
        year=o.year,
        period=o.period_label,
        due=o.due,
        status=getattr(o, "current_status", o.status),
        post=o.post.code,
        post_title=o.post.title,
        unit=o.unit.code,
        effective_date=o.effective_date,
    )


@router.get("/obligations/occurrences", response=list[OccurrenceOut])
def list_occurrences(
    request: HttpRequest,
    response: HttpResponse,
    unit: str | None = None,
    post: str | None = None,
    year: int | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[OccurrenceOut]:
    """By due date, ``limit`` at a time: the next page's cursor is in ``X-Next-Cursor`` / ``Link``."""
    qs = permissions.visible_occurrences(request.user)
    if unit:
        qs = qs.filter(unit__code=unit)
    if post:
        qs = qs.filter(post__code=post)
    today, window = timezone.localdate(), selectors.due_soon_days()
    qs = selectors.with_status(qs.filter(year=year or today.year), today, window)
    if status:
        if status not in selectors.STATUSES:
            raise HttpError(422, f"unknown status {status}; one of {', '.join(selectors.STATUSES)}")
        qs = selectors.filter_status(qs, status, today, window)
    page = api_page(
        request, response, selectors.listing(qs), order=selectors.LIST_ORDER, cursor=cursor, limit=limit
    )
    return [_out(o) for o in page]


@router.post("/obligations/{occurrence_id}/meeting", response={201: EvidenceOut})
def record_meeting(request: HttpRequest, occurrence_id: int, payload: MeetingIn) -> Status[EvidenceOut]:
    occurrence = permissions.access_occurrence(request.user, occurrence_id, action="record")
    evidence = services.record_meeting(actor=request.user, occurrence=occurrence, **payload.dict())
    return Status(
        201,
        EvidenceOut(
            id=evidence.pk,
            occurrence=occurrence.pk,
            kind=evidence.kind,
            effective_date=evidence.effective_date,
            held_on=evidence.held_on,
            presided_by=evidence.presided_by,
        ),
    )


@router.get("/obligations/summary", response=SummaryOut)
def summary(request: HttpRequest, year: int | None = None) -> SummaryOut:
    """``{"by_clause": {clause: count}, "by_status": {status: count}}`` over what the caller may see."""
    data = selectors.counted_summary(
        permissions.visible_counts(request.user), year or timezone.localdate().year
    )
    return SummaryOut(**data)
