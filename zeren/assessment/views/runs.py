"""Pages: the committee office's run page (run, publish, per-unit detail) and the public results (art. 59)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.accidents.errors import RulesUnavailable
from zeren.common.charts import svg_bars
from zeren.common.pagination import paginate_request

from .. import permissions, selectors, services
from ..errors import AssessmentError
from ..models import AssessmentRun

RUN_ORDER = ("-year", "-pk")


def run_list(request: HttpRequest) -> HttpResponse:
    office = permissions.is_office(request.user)
    runs = paginate_request(  # the stored facts and results are large: the list reads neither
        request, permissions.visible_runs(request.user).defer("facts", "result"), order=RUN_ORDER
    )
    ratings = permissions.can_read_ratings(request.user)  # art. 57 para 2: office and reviewers
    context = {
        "runs": runs,
        "office": office,
        "ratings": ratings,
        "default_year": timezone.localdate().year - 1,  # the last complete year
    }
    return render(request, "assessment/list.html", context)


@require_POST
def run_new(request: HttpRequest) -> HttpResponse:
    if not permissions.is_office(request.user):
        raise PermissionDenied("只有地区安委办管理员可以运行年度考核")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请填写考核年度")
        return redirect("assessment:list")
    earlier = list(AssessmentRun.objects.filter(year=year).order_by("-pk").values_list("pk", flat=True))
    try:
        run = services.run_assessment(
            actor=request.user, year=year, confirm_unfinished=request.POST.get("confirm_unfinished") == "1"
        )
    except (RulesUnavailable, AssessmentError) as exc:  # no pack in force, or its files changed since loading
        messages.error(request, str(exc))
        return redirect("assessment:list")
    if run.pk in earlier:
        messages.info(
            request,
            f"{year}年度的考核数据自运行 #{run.pk} 以来没有变化，未重新计算：以下仍是运行 #{run.pk}"
            f"（{timezone.localtime(run.created_at):%Y-%m-%d %H:%M} 运行）。"
            "数据有变化后再次运行即生成新的运行。",
        )
    elif earlier:
        messages.info(
            request, f"已生成新的运行 #{run.pk}；{year}年度此前的运行 #{earlier[0]} 仍保留在列表中。"
        )
    return redirect("assessment:detail", run.pk)


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    if not permissions.is_office(request.user):
        raise Http404("没有该考核运行")
    run = permissions.access_run(request.user, run_id)
    context = {
        "run": run,
        "groups": _with_charts(run, selectors.groups_of(run)),
        "office": True,
        "unfinished": services.run_unfinished(run),
        "year_running": services.year_unfinished(run.year, timezone.localdate()),
    }
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
        services.publish_run(
            actor=request.user, run=run, confirm_unfinished=request.POST.get("confirm_unfinished") == "1"
        )
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
