"""JSON API for regulations: the same tree the pages show (``/api/regulations/...``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from zeren.common.pagination import API_DEFAULT_LIMIT, api_page

from .selectors import (
    REGULATION_ORDER,
    access_regulation,
    can_see_import_warnings,
    regulations,
    tree_as_dicts,
    version_of,
    with_current_version,
)

router = Router(tags=["法规 regulations"])


class VersionSummary(Schema):
    number: int
    document_number: str
    issuer: str
    issue_date: dt.date | None
    publication_date: dt.date | None
    effective_date: dt.date | None
    source_sha256: str


class RegulationSummary(Schema):
    slug: str
    title: str
    current_version: VersionSummary | None


class RegulationTree(Schema):
    slug: str
    title: str
    version: VersionSummary
    metadata: dict[str, Any]
    warnings: list[dict[str, Any]]
    nodes: list[dict[str, Any]]


def _summary(version: Any) -> VersionSummary:
    return VersionSummary(
        number=version.number,
        document_number=version.document_number,
        issuer=version.issuer,
        issue_date=version.issue_date,
        publication_date=version.publication_date,
        effective_date=version.effective_date,
        source_sha256=version.source_sha256,
    )


@router.get("/regulations", response=list[RegulationSummary])
def list_regulations(
    request: HttpRequest,
    response: HttpResponse,
    q: str = "",
    cursor: str | None = None,
    limit: int = API_DEFAULT_LIMIT,
) -> list[RegulationSummary]:
    """By title, ``limit`` at a time (``X-Next-Cursor`` / ``Link``, ``X-Total-Count``); ``q``
    keeps the titles containing it."""
    page = api_page(request, response, regulations(q), order=REGULATION_ORDER, cursor=cursor, limit=limit)
    return [
        RegulationSummary(slug=r.slug, title=r.title, current_version=_summary(v) if v else None)
        for r, v in with_current_version(page.rows)
    ]


def _tree(request: HttpRequest, slug: str, number: int | None) -> RegulationTree:
    regulation = access_regulation(slug)
    version = version_of(regulation, number)
    return RegulationTree(
        slug=regulation.slug,
        title=regulation.title,
        version=_summary(version),
        metadata=version.metadata,
        warnings=version.warnings if can_see_import_warnings(request.user) else [],
        nodes=tree_as_dicts(version),
    )


@router.get("/regulations/{slug}", response=RegulationTree)
def get_regulation(request: HttpRequest, slug: str) -> RegulationTree:
    """The current version's clause tree. Importer warnings are included for administrators only."""
    return _tree(request, slug, None)


@router.get("/regulations/{slug}/versions/{number}", response=RegulationTree)
def get_regulation_version(request: HttpRequest, slug: str, number: int) -> RegulationTree:
    return _tree(request, slug, number)
