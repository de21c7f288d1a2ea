"""Pages: the committee office's run page (run, publish, per-unit detail) and the public results (art. 59)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zeren.accidents.errors import RulesUnavailable
from zeren.common.charts import svg_bars

from .. import permissions, selectors, services
from ..errors import AssessmentError
from ..models import AssessmentRun


def run_list(request: HttpRequest) -> HttpResponse:
    office = permissions.is_office(request.user)
    runs = permissions.visible_runs(request.user).select_related("pack")[:50]
    ratings = permissions.can_read_ratings(request.user)  # art. 57 para 2: office and reviewers
    return render(request, "assessment/list.html", {"runs": runs, "office": office, "ratings": ratings})


@require_POST
def run_new(request: HttpRequest) -> HttpResponse:
    if not permissions.is_office(request.user):
        raise PermissionDenied("只有地区安委办管理员可以运行年度考核")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请填写考核年度")
        return redirect("assessment:list")
    try:
        run = services.run_assessment(actor=request.user, year=year)
    except (RulesUnavailable, AssessmentError) as exc:  # no pack in force, or its files changed since loading
        messages.error(request, str(exc))
        return redirect("assessment:list")
    return redirect("assessment:detail", run.pk)


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    if not permissions.is_office(request.user):
        raise Http404("没有该考核运行")
    run = permissions.access_run(request.user, run_id)
    context = {"run": run, "groups": _with_charts(run, selectors.groups_of(run)), "office": True}
    return render(request, "assessment/detail.html", context)


def _with_charts(run: AssessmentRun, groups: list[dict[str, object]]) -> list[dict[str, object]]:
    """Each group with its scores as a server-side SVG bar chart (the results are printed)."""
    for group in groups:
        group["chart"] = svg_bars(
            f"{run.year}年度{group['name']}考核得分（满分100分）",
            selectors.score_rows(group),
            max_value=100,
        )
    return groups


@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = permissions.access_run(request.user, run_id)
    if not permissions.is_office(request.user):
        raise PermissionDenied("只有地区安委办管理员可以公布考核结果")
    try:
        services.publish_run(actor=request.user, run=run)
    except AssessmentError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:detail", run.pk)


def public_results(request: HttpRequest, run_id: int) -> HttpResponse:
    run = AssessmentRun.objects.filter(pk=run_id, status=AssessmentRun.Status.PUBLISHED).first()
    if run is None:
        raise Http404("该考核结果尚未公布")
    return render(
        request,
        "assessment/public.html",
        {"run": run, "groups": _with_charts(run, selectors.groups_of(run, public=True))},
    )
