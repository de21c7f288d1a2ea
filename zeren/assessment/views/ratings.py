"""Pages: the principals' comprehensive rating of a run (art. 57 para 2) and its .xlsx for the
Organisation Department. Personal data: the committee office and the Organisation Department and
Discipline Inspection reviewers only (``permissions.access_ratings``); everyone else gets 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import permissions
from ..ratings import by_level, export_ratings, level_names, ratings_of, title_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def ratings_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = permissions.access_ratings(request.user, run_id)
    ratings = ratings_of(run)
    context = {
        "run": run,
        "title": title_of(run),
        "ratings": ratings,
        "levels": by_level(ratings or [], level_names(run)),
        "office": permissions.is_office(request.user),
    }
    return render(request, "assessment/ratings.html", context)


@require_GET
def ratings_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    run = permissions.access_ratings(request.user, run_id)
    content = export_ratings(actor=request.user, run=run)
    response = HttpResponse(content, content_type=XLSX)
    name = f"{run.year}年度党政主要负责人安全生产工作综合评价-运行{run.pk}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or ""
    response["Cache-Control"] = "no-store"
    return response
