"""Accountability API (``/api/cases/...``, ``/api/people/{code}/eligibility``): token or session."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zeren.accidents import permissions as accident_permissions
from zeren.accounts.auth import api_auth
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page
from zeren.org.permissions import access_person

from . import permissions, selectors, services
from .models import Case, Decision

router = Router(tags=["问责 accountability"], auth=api_auth)


class ProposalOut(Schema):
    outcome: str
    forms: list[str]
    sanction_possible: bool
    referral_to_discipline: bool
    deciding_organs: list[str]
    clauses: list[str]
    facts: list[str]
    evidence: list[str]
    trace: str


class DecisionOut(Schema):
    id: int
    outcome: str
    form: str
    sanction_grade: str
    leadership_responsibility: bool
    referral: bool
    mitigation: str
    organ: str
    decided_on: dt.date
    reasoning: str
    clauses: list[str]
    amends: int | None
    current: bool


class SubjectOut(Schema):
    id: int
    person: str
    name: str
    post: str | None
    post_title: str
    unit_name: str
    role: str
    clauses: list[str]
    facts: dict[str, bool]
    proposal: ProposalOut
    responsibility: str = ""  # 直接监管责任 | 领导责任 | 主要领导责任 | 重要领导责任 ("" when added by hand)
    decisions: list[DecisionOut]


class CaseOut(Schema):
    id: int
    number: str
    trigger: str
    title: str
    unit: str
    on: dt.date
    clauses: list[str]
    accident: int | None


class PossibleOut(Schema):
    """A post the chain placed as possible: 可能涉及，需调查核实 (not a subject, no proposal)."""

    post: str
    title: str
    unit: str
    unit_name: str
    role: str
    holder: str | None
    holder_name: str | None
    acting: bool
    responsibility: str
    clauses: list[str]
    reason: str
    subject: int | None = None  # the subject it became once listed (列为问责对象); None: to be verified


class CaseDetailOut(CaseOut):
    facts: str
    subjects: list[SubjectOut]
    possible: list[PossibleOut] = []  # a schema default (pydantic copies it per instance)


class OpenCaseIn(Schema):
    finding: int | None = None  # open for a reporting failure of the accident instead


class PromoteIn(Schema):
    """列为问责对象: the code of one of the case's possible posts (``possible[].post``)."""

    post: str


class DecisionIn(Schema):
    outcome: str
    organ: str
    decided_on: dt.date
    reasoning: str
    form: str = ""
    sanction_grade: str = ""
    leadership_responsibility: bool = False
    referral: bool = False
    mitigation: str = ""
    amends: int | None = None


class EligibilityOut(Schema):
    person: str
    on: dt.date
    eligible: bool
    until: dt.date | None
    reasons: list[str]
    clauses: list[str]


def _case(c: Case) -> CaseOut:
    return CaseOut(
        id=c.pk,
        number=c.number,
        trigger=c.trigger,
        title=c.title,
        unit=c.unit.code,
        on=c.on,
        clauses=c.clauses,
        accident=c.accident_id,
    )


def _decision(d: Decision, current: Decision | None) -> DecisionOut:
    return DecisionOut(
        id=d.pk,
        outcome=d.outcome,
        form=d.form,
        sanction_grade=d.sanction_grade,
        leadership_responsibility=d.leadership_responsibility,
        referral=d.referral,
        mitigation=d.mitigation,
        organ=d.organ,
        decided_on=d.decided_on,
        reasoning=d.reasoning,
        clauses=d.clauses,
        amends=d.amends_id,
        current=current is not None and d.pk == current.pk,
    )


def _subject(view: selectors.SubjectView) -> SubjectOut:
    s, p = view.subject, view.proposal
    return SubjectOut(
        id=s.pk,
        person=s.person.code,
        name=s.person.name,
        post=s.post.code if s.post else None,
        post_title=s.post_title,
        unit_name=s.unit_name,
        role=s.role_code,
        clauses=s.clauses,
        facts=selectors.fact_values(s),
        proposal=ProposalOut(
            outcome=p.outcome,
            forms=p.forms,
            sanction_possible=p.sanction_possible,
            referral_to_discipline=p.referral_to_discipline,
            deciding_organs=p.deciding_organs,
            clauses=p.clauses,
            facts=p.facts_used,
            evidence=[e.text for e in view.evidence],
            trace=p.trace,
        ),
        decisions=[_decision(d, view.current) for d in view.decisions],
        responsibility=s.responsibility,
    )


def _possible(row: selectors.PossibleRow) -> PossibleOut:
    return PossibleOut(**{**row.entry, "subject": row.subject_id})


def case_detail_out(case: Case) -> CaseDetailOut:
    subjects = [_subject(view) for view in selectors.case_subjects(case)]
    possible = [_possible(row) for row in selectors.possible_posts(case)]
    return CaseDetailOut(**_case(case).dict(), facts=case.facts, subjects=subjects, possible=possible)


@router.get("/cases", response=list[CaseOut])
def list_cases(
    request: HttpRequest, response: HttpResponse, cursor: str | None = None, limit: int = API_DEFAULT_LIMIT
) -> list[CaseOut]:
    """Newest first, ``limit`` at a time: the next page's cursor is in ``X-Next-Cursor`` / ``Link``."""
    qs = permissions.visible_cases(request.user)
    page = api_page(request, response, qs, order=permissions.LIST_ORDER, cursor=cursor, limit=limit)
    return [_case(c) for c in page]


@router.get("/cases/{case_id}", response=CaseDetailOut)
def get_case(request: HttpRequest, case_id: int) -> CaseDetailOut:
    return case_detail_out(permissions.access_case(request.user, case_id))


@router.post("/accidents/{accident_id}/cases", response={201: CaseDetailOut})
def open_case(request: HttpRequest, accident_id: int, payload: OpenCaseIn) -> Status[CaseDetailOut]:
    accident = accident_permissions.access_accident(request.user, accident_id)
    permissions.authorise_unit(request.user, accident.unit, permissions.CHANGE)
    if payload.finding is not None:
        finding = accident.findings.filter(pk=payload.finding).first()
        if finding is None:
            raise HttpError(404, f"没有认定 {payload.finding}")
        case = services.open_case_for_finding(actor=request.user, finding=finding)
    else:
        case = services.open_case_for_accident(actor=request.user, accident=accident)
    return Status(201, case_detail_out(case))


@router.post("/cases/{case_id}/subjects", response={201: SubjectOut})
def promote(request: HttpRequest, case_id: int, payload: PromoteIn) -> Status[SubjectOut]:
    """列为问责对象: a possible post of the case becomes a subject (its holder on the case's date, its
    responsibility and clauses kept). 409 ``already_subject`` when the post already is one; 422
    ``invalid_case`` when it is not among the case's possible posts or was vacant that day."""
    case = permissions.access_case(request.user, case_id, permissions.CHANGE)
    subject = services.promote_possible(actor=request.user, case=case, post_code=payload.post)
    return Status(201, _subject(selectors.subject_view(subject)))


@router.delete("/cases/{case_id}/possible/{post}/subject", response={204: None})
def withdraw(request: HttpRequest, case_id: int, post: str) -> Status[None]:
    """撤回列为问责对象: the subject listed from the possible post ``post`` (its code) goes back to the
    possible posts, while it has no decision. 422 ``invalid_case`` when the post is not among the case's
    possible posts, is not listed, or its subject already has a decision (record 不予问责 instead)."""
    case = permissions.access_case(request.user, case_id, permissions.CHANGE)
    services.withdraw_possible(actor=request.user, case=case, post_code=post)
    return Status(204, None)


@router.post("/cases/subjects/{subject_id}/decisions", response={201: DecisionOut})
def decide(request: HttpRequest, subject_id: int, payload: DecisionIn) -> Status[DecisionOut]:
    subject = permissions.access_subject(request.user, subject_id, permissions.DECIDE)
    data = payload.dict()
    amends_id = data.pop("amends")
    amends = subject.decisions.filter(pk=amends_id).first() if amends_id else None
    if amends_id and amends is None:
        raise HttpError(422, f"stale_amendment: 决定 {amends_id} 不属于该问责对象")
    decision = services.record_decision(actor=request.user, subject=subject, amends=amends, **data)
    return Status(201, _decision(decision, decision))


@router.get("/people/{code}/eligibility", response=EligibilityOut)
def person_eligibility(request: HttpRequest, code: str, on: dt.date | None = None) -> EligibilityOut:
    person = access_person(request.user, code)
    day = on or timezone.localdate()
    result = services.check_eligibility(person, day, cases=permissions.visible_cases(request.user))
    return EligibilityOut(
        person=person.code,
        on=day,
        eligible=result.eligible,
        until=result.until,
        reasons=result.reasons,
        clauses=result.clauses,
    )
