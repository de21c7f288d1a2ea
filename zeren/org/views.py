"""Org pages, kept thin: authorise with ``permissions.access_*``, read via selectors, write via services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.accounts.scope import scope_paths
from zeren.catalog.selectors import current_regulation_slug, sector_choices, sector_names
from zeren.common.pagination import paginate_request

from . import permissions, selectors, services
from .errors import OrgError
from .forms import EndPortfolioForm, PortfolioForm
from .models import Organisation, Post, Tenure, Unit


def _on(request: HttpRequest) -> dt.date:
    raw = request.GET.get("on")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, f"日期 {raw} 无法识别，已显示今天的情况。")
    return timezone.localdate()


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The visible units in tree (path) order, 100 at a time; indented from the user's top scope."""
    page = paginate_request(request, permissions.visible_units(request.user), order=("path",), size=100)
    top = min((p.count("/") for p in scope_paths(request.user, permissions.VIEW_ROLES)), default=0)
    rows = [(u, u.depth - top) for u in page]
    return render(request, "org/tree.html", {"rows": rows, "page": page})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = permissions.access_unit(request.user, code)
    on = _on(request)
    q = request.GET.get("q", "")
    posts = paginate_request(
        request, selectors.unit_posts(unit, q=q), order=selectors.POST_ORDER, prefix="post_"
    )
    holders = selectors.current_holders(posts.rows, on)
    groups: dict[int, tuple[Organisation, list[tuple[Post, list[Tenure]]]]] = {}
    for post in posts:  # this page's posts, grouped under their organisation
        groups.setdefault(post.organisation_id, (post.organisation, []))[1].append(
            (post, holders.get(post.pk, []))
        )
    return render(
        request,
        "org/unit.html",
        {
            "unit": unit,
            "on": on,
            "q": q,
            "principals": selectors.principals_of(unit, on),
            "organisations": list(groups.values()),
            "empty_organisations": (
                [] if posts.has_previous else selectors.organisations_without_posts(unit, q=q)
            ),
            "posts": posts,
            "children": paginate_request(
                request, Unit.objects.filter(parent=unit), order=("path",), size=100, prefix="child_"
            ),
            "can_change": permissions.can_change_unit(request.user, unit),
            "parent_visible": unit.parent is not None
            and permissions.can_view_unit(request.user, unit.parent),
        },
    )


@login_required
def unit_portfolios(request: HttpRequest, code: str) -> HttpResponse:
    """分管一览: who oversees which departments and sectors in the unit on a date."""
    unit = permissions.access_unit(request.user, code)
    on = _on(request)
    return render(
        request,
        "org/portfolios.html",
        {
            "unit": unit,
            "on": on,
            "portfolios": paginate_request(
                request, selectors.portfolios_in(unit, on), order=("post__title", "post", "pk")
            ),
            "sector_names": sector_names(),
            "reg": current_regulation_slug(),
        },
    )


def _post_context(request: HttpRequest, post: Post, form: PortfolioForm | None = None) -> dict[str, object]:
    can_change = permissions.can_change_unit(request.user, post.unit)
    return {
        "post": post,
        "tenures": post.tenures.select_related("person").order_by("-start"),
        "portfolios": post.portfolios.select_related("organisation").order_by("-start"),
        "can_change": can_change,
        "form": form or (PortfolioForm(unit=post.unit, sectors=sector_choices()) if can_change else None),
        "end_form": EndPortfolioForm(),
        "sector_names": sector_names(),
    }


@login_required
def post_detail(request: HttpRequest, code: str) -> HttpResponse:
    post = permissions.access_post(request.user, code)
    return render(request, "org/post.html", _post_context(request, post))


@login_required
@require_POST
def post_add_portfolio(request: HttpRequest, code: str) -> HttpResponse:
    post = permissions.access_post(request.user, code, change=True)
    form = PortfolioForm(request.POST, unit=post.unit, sectors=sector_choices())
    if form.is_valid():
        try:
            services.assign_portfolio(
                actor=request.user,
                post=post,
                organisation=form.cleaned_data["organisation"],
                sector_code=form.cleaned_data["sector_code"] or "",
                start=form.cleaned_data["start"],
            )
        except OrgError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "已添加分管。")
            return redirect("org:post", code=post.code)
    return render(request, "org/post.html", _post_context(request, post, form), status=400)


@login_required
@require_POST
def portfolio_end(request: HttpRequest, portfolio_id: int) -> HttpResponse:
    portfolio = permissions.access_portfolio(request.user, portfolio_id)
    form = EndPortfolioForm(request.POST)
    if form.is_valid():
        try:
            services.end_portfolio(actor=request.user, portfolio=portfolio, end=form.cleaned_data["end"])
        except OrgError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已结束分管。")
    else:
        messages.error(request, "请填写有效的结束日期。")
    return redirect("org:post", code=portfolio.post.code)


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = permissions.access_person(request.user, code)
    return render(request, "org/person.html", {"person": person, "tenures": selectors.posts_held_by(person)})


@login_required
def reorganisations(request: HttpRequest) -> HttpResponse:
    successions = paginate_request(
        request, permissions.visible_successions(request.user), order=selectors.SUCCESSION_ORDER
    )
    return render(request, "org/reorganisations.html", {"successions": successions})


@login_required
def org_checks(request: HttpRequest) -> HttpResponse:
    """The committee office's page: structural findings with their clauses, the special-fund form and the
    departments' safety body and staff form (art. 17 para 1 point 5)."""
    from django.core.exceptions import PermissionDenied

    from zeren.catalog.packs import current_pack

    from .checks import can_record_fund, org_findings, record_safety_staffing, record_special_fund
    from .forms import SafetyStaffingForm, SpecialFundForm

    if not can_record_fund(request.user):
        raise PermissionDenied("只有地区安委办管理员可以查看组织设置检查")
    on = _on(request)
    units = Unit.objects.filter(level__in=[Unit.Level.PREFECTURE, Unit.Level.COUNTY]).order_by("path")
    posted = request.POST.get("form", "fund") if request.method == "POST" else None
    form = SpecialFundForm(request.POST if posted == "fund" else None, units=units, initial={"year": on.year})
    staffing = SafetyStaffingForm(request.POST if posted == "staffing" else None)
    if posted == "fund" and form.is_valid():
        data = form.cleaned_data
        record_special_fund(
            actor=request.user, unit=data["unit"], year=data["year"], amount_yuan=data["amount_yuan"],
            note=data["note"],
        )  # fmt: skip
        messages.success(request, f"已登记{data['unit'].name}{data['year']}年度安全生产专项资金预算。")
        return redirect("org:checks")
    if posted == "staffing" and staffing.is_valid():
        data = staffing.cleaned_data
        organisation = record_safety_staffing(
            actor=request.user, organisation=data["organisation"], safety_body=data["safety_body"],
            safety_staff=data["safety_staff"],
        )  # fmt: skip
        messages.success(request, f"已登记{organisation.name}安全生产工作机构和人员。")
        return redirect("org:checks")
    pack = current_pack(on=on)
    context = {
        "on": on,
        "findings": org_findings(pack, on=on),
        "form": form,
        "staffing": staffing,
        "regulation_slug": current_regulation_slug(),
    }
    return render(request, "org/checks.html", context, status=400 if posted else 200)
