"""Pages for the money of the assessment: the ledger, distribution plans, enterprise awards, corrections.

Thin: authorise (office, or the unit operator of the county), call one service in ``plans``,
``awards`` or ``services``, render. Out of scope → 404; visible but not allowed → 403.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.common.pagination import paginate_request
from zeren.common.widgets import IsoDateInput
from zeren.org.models import Unit

from .. import permissions, plans, services
from ..awards import record_enterprise_award
from ..errors import AssessmentError, FundError
from ..ledger import current_run, fund_balances, ledger_lines, unit_nets
from ..models import AssessmentRun, DistributionPlan, EnterpriseAward, FundMovement


def _require_office(request: HttpRequest) -> None:
    if not permissions.is_office(request.user):
        raise Http404("没有该页面")


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    latest = FundMovement.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year - 1


@require_POST
def amend_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """Start a correction run of a published run (art. 59: corrections are amendments)."""
    run = permissions.access_run(request.user, run_id)
    if not permissions.is_office(request.user):
        raise PermissionDenied("只有地区安委办管理员可以发起更正运行")
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, "请填写更正原因")
        return redirect("assessment:detail", run.pk)
    try:
        correction = services.run_assessment(
            actor=request.user,
            year=run.year,
            amends=run,
            reason=reason,
            confirm_unfinished=request.POST.get("confirm_unfinished") == "1",
        )
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", run.pk)
    messages.success(request, f"已发起更正运行 #{correction.pk}（更正 #{run.pk}），审核后公布")
    return redirect("assessment:detail", correction.pk)


def ledger(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    year = _year(request)
    years = sorted(set(FundMovement.objects.values_list("year", flat=True).distinct()) | {year}, reverse=True)
    context = {
        "year": year,
        "years": years,
        "lines": ledger_lines(year),
        "balances": fund_balances(year),
        "nets": unit_nets(year),
        "current": current_run(year),
    }
    return render(request, "assessment/ledger.html", context)


@login_required
def plan_list(request: HttpRequest, run_id: int) -> HttpResponse:
    run = permissions.access_run(request.user, run_id)
    context = {"run": run, "units": plans.plannable(request.user, run), "unit": None}
    return render(request, "assessment/plan.html", context)


def _access_plan_unit(
    request: HttpRequest, run_id: int, unit_code: str, kind: str
) -> tuple[AssessmentRun, dict[str, Any]]:
    run = permissions.access_run(request.user, run_id)
    row = plans.unit_row(run, unit_code)
    if row is None or kind not in DistributionPlan.Kind.values or not plans.can_plan(request.user, run, row):
        raise Http404("没有该单位的分配方案")
    return run, row


def _rows(lines: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    blank = {"name": "", "post": "", "amount_yuan": "", "reason": ""}
    return [*lines, *[dict(blank) for _ in range(max(0, count - len(lines)))]]


@login_required
def plan_form(request: HttpRequest, run_id: int, unit_code: str, kind: str) -> HttpResponse:
    run, row = _access_plan_unit(request, run_id, unit_code, kind)
    money = plans.plan_amounts(run, row, kind)
    if not money["amount"]:
        raise Http404(f"{row['name']} 在本次考核中没有{DistributionPlan.Kind(kind).label}事项")
    history = DistributionPlan.objects.filter(run=run, unit_code=unit_code, kind=kind).order_by("-version")
    latest = history.first()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        keys = ("name", "post", "amount_yuan", "reason")
        columns = [request.POST.getlist(k) for k in keys]
        lines = [dict(zip(keys, values, strict=True)) for values in zip_longest(*columns, fillvalue="")]
        try:
            plan = plans.submit_plan(actor=request.user, run=run, unit_code=unit_code, kind=kind, lines=lines)
        except FundError as exc:
            errors = [m for _, m in exc.errors]
            status = 400
            rows = _rows(lines, len(lines))
        else:
            messages.success(request, f"已提交{plan.get_kind_display()}方案第 {plan.version} 版")
            return redirect("assessment:plan", run.pk, unit_code, kind)
    else:
        requested = request.GET.get("rows", "")
        existing = list(latest.lines) if latest else []
        count = int(requested) if requested.isdigit() else len(existing) + 3
        rows = _rows(existing, min(max(count, 1, len(existing)), 200))
    context = {
        "run": run,
        "unit": row,
        "kind": kind,
        "kind_label": DistributionPlan.Kind(kind).label,
        "money": money,
        "rows": rows,
        "more_rows": len(rows) + 5,
        "errors": errors,
        "history": history,
        "latest": latest,
    }
    return render(request, "assessment/plan.html", context, status=status)


class EnterpriseAwardForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    enterprise_name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", widget=forms.TextInput(attrs={"maxlength": 18}))
    unit_code = forms.ChoiceField(label="所在县（市）", required=False)
    amount_yuan = forms.IntegerField(label="奖励金额（元）")
    approval_document = forms.CharField(label="批准文件", max_length=200)
    approved_on = forms.DateField(label="批准日期", widget=IsoDateInput())
    approved_by = forms.CharField(label="批准机关", max_length=150)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = Unit.objects.filter(level=Unit.Level.COUNTY).order_by("path").values_list("code", "name")
        self.fields["unit_code"].choices = [("", "—"), *counties]  # type: ignore[attr-defined]


def enterprise_awards(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    year = _year(request)
    form = EnterpriseAwardForm(request.POST or None, initial={"year": year})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                award = record_enterprise_award(actor=request.user, **data)
            except FundError as exc:
                for field, message in exc.errors:
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request, f"已登记先进企业奖励：{award.enterprise_name} {award.amount_yuan:,} 元"
                )
                return redirect(f"{request.path}?year={award.year}")
        status = 400
        year = form.cleaned_data.get("year") or year
    awards = EnterpriseAward.objects.filter(year=year)
    page = paginate_request(request, awards, order=("enterprise_name", "pk"))
    context = {"form": form, "awards": page, "year": year}
    return render(request, "assessment/enterprise_awards.html", context, status=status)
