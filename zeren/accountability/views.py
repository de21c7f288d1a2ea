"""Case pages, kept thin: authorise with ``permissions``, read via selectors, write via services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.accidents import permissions as accident_permissions
from zeren.accidents.models import ReportingFinding
from zeren.accidents.rules import citation
from zeren.accounts.scope import scope_q
from zeren.common.actor import Actor
from zeren.common.pagination import paginate_request
from zeren.org.models import Unit
from zeren.org.permissions import access_person

from . import permissions, selectors, services
from .errors import CaseError
from .forms import CaseForm, DecisionForm, FactsForm, InterferenceForm
from .models import Case, Subject


def _units(user: Actor) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, permissions.OPEN_ROLES, "path")).order_by("path")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    trigger = request.GET.get("trigger", "")
    cases = permissions.visible_cases(request.user)
    if trigger:  # an unknown situation matches nothing
        cases = cases.filter(trigger=trigger)
    page = paginate_request(request, cases, order=permissions.LIST_ORDER)
    return render(
        request,
        "accountability/list.html",
        {
            "cases": page,
            "page": page,
            "can_open": _units(request.user).exists(),
            "trigger": trigger,
            "triggers": Case.Trigger.choices,
        },
    )


def _decision_form(case: Case, data: Any = None, **kwargs: Any) -> DecisionForm:
    rules = selectors.case_rules(case)
    acc = rules.pack.accountability
    forms_ = [(f.id, f.name) for f in acc.forms] + (
        [(acc.sanction.id, acc.sanction.name)] if acc.sanction else []
    )
    organs = [(o.id, o.name) for o in acc.deciding_organs]
    grades = acc.veto.sanction_grades(acc.sanction.id) if acc.veto and acc.sanction else ()
    return DecisionForm(data, forms_=forms_, organs=organs, sanction_grades=grades, **kwargs)


def _case_context(
    request: HttpRequest, case: Case, errors: dict[int, DecisionForm] | None = None
) -> dict[str, Any]:
    rules = selectors.case_rules(case)
    form_names = dict(rules.proposal.form_names)
    organ_names = {o.id: o.name for o in rules.pack.accountability.deciding_organs}
    views = selectors.case_subjects(case)
    rows = []
    for view in views:
        initial: dict[str, Any] = {
            "decided_on": timezone.localdate(),
            "amends": view.current.pk if view.current else None,
        }
        if view.proposal.forms:
            initial["form"] = view.proposal.forms[0]
        rows.append(
            {
                "view": view,
                "facts_form": FactsForm(initial=selectors.fact_values(view.subject)),
                "decision_form": (errors or {}).get(view.subject.pk) or _decision_form(case, initial=initial),
                "form_names": [form_names.get(f, f) for f in view.proposal.forms],
            }
        )
    return {
        "case": case,
        "rows": rows,
        "possible": selectors.possible_posts(case),
        "form_names": form_names,
        "organ_names": organ_names,
        "can_change": permissions.can(request.user, case.unit, permissions.CHANGE),
        "can_decide": permissions.can(request.user, case.unit, permissions.DECIDE),
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = permissions.access_case(request.user, case_id)
    return render(request, "accountability/detail.html", _case_context(request, case))


@login_required
@require_POST
def open_from_accident(request: HttpRequest, accident_id: int) -> HttpResponse:
    accident = accident_permissions.access_accident(request.user, accident_id)
    permissions.authorise_unit(request.user, accident.unit, permissions.CHANGE)
    case = services.open_case_for_accident(actor=request.user, accident=accident)
    messages.success(
        request, f"已立案 {case.number}，列出 {case.subjects.count()} 名问责对象（建议，待有权机关认定）。"
    )
    return redirect("accountability:detail", case_id=case.pk)


@login_required
@require_POST
def open_from_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = ReportingFinding.objects.filter(pk=finding_id).select_related("accident").first()
    if finding is None:
        raise Http404(f"没有认定 {finding_id}，或您无权查看")
    accident = accident_permissions.access_accident(request.user, finding.accident_id)
    permissions.authorise_unit(request.user, accident.unit, permissions.CHANGE)
    case = services.open_case_for_finding(actor=request.user, finding=finding)
    messages.success(request, f"已立案 {case.number}。")
    return redirect("accountability:detail", case_id=case.pk)


@login_required
@require_POST
def promote_possible(request: HttpRequest, case_id: int, post: str) -> HttpResponse:
    """列为问责对象: a possible post the inquiry found answerable becomes a subject (its holder then)."""
    case = permissions.access_case(request.user, case_id, permissions.CHANGE)
    try:
        subject = services.promote_possible(actor=request.user, case=case, post_code=post)
    except CaseError as exc:
        messages.error(request, exc.message)
        return render(
            request, "accountability/detail.html", _case_context(request, case), status=exc.http_status
        )
    messages.success(
        request,
        f"已将 {subject.person.name}（时任{subject.post_title}）列为问责对象，"
        f"审查责任类型：{subject.responsibility or '—'}。",
    )
    return redirect(f"{reverse('accountability:detail', args=[case.pk])}#subject-{subject.pk}")


@login_required
@require_POST
def withdraw_possible(request: HttpRequest, case_id: int, post: str) -> HttpResponse:
    """撤回列为问责对象: a possible post listed by mistake goes back, while nothing is decided."""
    case = permissions.access_case(request.user, case_id, permissions.CHANGE)
    try:
        services.withdraw_possible(actor=request.user, case=case, post_code=post)
    except CaseError as exc:
        messages.error(request, exc.message)
        return render(
            request, "accountability/detail.html", _case_context(request, case), status=exc.http_status
        )
    messages.success(request, "已撤回，该岗位退回“可能涉及，需调查核实”。")
    return redirect(f"{reverse('accountability:detail', args=[case.pk])}#possible")


@login_required
@require_POST
def subject_facts(request: HttpRequest, subject_id: int) -> HttpResponse:
    subject = permissions.access_subject(request.user, subject_id, permissions.CHANGE)
    form = FactsForm(request.POST)
    form.is_valid()
    services.set_subject_facts(actor=request.user, subject=subject, facts=form.cleaned_data)
    messages.success(request, f"已更新 {subject.person.name} 的情节，建议已重新计算。")
    return redirect("accountability:detail", case_id=subject.case_id)


@login_required
@require_POST
def subject_decide(request: HttpRequest, subject_id: int) -> HttpResponse:
    subject = permissions.access_subject(request.user, subject_id, permissions.DECIDE)
    form = _decision_form(subject.case, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        amends_id = data.pop("amends")
        amends = subject.decisions.filter(pk=amends_id).first() if amends_id else None
        try:
            services.record_decision(actor=request.user, subject=subject, amends=amends, **data)
        except CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已记录对 {subject.person.name} 的决定。")
            return redirect("accountability:detail", case_id=subject.case_id)
    context = _case_context(request, subject.case, {subject.pk: form})
    return render(request, "accountability/detail.html", context, status=400)


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    units = _units(request.user)
    if not units.exists():
        raise PermissionDenied("您无权立案")
    form = CaseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                actor=request.user,
                trigger=data["trigger"],
                unit=data["unit"],
                on=data["on"],
                title=data["title"],
                facts=data["facts"],
                source_reference=data["source_reference"],
                people=services.people_from_lines(request.user, data["unit"], data["people"]),
            )
        except CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("accountability:detail", case_id=case.pk)
    return render(
        request,
        "accountability/new.html",
        {"form": form, "heading": "登记问责案件"},
        status=400 if form.errors else 200,
    )


@login_required
def interference_new(request: HttpRequest) -> HttpResponse:
    units = _units(request.user)
    if not units.exists():
        raise PermissionDenied("您无权登记")
    form = InterferenceForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            (person, post), *_ = services.people_from_lines(
                request.user, data["unit"], f"{data['person']} {data['post']}"
            )
            record = services.record_interference(
                actor=request.user,
                unit=data["unit"],
                person=person,
                post=post,
                occurred_on=data["occurred_on"],
                description=data["description"],
                reported_on=data["reported_on"],
            )
            case = services.open_case_for_interference(actor=request.user, record=record)
        except CaseError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("accountability:detail", case_id=case.pk)
    heading = "记录违法干预（第十九条第一款第（八）项）"
    return render(
        request,
        "accountability/new.html",
        {"form": form, "heading": heading},
        status=400 if form.errors else 200,
    )


@login_required
def eligibility_page(request: HttpRequest, code: str) -> HttpResponse:
    person = access_person(request.user, code)
    on = timezone.localdate()
    raw = request.GET.get("on")
    if raw:
        try:
            on = dt.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, f"日期 {raw} 无法识别，已按今天计算。")
    visible = permissions.visible_cases(request.user)
    result = services.check_eligibility(person, on, cases=visible)
    subjects = (
        Subject.objects.filter(person=person, case__in=visible).select_related("case").order_by("-case__on")
    )
    return render(
        request,
        "accountability/eligibility.html",
        {
            "person": person,
            "on": on,
            "result": result,
            "subjects": subjects,
            "citations": [citation(c) for c in result.clauses],
        },
    )
