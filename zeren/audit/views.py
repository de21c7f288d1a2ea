"""Audit trail pages: the event list with filters, and one event with its before/after diff."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zeren.common.charts import ChartSpec, chart
from zeren.common.pagination import paginate_request

from . import selectors
from .forms import EventFilterForm
from .models import AuditEvent

PAGE_SIZE = 50


def event_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = EventFilterForm(request.GET or None)
    events = selectors.audit_events(request.user, form.filters())
    page = paginate_request(request, events, order=("-seq",), size=PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "head": selectors.chain_head(request.user),
        "chart": _per_day_chart(events),
    }
    return render(request, "audit/event_list.html", context)


def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = selectors.access_event(request.user, seq)
    return render(request, "audit/event_detail.html", {"event": event, "diff": selectors.event_diff(event)})


def _per_day_chart(events: QuerySet[AuditEvent]) -> ChartSpec:
    per_day = selectors.events_per_day(events)
    return chart(
        "audit-per-day",
        "近30日每日审计事件数（按当前筛选条件）",
        "bar",
        [f"{day:%m-%d}" for day, _ in per_day],
        [("事件数", [n for _, n in per_day])],
        unit="条",
        empty="近30日没有符合条件的审计事件",
    )
