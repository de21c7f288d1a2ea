"""Responsibility-list API (``/api/lists/...``), the same permission policy as the pages.

GET endpoints are public for published lists (art. 74) and also accept a bearer token or the browser
session, which adds the drafts and the live derivation for authorised callers. Writes need auth.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zeren.accounts.auth import api_auth
from zeren.common.actor import Actor
from zeren.org.models import Organisation, Post

from . import permissions, selectors, services
from .models import ResponsibilityList

router = Router(tags=["责任清单 lists"])


def _anyone(request: HttpRequest) -> bool:
    return True  # public reads: the permission policy decides what an anonymous caller sees


public_auth = [*api_auth, _anyone]


class ListSummaryOut(Schema):
    id: int
    title: str
    label: str
    status: str
    version: int | None
    on: dt.date
    published_at: dt.datetime | None
    content_sha256: str


class ListOut(ListSummaryOut):
    owner_kind: str
    owner_code: str
    unit: str
    header: dict[str, Any]
    sections: list[dict[str, Any]]


class DerivedOut(Schema):
    on: dt.date
    content_sha256: str
    header: dict[str, Any]
    sections: list[dict[str, Any]]


class OwnerListsOut(Schema):
    owner_kind: str
    code: str
    name: str
    unit: str
    current: ListOut | None
    history: list[ListSummaryOut]
    draft: ListSummaryOut | None = None
    derived: DerivedOut | None = None


class BuildOut(Schema):
    created: bool
    list: ListSummaryOut


def _summary(row: ResponsibilityList) -> ListSummaryOut:
    return ListSummaryOut(
        id=row.pk,
        title=row.title,
        label=row.label,
        status=row.status,
        version=row.version,
        on=row.on,
        published_at=row.published_at,
        content_sha256=row.content_sha256,
    )


def _full(row: ResponsibilityList) -> ListOut:
    return ListOut(
        **_summary(row).dict(),
        owner_kind=row.owner_kind,
        owner_code=row.owner_code,
        unit=row.unit.code,
        header=row.content["header"],
        sections=row.content["sections"],
    )


def _user(request: HttpRequest) -> Actor:
    return request.user


def _owner_lists(request: HttpRequest, owner: Post | Organisation) -> OwnerListsOut:
    current = selectors.current_published(owner)
    out = OwnerListsOut(
        owner_kind="post" if isinstance(owner, Post) else "organisation",
        code=owner.code,
        name=owner.title if isinstance(owner, Post) else owner.name,
        unit=owner.unit.code,
        current=_full(current) if current else None,
        history=[_summary(r) for r in selectors.public_history(owner)],
    )
    if permissions.can_read_drafts(_user(request), owner):
        context = selectors.ListContext()
        derived = (
            context.derive_post(owner) if isinstance(owner, Post) else context.derive_organisation(owner)
        )
        draft = selectors.open_draft(owner)
        out.draft = _summary(draft) if draft else None
        out.derived = DerivedOut(
            on=context.on,
            content_sha256=derived.sha256,
            header=derived.content["header"],
            sections=derived.content["sections"],
        )
    return out


@router.get("/lists/posts/{code}", response=OwnerListsOut, auth=public_auth)
def get_post_lists(request: HttpRequest, code: str) -> OwnerListsOut:
    return _owner_lists(request, permissions.access_post_lists(_user(request), code))


@router.get("/lists/orgs/{code}", response=OwnerListsOut, auth=public_auth)
def get_organisation_lists(request: HttpRequest, code: str) -> OwnerListsOut:
    return _owner_lists(request, permissions.access_organisation_lists(_user(request), code))


@router.get("/lists/{list_id}", response=ListOut, auth=public_auth)
def get_list(request: HttpRequest, list_id: int) -> ListOut:
    return _full(permissions.access_list(_user(request), list_id))


def _build(request: HttpRequest, **owner: Any) -> Status[BuildOut]:
    result = services.build_draft(actor=request.user, **owner)
    return Status(
        201 if result.created else 200, BuildOut(created=result.created, list=_summary(result.list))
    )


@router.post("/lists/posts/{code}/drafts", response={200: BuildOut, 201: BuildOut}, auth=api_auth)
def build_post_draft(request: HttpRequest, code: str) -> Status[BuildOut]:
    post = permissions.access_post_lists(_user(request), code, change=True)
    return _build(request, post=post)


@router.post("/lists/orgs/{code}/drafts", response={200: BuildOut, 201: BuildOut}, auth=api_auth)
def build_organisation_draft(request: HttpRequest, code: str) -> Status[BuildOut]:
    organisation = permissions.access_organisation_lists(_user(request), code, change=True)
    return _build(request, organisation=organisation)


@router.post("/lists/{list_id}/publish", response=ListOut, auth=api_auth)
def publish(request: HttpRequest, list_id: int) -> ListOut:
    row = permissions.access_list(_user(request), list_id, publish=True)
    return _full(services.publish_list(actor=request.user, draft=row))
