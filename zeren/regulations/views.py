from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zeren.common.pagination import paginate_request

from .selectors import (
    REGULATION_ORDER,
    access_regulation,
    can_see_import_warnings,
    provision_tree,
    regulations,
    version_of,
    with_current_version,
)
from .warnings import shown_warning


def regulation_list(request: HttpRequest) -> HttpResponse:
    """Imported regulations by title, a page at a time, filtered by title on the server."""
    q = request.GET.get("q", "")
    page = paginate_request(request, regulations(q), order=REGULATION_ORDER)
    return render(
        request, "regulations/list.html", {"rows": with_current_version(page.rows), "page": page, "q": q}
    )


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
