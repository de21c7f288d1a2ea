"""Accident pages, kept thin: authorise with ``permissions``, read via selectors, write via services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.catalog.selectors import sector_choices
from zeren.common.charts import chart
from zeren.common.errors import ZerenError
from zeren.common.pagination import paginate_request

from . import permissions, selectors, services
from .forms import AccidentForm, FindingForm, InvolvedForm, RevisionForm, StepForm
from .models import Accident, ReportStep
from .rules import rules_for


@login_required
def accident_list(request: HttpRequest) -> HttpResponse:
    accidents = permissions.visible_accidents(request.user)
    raw_year, grade = request.GET.get("year", ""), request.GET.get("grade", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    shown = selectors.filter_accidents(accidents, year=year, grade=grade)
    page = paginate_request(request, shown, order=selectors.LIST_ORDER)
    can_register = permissions.registrable_units(request.user).exists()
    return render(
        request,
        "accidents/list.html",
        {
            "accidents": page,
            "page": page,
            "can_register": can_register,
            "charts": _charts(request, accidents),
            "year": year,
            "grade": grade,
            "grades": Accident.Grade.choices,
        },
    )


def _charts(request: HttpRequest, accidents: Any) -> dict[str, Any]:
    """The year's accidents by month, grade and sector (ECharts; three aggregate queries)."""
    this_year = timezone.localdate().year
    raw = request.GET.get("chart_year", "")
    if raw.isdigit() and 2000 <= int(raw) <= this_year:
        year = int(raw)
    else:  # the year of the latest accident the user can see, else this year
        latest = accidents.first()
        year = timezone.localtime(latest.occurred_at).year if latest is not None else this_year
    stats = selectors.accident_stats(accidents, year)
    none = f"{year}年无事故记录"
    return {
        "year": year,
        "years": range(this_year - 3, this_year + 1),
        "stats": stats,
        "specs": [
            chart("acc-month", f"{year}年事故按月份", "bar", [f"{m}月" for m in range(1, 13)],
                  [("事故起数", stats.by_month)], unit="起", empty=none),
            chart("acc-grade", f"{year}年事故按等级", "pie", [f"{g}事故" for g, _ in stats.by_grade],
                  [("事故起数", [n for _, n in stats.by_grade])], unit="起", empty=none),
            chart("acc-sector", f"{year}年事故按行业领域", "bar", [name for name, _ in stats.by_sector],
                  [("事故起数", [n for _, n in stats.by_sector])], unit="起", horizontal=True, empty=none),
        ],
    }  # fmt: skip


@login_required
def accident_new(request: HttpRequest) -> HttpResponse:
    units = permissions.registrable_units(request.user)
    if not units.exists():
        raise PermissionDenied("您无权登记事故")
    try:
        types = [(t.id, t.name) for t in rules_for().reporting.types]
    except ZerenError:  # no pack loaded: the service says so on submit
        types = []
    form = AccidentForm(
        request.POST or None,
        units=units,
        sectors=sector_choices(),
        types=types,
        involvable=permissions.involvable_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accident = services.record_accident(
                actor=request.user,
                unit=data["unit"],
                sector_code=data["sector_code"],
                occurred_at=data["occurred_at"],
                enterprise=data["enterprise"],
                place=data["place"],
                description=data["description"],
                deaths=data["deaths"],
                serious_injuries=data["serious_injuries"],
                missing=data["missing"],
                direct_loss_yuan=data["direct_loss_yuan"],
                accident_type=data["accident_type"] or None,
                also_sectors=data["also_sectors"],
                also_units=list(data["also_units"]),
            )
        except ZerenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记事故 {accident.number}，定为{accident.grade}事故。")
            return redirect("accidents:detail", accident_id=accident.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "accidents/new.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, accident: Accident, **forms: Any) -> dict[str, Any]:
    rules = rules_for(accident.pack)
    assessment = selectors.reporting_assessment(accident, rules)
    can_change = permissions.can_register(request.user, accident.unit)
    levels = [(lv.id, lv.name) for lv in rules.reporting.levels]
    steps = [
        (s, s.kind != ReportStep.Kind.LEARNT and s.level in assessment.late_levels)
        for s in accident.report_steps.all()
    ]
    rows = selectors.accident_chain(accident, rules)
    reach_group = selectors.reach_group(accident, rules)
    involved_units = selectors.involved_units(accident)
    involved_form = None
    if can_change:
        involved_form = forms.get("involved_form") or InvolvedForm(
            initial={"also_sectors": accident.also_sectors, "also_units": involved_units},
            sectors=[(c, n) for c, n in sector_choices() if c != accident.sector_code],
            involvable=permissions.involvable_units(request.user, accident),
        )
    return {
        "accident": accident,
        "involved_sectors": [rules.sector_name(c) or c for c in accident.also_sectors],
        "involved_units": involved_units,
        "involved_form": involved_form,
        "assessment": assessment,
        "level_names": dict(levels),
        "steps": steps,
        "revisions": accident.revisions.select_related("recorded_by"),
        "findings": accident.findings.select_related("step"),
        "chain": rows,
        "reach_group": reach_group,
        "can_change": can_change,
        "can_open_case": permissions.can_open_case(request.user, accident),
        "supplement_open": services.supplement_open(accident),
        "revision_form": forms.get("revision_form") or RevisionForm(initial=accident.figures()),
        "step_form": forms.get("step_form") or StepForm(levels=levels[1:]),
        "finding_form": forms.get("finding_form") or FindingForm(),
    }


@login_required
def accident_detail(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = permissions.access_accident(request.user, accident_id)
    return render(request, "accidents/detail.html", _detail_context(request, accident))


@login_required
@require_POST
def accident_revise(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = permissions.access_accident(request.user, accident_id, change=True)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            revision = services.revise_casualties(actor=request.user, accident=accident, **form.cleaned_data)
        except ZerenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已补报：{revision.grade_before} → {revision.grade_after}")
            return redirect("accidents:detail", accident_id=accident.pk)
    context = _detail_context(request, accident, revision_form=form)
    return render(request, "accidents/detail.html", context, status=400)


@login_required
@require_POST
def accident_add_step(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = permissions.access_accident(request.user, accident_id, change=True)
    levels = [(lv.id, lv.name) for lv in rules_for(accident.pack).reporting.levels]
    form = StepForm(request.POST, levels=levels[1:])
    if form.is_valid():
        try:
            services.record_report_step(actor=request.user, accident=accident, **form.cleaned_data)
        except ZerenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已记录报告环节。")
            return redirect("accidents:detail", accident_id=accident.pk)
    return render(
        request, "accidents/detail.html", _detail_context(request, accident, step_form=form), status=400
    )


@login_required
@require_POST
def accident_add_finding(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = permissions.access_accident(request.user, accident_id, change=True)
    form = FindingForm(request.POST)
    if form.is_valid():
        step = (
            accident.report_steps.filter(pk=form.cleaned_data["step"]).first()
            if form.cleaned_data["step"]
            else None
        )
        try:
            services.record_finding(
                actor=request.user,
                accident=accident,
                kind=form.cleaned_data["kind"],
                basis=form.cleaned_data["basis"],
                step=step,
            )
        except ZerenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已记录报告失职认定。")
            return redirect("accidents:detail", accident_id=accident.pk)
    context = _detail_context(request, accident, finding_form=form)
    return render(request, "accidents/detail.html", context, status=400)


@login_required
@require_POST
def accident_set_involved(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = permissions.access_accident(request.user, accident_id, change=True)
    form = InvolvedForm(
        request.POST,
        sectors=[(c, n) for c, n in sector_choices() if c != accident.sector_code],
        involvable=permissions.involvable_units(request.user, accident),
    )
    if form.is_valid():
        try:
            services.set_involved(
                actor=request.user,
                accident=accident,
                also_sectors=form.cleaned_data["also_sectors"],
                also_units=list(form.cleaned_data["also_units"]),
            )
        except ZerenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已更改其他涉及的行业领域和涉事单位，责任链条已随之更新。")
            return redirect("accidents:detail", accident_id=accident.pk)
    context = _detail_context(request, accident, involved_form=form)
    return render(request, "accidents/detail.html", context, status=400)
