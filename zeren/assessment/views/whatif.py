"""The what-if page (假设分析, office only): change a run's inputs and see the ranking move beside it.

GET shows the form; POST evaluates the changes and renders the side-by-side table — the whole page
without JavaScript, only the result partial for htmx (``HX-Request``). Nothing is ever written: the
page reads the run and calls ``whatif.what_if``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import permissions, whatif
from ..models import AssessmentRun


def _form(run: AssessmentRun, data: Any) -> dict[str, Any]:
    _, facts, scheme = whatif.inputs(run)
    posted = data or {}
    indicators = [
        {
            "id": i.id,
            "name": i.name,
            "weight": i.weight,
            "field": f"weight_{i.id}",
            "value": posted.get(f"weight_{i.id}", i.weight),
        }
        for i in scheme.indicators
    ]
    return {
        "facts": facts,
        "scheme": scheme,
        "accidents": whatif.accident_options(facts),
        "units": whatif.unit_options(facts),
        "indicators": indicators,
        "posted": {
            "remove_accident": [str(v) for v in (data.getlist("remove_accident") if data else [])],
            "mark_unit": posted.get("mark_unit", ""),
            "mark_count": posted.get("mark_count", ""),
        },
    }


@require_http_methods(["GET", "POST"])
def run_whatif(request: HttpRequest, run_id: int) -> HttpResponse:
    if not permissions.is_office(request.user):
        raise Http404("没有该考核运行")
    run = permissions.access_run(request.user, run_id)
    data = request.POST if request.method == "POST" else None
    form = _form(run, data)
    context: dict[str, Any] = {"run": run, "form": form, "result": None, "errors": []}
    if data is not None:
        try:
            changes = whatif.parse_changes(data, facts=form["facts"], scheme=form["scheme"])
        except whatif.InvalidChanges as exc:
            context["errors"] = [
                {"field": k, "label": whatif.FIELD_LABELS.get(k) or _weight_label(k, form), "message": v}
                for k, v in exc.errors.items()
            ]
        else:
            context["result"] = whatif.what_if(run, changes)
    if request.headers.get("HX-Request"):
        return render(request, "assessment/_whatif_result.html", context)
    return render(request, "assessment/whatif.html", context, status=400 if context["errors"] else 200)


def _weight_label(field: str, form: dict[str, Any]) -> str:
    names = {i["field"]: f"{i['name']}权重" for i in form["indicators"]}
    return names.get(field, field)
