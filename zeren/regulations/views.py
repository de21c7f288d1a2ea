from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import (
    access_regulation,
    can_see_import_warnings,
    provision_tree,
    regulations_with_current_version,
    version_of,
)
from .warnings import shown_warning


def regulation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "regulations/list.html", {"rows": regulations_with_current_version()})


def regulation_detail(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    regulation = access_regulation(slug)
    version = version_of(regulation, number)
    tree = provision_tree(version)
    return render(
        request,
        "regulations/detail.html",
        {
            "regulation": regulation,
            "version": version,
            "versions": regulation.versions.order_by("-number"),
            "tree": tree,
            "show_warnings": can_see_import_warnings(request.user),
            "shown_warnings": [shown_warning(w) for w in version.warnings or []],
        },
    )
