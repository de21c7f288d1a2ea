"""Org API (``/api/org/...``): bearer token or session; the same permission policy as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from zeren.accounts.auth import api_auth
from zeren.common.pagination import API_DEFAULT_LIMIT, api_page, paginate

from . import permissions, selectors, services
from .models import Organisation, Portfolio, Post, Tenure

router = Router(tags=["机构 org"], auth=api_auth)


class UnitOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    zone_kind: str
    urban: bool = False  # the prefecture's seat city or an urban district (county level)


class HolderOut(Schema):
    person: str
    name: str
    start: dt.date
    end: dt.date | None
    acting: bool


class PostOut(Schema):
    code: str
    title: str
    role_code: str
    organisation: str
    unit: str
    holders: list[HolderOut]


class PortfolioOut(Schema):
    id: int
    post: str
    organisation: str | None
    sector_code: str
    start: dt.date
    end: dt.date | None


class PostDetailOut(PostOut):
    tenures: list[HolderOut]
    portfolios: list[PortfolioOut]


class UnitDetailOut(UnitOut):
    on: dt.date
    principals: list[PostOut]
    posts: list[PostOut]  # the first page; the rest through /org/units/{code}/posts?cursor=posts_next
    posts_total: int
    posts_next: str | None


class PortfolioIn(Schema):
    organisation: str | None = None
    sector_code: str = ""
    start: dt.date


class EndIn(Schema):
    end: dt.date


class TenureOut(Schema):
    post: str
    title: str
    unit: str
    start: dt.date
    end: dt.date | None
    acting: bool
    end_reason: str


class PersonOut(Schema):
    code: str
    name: str
    retired_on: dt.date | None
    tenures: list[TenureOut]


def _holder(t: Tenure) -> HolderOut:
    return HolderOut(person=t.person.code, name=t.person.name, start=t.start, end=t.end, acting=t.acting)


def _post(post: Post, holders: Sequence[Tenure]) -> PostOut:
    return PostOut(
        code=post.code,
        title=post.title,
        role_code=post.role_code,
        organisation=post.organisation.code,
        unit=post.unit.code,
        holders=[_holder(t) for t in holders],
    )


def _portfolio(p: Portfolio) -> PortfolioOut:
    return PortfolioOut(
        id=p.pk,
        post=p.post.code,
        organisation=p.organisation.code if p.organisation else None,
        sector_code=p.sector_code,
        start=p.start,
        end=p.end,
    )


@router.get("/org/units", response=list[UnitOut])
def list_units(
    request: HttpRequest, response: HttpResponse, cursor: str | None = None, limit: int = API_DEFAULT_LIMIT
) -> list[UnitOut]:
    """In tree (path) order, ``limit`` at a time; the next cursor in ``X-Next-Cursor`` / ``Link``."""
    qs = permissions.visible_units(request.user).select_related("parent")
    units = api_page(request, response, qs, order=("path",), cursor=cursor, limit=limit)
    return [
        UnitOut(
            code=u.code,
            name=u.name,
            level=u.level,
            parent=u.parent.code if u.parent else None,
            zone_kind=u.zone_kind,
            urban=u.urban,
        )
        for u in units
    ]


@router.get("/org/units/{code}", response=UnitDetailOut)
def get_unit(request: HttpRequest, code: str, on: dt.date | None = None) -> UnitDetailOut:
    """The unit and its principals; ``posts`` holds the first ``API_DEFAULT_LIMIT`` posts, with
    ``posts_total`` and, when more follow, ``posts_next`` (a cursor for ``/org/units/{code}/posts``)."""
    unit = permissions.access_unit(request.user, code)
    day = on or timezone.localdate()
    page = paginate(selectors.unit_posts(unit), order=selectors.POST_ORDER, size=API_DEFAULT_LIMIT)
    principal_posts = list(
        selectors.unit_posts(unit)
        .filter(role_code__in=selectors.UNIT_PRINCIPAL_ROLES)
        .order_by("role_code", "pk")
    )
    holders = selectors.current_holders([*page.rows, *principal_posts], day)
    return UnitDetailOut(
        code=unit.code,
        name=unit.name,
        level=unit.level,
        parent=unit.parent.code if unit.parent else None,
        zone_kind=unit.zone_kind,
        urban=unit.urban,
        on=day,
        principals=[_post(p, holders.get(p.pk, [])) for p in principal_posts],
        posts=[_post(p, holders.get(p.pk, [])) for p in page],
        posts_total=page.total or 0,
        posts_next=page.next,
    )


@router.get("/org/units/{code}/posts", response=list[PostOut])
def list_unit_posts(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    on: dt.date | None = None,
    q: str = "",
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[PostOut]:
    """The unit's posts with their holders on ``on``, by organisation then title, ``limit`` at a time;
    ``q`` keeps the posts whose title or organisation's name contains it."""
    unit = permissions.access_unit(request.user, code)
    qs = selectors.unit_posts(unit, q=q)
    page = api_page(request, response, qs, order=selectors.POST_ORDER, cursor=cursor, limit=limit)
    holders = selectors.current_holders(page.rows, on or timezone.localdate())
    return [_post(p, holders.get(p.pk, [])) for p in page]


@router.get("/org/posts/{code}", response=PostDetailOut)
def get_post(request: HttpRequest, code: str, on: dt.date | None = None) -> PostDetailOut:
    post = permissions.access_post(request.user, code)
    day = on or timezone.localdate()
    return PostDetailOut(
        **_post(post, list(selectors.holders_of(post, day))).dict(),
        tenures=[_holder(t) for t in post.tenures.select_related("person").order_by("start")],
        portfolios=[
            _portfolio(p) for p in post.portfolios.select_related("organisation", "post").order_by("start")
        ],
    )


@router.post("/org/posts/{code}/portfolios", response={201: PortfolioOut})
def add_portfolio(request: HttpRequest, code: str, payload: PortfolioIn) -> Status[PortfolioOut]:
    post = permissions.access_post(request.user, code, change=True)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation, unit=post.unit).first()
        if organisation is None:
            raise HttpError(422, f"organisation {payload.organisation} is not in {post.unit.code}")
    portfolio = services.assign_portfolio(
        actor=request.user,
        post=post,
        organisation=organisation,
        sector_code=payload.sector_code,
        start=payload.start,
    )
    return Status(201, _portfolio(portfolio))


@router.post("/org/portfolios/{portfolio_id}/end", response=PortfolioOut)
def end_portfolio(request: HttpRequest, portfolio_id: int, payload: EndIn) -> PortfolioOut:
    portfolio = permissions.access_portfolio(request.user, portfolio_id)
    return _portfolio(services.end_portfolio(actor=request.user, portfolio=portfolio, end=payload.end))


class PersonSummaryOut(Schema):
    code: str
    name: str
    retired_on: dt.date | None


@router.get("/org/people", response=list[PersonSummaryOut])
def search_people(
    request: HttpRequest,
    response: HttpResponse,
    q: str = "",
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[PersonSummaryOut]:
    """People in the caller's scope whose name starts with ``q`` (or whose code is ``q``), by name."""
    qs = selectors.people_matching(permissions.visible_people(request.user), q[:60])
    page = api_page(request, response, qs, order=("name", "pk"), cursor=cursor, limit=limit)
    return [PersonSummaryOut(code=p.code, name=p.name, retired_on=p.retired_on) for p in page]


@router.get("/org/people/{code}", response=PersonOut)
def get_person(request: HttpRequest, code: str) -> PersonOut:
    person = permissions.access_person(request.user, code)
    return PersonOut(
        code=person.code,
        name=person.name,
        retired_on=person.retired_on,
        tenures=[
            TenureOut(
                post=t.post.code,
                title=t.post.title,
                unit=t.post.organisation.unit.code,
                start=t.start,
                end=t.end,
                acting=t.acting,
                end_reason=t.end_reason,
            )
            for t in selectors.posts_held_by(person)
        ],
    )


class SuccessionOut(Schema):
    predecessor: str
    successor: str
    on: dt.date
    kind: str
    note: str
    clause: str


@router.get("/org/units/{code}/portfolios", response=list[PortfolioOut])
def list_unit_portfolios(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    on: dt.date | None = None,
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[PortfolioOut]:
    """The portfolios covering ``on`` by id, ``limit`` at a time (``X-Next-Cursor``, ``X-Total-Count``)."""
    unit = permissions.access_unit(request.user, code)
    qs = selectors.portfolios_in(unit, on or timezone.localdate())
    return [_portfolio(p) for p in api_page(request, response, qs, order=("pk",), cursor=cursor, limit=limit)]


@router.get("/org/reorganisations", response=list[SuccessionOut])
def list_reorganisations(
    request: HttpRequest, response: HttpResponse, cursor: str | None = None, limit: int = API_DEFAULT_LIMIT
) -> list[SuccessionOut]:
    """By effective date, oldest first, ``limit`` at a time (``X-Next-Cursor``, ``X-Total-Count``)."""
    qs = permissions.visible_successions(request.user)
    page = api_page(request, response, qs, order=("on", "pk"), cursor=cursor, limit=limit)
    return [
        SuccessionOut(
            predecessor=s.predecessor.code,
            successor=s.successor.code,
            on=s.on,
            kind=s.kind,
            note=s.note,
            clause=s.clause,
        )
        for s in page
    ]


class SafetyStaffingOut(Schema):
    """A department's safety body and staff (art. 17 para 1 point 5); null staff = not entered."""

    code: str
    name: str
    unit: str
    safety_body: str
    safety_staff: int | None


class SafetyStaffingIn(Schema):
    safety_body: str = Field("", max_length=100)
    safety_staff: int | None = Field(None, ge=0, le=10000)


def _staffing(o: Organisation) -> SafetyStaffingOut:
    return SafetyStaffingOut(
        code=o.code, name=o.name, unit=o.unit.code, safety_body=o.safety_body, safety_staff=o.safety_staff
    )


@router.get("/org/organisations/{code}/safety", response=SafetyStaffingOut)
def get_safety_staffing(request: HttpRequest, code: str) -> SafetyStaffingOut:
    return _staffing(permissions.access_organisation(request.user, code))


@router.put("/org/organisations/{code}/safety", response=SafetyStaffingOut)
def put_safety_staffing(request: HttpRequest, code: str, payload: SafetyStaffingIn) -> SafetyStaffingOut:
    """The committee office enters the body and staff; audited (``org.record_safety_staffing``)."""
    from .checks import record_safety_staffing

    organisation = permissions.access_organisation(request.user, code)
    return _staffing(
        record_safety_staffing(
            actor=request.user,
            organisation=organisation,
            safety_body=payload.safety_body,
            safety_staff=payload.safety_staff,
        )
    )
