"""Assessment API (``/api/assessment/...``).

Runs: published runs for everyone, drafts for the office (bearer token or session, anonymous included).
Running and publishing (``POST /assessment/runs``, ``POST /assessment/runs/{id}/publish``) are the office's,
with a bearer token or the session; a year that has not ended needs ``"confirm_unfinished": true``, else 409
with ``code`` ``unfinished_year`` and a Chinese ``message``; rule: ``services.require_finished_or_confirmed``.
Letters, the ledger and the principals' ratings are not public: a bearer token or the session is required
(401 without), and each endpoint applies the same policy as its page — ``letters.visible_letters``, the
office for the ledger, ``permissions.access_ratings`` — out of scope → 404. Each returns the JSON contract
of its ``zeren assess`` command (the ledger's lines also carry their ``id``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from zeren.accounts.auth import api_auth
from zeren.accounts.services import user_for_token
from zeren.common.actor import Actor
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page

from . import letters, permissions, selectors, services
from .ledger import ledger_contract
from .models import AssessmentRun
from .ratings import ratings_contract

router = Router(tags=["考核 assessment"])


def _optional_user(request: HttpRequest) -> Actor:
    """A bearer token's user, else the session's (anonymous included): published runs are public."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return user_for_token(header.removeprefix("Bearer ").strip())
    return request.user


@router.get("/assessment/runs")
def list_runs(
    request: HttpRequest, response: HttpResponse, cursor: str | None = None, limit: int = API_DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Newest year first, ``limit`` at a time: the next page's cursor in ``X-Next-Cursor`` / ``Link``."""
    user = _optional_user(request)
    qs = permissions.visible_runs(user).defer("facts", "result")
    page = api_page(request, response, qs, order=("-year", "-pk"), cursor=cursor, limit=limit)
    return [
        {"run_id": r.pk, "year": r.year, "status": r.status, "inputs_hash": r.inputs_hash,
         "created_at": r.created_at, "amends": r.amends_id}
        for r in page
    ]  # fmt: skip


@router.get("/assessment/runs/{run_id}")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    user = _optional_user(request)
    run = permissions.access_run(user, run_id)
    if permissions.is_office(user):
        return selectors.contract(run)
    groups = selectors.groups_of(run, public=True)
    return {
        "run_id": run.pk,
        "year": run.year,
        "status": run.status,
        "units": [u for g in groups for u in g["units"]],
    }


class RunIn(Schema):
    year: int = Field(ge=2000, le=2100)
    confirm_unfinished: bool = False  # required (true) for a year that has not ended


class PublishIn(Schema):
    confirm_unfinished: bool = False  # required (true) for a run whose data stop before its year's end


def _require_office(request: HttpRequest, what: str) -> None:
    if not permissions.is_office(request.user):
        raise PermissionDenied(f"只有地区安委办管理员可以{what}")


@router.post("/assessment/runs", response={200: dict[str, Any], 201: dict[str, Any]}, auth=api_auth)
def run_year(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    """Run the year's assessment (the ``zeren assess run --json`` contract); 200 when the same inputs
    give back an existing run, 201 for a new one."""
    _require_office(request, "运行年度考核")
    earlier = set(AssessmentRun.objects.filter(year=payload.year).values_list("pk", flat=True))
    run = services.run_assessment(
        actor=request.user, year=payload.year, confirm_unfinished=payload.confirm_unfinished
    )
    return Status(200 if run.pk in earlier else 201, selectors.contract(run))


@router.post("/assessment/runs/{run_id}/publish", response=dict[str, Any], auth=api_auth)
def publish(request: HttpRequest, run_id: int, payload: PublishIn) -> dict[str, Any]:
    """Publish a run (art. 59): its contract, with ``status`` ``published``."""
    run = permissions.access_run(request.user, run_id)
    _require_office(request, "公布考核结果")
    run = services.publish_run(actor=request.user, run=run, confirm_unfinished=payload.confirm_unfinished)
    return selectors.contract(run)


class SignatoryOut(Schema):
    person: str
    name: str
    post: str
    role: str


class LetterOut(Schema):
    unit: str
    group: str
    status: str  # draft | signed
    accidents_max: int | None
    deaths_max: int | None
    signatories: list[SignatoryOut]
    signed_on: str | None  # ISO date


class LettersOut(Schema):
    year: int
    letters: list[LetterOut]


class LedgerLineOut(Schema):
    id: int
    kind: str  # reward | fine | enterprise_award | reversal
    direction: str  # in | out
    fund: str
    unit: str
    amount_yuan: int
    clause: str
    reverses: int | None  # the reversed line's id


class LedgerOut(Schema):
    year: int
    balance: dict[str, int]  # in − out per fund
    lines: list[LedgerLineOut]


class ReasonOut(Schema):
    text: str
    clause: str


class RatingOut(Schema):
    person: str
    name: str
    unit: str
    unit_name: str
    group: str
    group_name: str
    post_order: int
    post: str
    days: int
    level: str  # excellent | competent | basic | incompetent
    level_name: str
    provisional: bool
    reasons: list[ReasonOut]
    citations: list[str]


class RatingsOut(Schema):
    run_id: int
    year: int
    ratings: list[RatingOut]


@router.get("/assessment/letters", response=LettersOut, auth=api_auth)
def list_letters(
    request: HttpRequest,
    response: HttpResponse,
    year: int,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> dict[str, Any]:
    """The year's target responsibility letters the user may see (art. 55 para 1): the office every one,
    a unit operator those of the units in their scope. By group and unit, ``limit`` at a time (the next
    page's cursor in ``X-Next-Cursor`` / ``Link``, the total in ``X-Total-Count``)."""
    qs = letters.visible_letters(request.user).filter(year=year)
    page = api_page(request, response, qs, order=letters.LETTER_ORDER, cursor=cursor, limit=limit)
    return letters.letters_contract(year, qs.filter(pk__in=[r.pk for r in page]))


@router.get("/assessment/ledger", response=LedgerOut, auth=api_auth)
def get_ledger(request: HttpRequest, year: int) -> dict[str, Any]:
    """The year's fund ledger (arts. 61–62): the committee office only."""
    if not permissions.is_office(request.user):
        raise Http404("没有该页面")
    return ledger_contract(year, with_ids=True)


@router.get("/assessment/runs/{run_id}/ratings", response=RatingsOut, auth=api_auth)
def get_ratings(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """The principals' comprehensive rating of a run (art. 57 para 2): the office, and the Organisation
    Department and Discipline Inspection reviewers of the prefecture (published runs)."""
    run = permissions.access_ratings(request.user, run_id)
    payload = ratings_contract(run)
    if payload is None:
        raise Http404(f"考核运行 {run.pk} 未包含综合评价")
    return payload
