from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .coverage import coverage_rows
from .models import PackVersion
from .packs import current_pack


def _page(request: HttpRequest, template: str, pack: PackVersion, **context: object) -> HttpResponse:
    return render(request, template, {"pack": pack, "reg": selectors.regulation_slug(pack), **context})


def overview(request: HttpRequest) -> HttpResponse:
    """The catalogue of the pack in force: roles, kinds, sectors, obligations and parameters."""
    pack = current_pack()
    return _page(
        request,
        "catalog/overview.html",
        pack,
        roles=selectors.roles_with_duties(pack),
        kinds=selectors.kinds_with_traits(pack),
        sectors=selectors.sectors_with_supervisors(pack),
        obligations=pack.obligations.order_by("position"),
        parameters=pack.parameters.order_by("section", "position"),
    )


def kind_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A department kind's page: own and inherited duties, sectors supervised."""
    pack = current_pack()
    kind = selectors.access_kind(pack, code)
    own, inherited = selectors.duties_of_kind(kind)
    return _page(
        request,
        "catalog/kind.html",
        pack,
        kind=kind,
        own=own,
        inherited=inherited,
        sectors=selectors.sectors_of_kind(kind),
    )


def sector_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A sector's page: who supervises it and in which capacity."""
    pack = current_pack()
    return _page(request, "catalog/sector.html", pack, sector=selectors.access_sector(pack, code))


def role_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A leader role's page with its duties."""
    pack = current_pack()
    return _page(request, "catalog/role.html", pack, role=selectors.access_role(pack, code))


def coverage(request: HttpRequest) -> HttpResponse:
    """The article coverage page of the pack in force."""
    pack = current_pack()
    return _page(request, "catalog/coverage.html", pack, rows=coverage_rows(pack))
