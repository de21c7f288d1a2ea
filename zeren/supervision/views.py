"""Supervision pages, kept thin: authorise with ``permissions``, read via selectors, write via services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.common.attachments import attachment_response
from zeren.common.errors import ZerenError
from zeren.common.pagination import paginate_request
from zeren.org.models import Organisation, Unit

from . import permissions, selectors, services
from .charts import findings_by_clause_svg
from .errors import SupervisionError
from .forms import DecisionForm, FindingForm, MarkForm, MemberForm, PlanForm, ReportForm, TargetForm
from .models import ChecklistItem, Finding, Plan, RectificationReport, Target
from .notices import inbox_for
from .reports import clause_label, render_report_docx, report_filename

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fail(request: HttpRequest, exc: ZerenError) -> None:
    """A service's named refusal (this app's or the case service's), shown on the page."""
    messages.error(request, exc.message)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    findings = selectors.visible_findings(user)
    year = _int(request.GET.get("year"))
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    plans = selectors.filter_plans(permissions.visible_plans(user), year=year, status=status, kind=kind)
    my_targets = (
        permissions.visible_targets(user)
        .exclude(plan__in=permissions.visible_plans(user))
        .select_related("plan", "unit", "organisation")
    )
    return render(
        request,
        "supervision/list.html",
        {
            "plans": paginate_request(request, plans, order=selectors.PLAN_ORDER, size=50, prefix="plan_"),
            "my_targets": paginate_request(
                request, my_targets, order=("-plan__year", "-pk"), prefix="target_"
            ),
            "overdue": paginate_request(request, selectors.overdue(findings), order=("deadline", "pk")),
            "can_create": Unit.objects.filter(permissions.organiser_units_q(user)).exists(),
            "year": year,
            "status": status,
            "kind": kind,
            "statuses": Plan.Status.choices,
            "kinds": Plan.Kind.choices,
        },
    )


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) <= 4 else None


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.filter(permissions.organiser_units_q(request.user)).exclude(
        level=Unit.Level.TOWNSHIP
    )
    if not units.exists():
        raise PermissionDenied("只有安委办管理员可以制定督查、巡查计划")
    form = PlanForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.user, **form.cleaned_data)
        except SupervisionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("supervision:plan", plan_id=plan.pk)
    return render(request, "supervision/new.html", {"form": form}, status=400 if form.errors else 200)


def _chart(plan: Plan) -> str:
    clauses, units, counts = selectors.findings_matrix(plan)
    return findings_by_clause_svg(clauses, units, counts, {c: clause_label(c) for c in clauses})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id)
    status = request.GET.get("status", "")
    targets = selectors.plan_targets(plan)
    findings = selectors.plan_findings(plan, status=status)
    return render(
        request,
        "supervision/plan.html",
        {
            "plan": plan,
            "targets": paginate_request(request, targets, order=selectors.TARGET_ORDER, prefix="target_"),
            "members": paginate_request(
                request, plan.members.select_related("user"), order=("pk",), prefix="member_"
            ),
            "findings": paginate_request(request, findings, order=("pk",), prefix="finding_"),
            "status": status,
            "statuses": Finding.Status.choices,
            "today": timezone.localdate(),
            "chart": _chart(plan),
            "can_manage": permissions.can_manage(request.user, plan),
            "target_form": TargetForm(),
            "member_form": MemberForm(),
        },
    )


@login_required
@require_POST
def plan_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id, manage=True)
    try:
        services.set_plan_status(actor=request.user, plan=plan, status=request.POST.get("status", ""))
    except SupervisionError as exc:
        _fail(request, exc)
    return redirect("supervision:plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_add_target(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id, manage=True)
    form = TargetForm(request.POST)
    if form.is_valid():
        unit = Unit.objects.filter(code=form.cleaned_data["unit"]).first()
        code = form.cleaned_data["organisation"]
        organisation = Organisation.objects.filter(code=code).first() if code else None
        if unit is None or (code and organisation is None):
            messages.error(request, "没有该单位或机构")
        else:
            try:
                services.add_target(actor=request.user, plan=plan, unit=unit, organisation=organisation)
            except SupervisionError as exc:
                _fail(request, exc)
    return redirect("supervision:plan", plan_id=plan.pk)


@login_required
@require_POST
def plan_add_member(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id, manage=True)
    form = MemberForm(request.POST)
    if form.is_valid():
        services.add_member(
            actor=request.user, plan=plan, user=form.cleaned_data["username"], role=form.cleaned_data["role"]
        )
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("supervision:plan", plan_id=plan.pk)


@login_required
def plan_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id)
    response = HttpResponse(render_report_docx(plan), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(report_filename(plan))}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def plan_chart(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = permissions.access_plan(request.user, plan_id)
    return HttpResponse(_chart(plan), content_type="image/svg+xml; charset=utf-8")


def _target_context(request: HttpRequest, target: Target, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_inspect = permissions.can_target(user, target, "inspect")
    owners = Organisation.objects.filter(unit__path__startswith=target.unit.path).order_by(
        "unit__path", "name"
    )
    initial_owner = (
        target.organisation_id
        or owners.filter(unit=target.unit, type="government").values_list("pk", flat=True).first()
    )
    return {
        "target": target,
        "plan": target.plan,
        "items": target.items.select_related("marked_by"),
        "findings": target.findings.select_related("owner").order_by("pk"),
        "can_inspect": can_inspect and target.plan.status == Plan.Status.IN_PROGRESS,
        "can_view_plan": permissions.can_view_plan(user, target.plan),
        "mark_form": MarkForm(),
        "finding_form": extra.get("finding_form")
        or FindingForm(owners=owners, initial={"owner": initial_owner}),
        "today": timezone.localdate(),
    }


@login_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    target = permissions.access_target(request.user, target_id)
    return render(request, "supervision/target.html", _target_context(request, target))


@login_required
def target_print(request: HttpRequest, target_id: int) -> HttpResponse:
    target = permissions.access_target(request.user, target_id)
    return render(request, "supervision/print.html", _target_context(request, target))


@login_required
@require_POST
def item_mark(request: HttpRequest, item_id: int) -> HttpResponse:
    item = ChecklistItem.objects.filter(pk=item_id).select_related("target").first()
    if item is None:
        raise Http404("没有该检查项")
    permissions.access_target(request.user, item.target_id, "inspect")
    form = MarkForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.mark_item(
                actor=request.user,
                item=item,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
                upload=form.cleaned_data.get("file"),
            )
        except SupervisionError as exc:
            _fail(request, exc)
    return redirect(f"/supervision/targets/{item.target_id}/#item-{item.position}")


@login_required
@require_POST
def finding_new(request: HttpRequest, target_id: int) -> HttpResponse:
    target = permissions.access_target(request.user, target_id, "inspect")
    owners = Organisation.objects.filter(unit__path__startswith=target.unit.path)
    form = FindingForm(request.POST, owners=owners)
    if form.is_valid():
        data = form.cleaned_data
        position = data.pop("checklist_item")
        item = target.items.filter(position=position).first() if position else None
        try:
            finding = services.record_finding(actor=request.user, target=target, checklist_item=item, **data)
        except SupervisionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已记录问题 {finding.number}")
            return redirect("supervision:finding", finding_id=finding.pk)
    context = _target_context(request, target, finding_form=form)
    return render(request, "supervision/target.html", context, status=400)


@login_required
def finding_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = permissions.access_finding(request.user, finding_id)
    user = request.user
    return render(
        request,
        "supervision/finding.html",
        {
            "finding": finding,
            "target": finding.target,
            "reports": finding.reports.select_related("reported_by", "decided_by"),
            "overdue": finding.status in ("open", "rejected") and finding.deadline < timezone.localdate(),
            "can_report": permissions.can_target(user, finding.target, "report"),
            "can_inspect": permissions.can_target(user, finding.target, "inspect"),
            "can_open_case": permissions.can_target(user, finding.target, "manage"),
            "report_form": ReportForm(),
            "decision_form": DecisionForm(),
        },
    )


def _back_to(finding: Finding) -> HttpResponse:
    return redirect("supervision:finding", finding_id=finding.pk)


@login_required
@require_POST
def finding_report(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = permissions.access_finding(request.user, finding_id, "report")
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return _back_to(finding)
    try:
        services.report_rectification(
            actor=request.user,
            finding=finding,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["file"],
        )
    except ZerenError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "已报告整改完成，待检查组复查")
    return _back_to(finding)


def _decide(request: HttpRequest, finding_id: int, *, accept: bool) -> HttpResponse:
    finding = permissions.access_finding(request.user, finding_id, "inspect")
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if accept:
            services.verify_rectification(actor=request.user, finding=finding, note=reason)
        else:
            services.reject_rectification(actor=request.user, finding=finding, reason=reason)
    except ZerenError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "复查通过，已销号" if accept else "已退回整改")
    return _back_to(finding)


@login_required
@require_POST
def finding_verify(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _decide(request, finding_id, accept=True)


@login_required
@require_POST
def finding_reject(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _decide(request, finding_id, accept=False)


@login_required
@require_POST
def finding_open_case(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = permissions.access_finding(request.user, finding_id, "manage")
    try:
        case = services.open_case_from_finding(actor=request.user, finding=finding)
    except ZerenError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已立案问责 {getattr(case, 'number', case.pk)}")
    return _back_to(finding)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = paginate_request(request, inbox_for(request.user), order=("-created_at", "-pk"))
    return render(request, "supervision/inbox.html", {"notices": notices})


def _attachment(field: Any) -> FileResponse:
    return attachment_response(field, filename=field.name.rsplit("/", 1)[-1])


@login_required
def item_file(request: HttpRequest, item_id: int) -> FileResponse:
    item = ChecklistItem.objects.select_related("target").filter(pk=item_id).first()
    if item is None or not item.file:
        raise Http404("没有该附件")
    permissions.access_target(request.user, item.target_id)
    return _attachment(item.file)


@login_required
def report_file(request: HttpRequest, report_id: int) -> FileResponse:
    report = RectificationReport.objects.filter(pk=report_id).first()
    if report is None or not report.file:
        raise Http404("没有该附件")
    permissions.access_finding(request.user, report.finding_id)
    return _attachment(report.file)
