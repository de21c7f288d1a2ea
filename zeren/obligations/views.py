"""Obligation pages, kept thin: authorise (``permissions.access_*``), read (selectors), write (services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zeren.common.attachments import attachment_response
from zeren.common.pagination import paginate_request
from zeren.org.permissions import access_unit
from zeren.org.selectors import holders_of

from . import overview as county_overview
from . import permissions, selectors, services
from .errors import ObligationError
from .feeds import render_calendar, user_for_feed_token
from .forms import CompleteForm, FileForm, MeetingForm, WaiveForm
from .models import CalendarFeedToken, Evidence, Notice, Occurrence
from .reminders import mark_read
from .tallies import Counted


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


PAGE_SIZE, OVERDUE_PAGE_SIZE = 50, 20


def _page(request: HttpRequest, template: str, qs: Any, counted: Counted, **context: Any) -> HttpResponse:
    """The year's items a page at a time (keyset on due date), the overdue ones in their own pager; the
    rate from ``counted`` (the same items' tallies: a few rows whatever the year holds)."""
    year = _year(request)
    today = timezone.localdate()
    window = selectors.due_soon_days()
    year_qs = qs.filter(year=year)
    rows = selectors.with_status(year_qs, today, window)
    status = request.GET.get("status", "")
    if status in selectors.STATUSES:
        rows = selectors.filter_status(rows, status, today, window)
    overdue = selectors.filter_status(selectors.with_status(qs, today, window), "overdue", today, window)
    order = selectors.LIST_ORDER
    context.update(
        year=year,
        today=today,
        status=status,
        statuses=[(s, selectors.LABELS[s]) for s in selectors.STATUSES],
        labels=selectors.LABELS,
        rows=paginate_request(request, selectors.listing(rows), order=order, size=PAGE_SIZE),
        rate=selectors.counted_rate(counted, year, today),
        overdue=paginate_request(
            request, selectors.listing(overdue), order=order, size=OVERDUE_PAGE_SIZE, prefix="overdue_"
        ),
    )
    return render(request, template, context)


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    visible = permissions.visible_occurrences(request.user)
    return _page(
        request,
        "obligations/list.html",
        selectors.my_items(request.user, visible),
        selectors.my_counts(request.user),
        title="我的履职事项",
    )


@login_required
def post_items(request: HttpRequest, code: str) -> HttpResponse:
    post = permissions.access_post_items(request.user, code)
    qs = permissions.visible_occurrences(request.user).filter(post=post)
    return _page(
        request, "obligations/list.html", qs, Counted.of_rows(qs), title=f"{post.title} · 履职事项", post=post
    )


@login_required
def unit_items(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    qs = permissions.visible_occurrences(request.user).filter(unit=unit)
    counted = permissions.unit_counts(request.user, unit)
    return _page(request, "obligations/list.html", qs, counted, title=f"{unit.name} · 履职事项", unit=unit)


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 190, 420


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The committee office's side-by-side view, a page of county-level units at a time (lowest completion
    first unless asked otherwise): the totals, a table and a server-rendered SVG bar chart of the page."""
    if not permissions.can_see_overview(request.user):
        raise PermissionDenied("只有安委办和审阅人可以查看全部单位对比")
    year, today = _year(request), timezone.localdate()
    sort = request.GET.get("sort", "")
    sort = sort if sort in county_overview.SORTS else county_overview.DEFAULT_SORT
    q = request.GET.get("q", "").strip()[:30]
    # One row per county-level unit (its townships and zones counted in) and one for the prefecture's bodies.
    result = county_overview.county_overview(
        permissions.visible_counts(request.user),
        year,
        today,
        sort=sort,
        q=q,
        number=county_overview.page_number(request.GET.get("page")),
        query=county_overview.request_query(request, "page"),
    )
    bars = []
    for index, (unit, rate) in enumerate(result.page.rows):
        percent = rate.percent or 0
        bars.append(
            {
                "unit": unit,
                "rate": rate,
                "rank": result.page.start + index,
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT - 6,
                "width": round(CHART_WIDTH * percent / 100),
                "value_x": LABEL_WIDTH + round(CHART_WIDTH * percent / 100) + 6,
            }
        )
    return render(
        request,
        "obligations/overview.html",
        {
            "year": year,
            "today": today,
            "sort": sort,
            "sorts": list(county_overview.SORTS.items()),
            "q": q,
            "overview": result,
            "page": result.page,
            "bars": bars,
            "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT,
            "svg_width": LABEL_WIDTH + CHART_WIDTH + 60,
            "svg_height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        },
    )


def _holder_name(post: Any, on: dt.date) -> str:
    """The name of whoever holds the post on ``on`` (主持人 prefilled with the post's holder)."""
    tenure = holders_of(post, on).first()
    return tenure.person.name if tenure else ""


def _detail(request: HttpRequest, occurrence: Occurrence, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    annotated = selectors.with_status(Occurrence.objects.filter(pk=occurrence.pk), today).get()
    context = {
        "o": occurrence,
        "current_status": annotated.current_status,  # type: ignore[attr-defined]
        "labels": selectors.LABELS,
        "evidence": occurrence.evidence.order_by("uploaded_at"),
        "can_record": occurrence.is_terminal is False and permissions.can(user, occurrence, "record"),
        # minutes can still be attached to an item closed with its meeting record
        "can_attach": occurrence.status != Occurrence.Stored.WAIVED
        and permissions.can(user, occurrence, "record"),
        "can_complete": occurrence.is_terminal is False and permissions.can(user, occurrence, "complete"),
        "can_waive": occurrence.is_terminal is False and permissions.can(user, occurrence, "waive"),
        "meeting_form": forms.get("meeting_form")
        or MeetingForm(initial={"held_on": today, "presided_by": _holder_name(occurrence.post, today)}),
        "file_form": forms.get("file_form") or FileForm(initial={"effective_date": today}),
        "waive_form": forms.get("waive_form") or WaiveForm(),
    }
    return render(request, "obligations/detail.html", context, status=status)


@login_required
def occurrence_detail(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    return _detail(request, permissions.access_occurrence(request.user, occurrence_id))


@login_required
@require_POST
def record_meeting(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = permissions.access_occurrence(request.user, occurrence_id, action="record")
    form = MeetingForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            _, closed = services.record_meeting_and_maybe_complete(
                actor=request.user, occurrence=occurrence, complete_now=bool(data.pop("complete_now")), **data
            )
        except ObligationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记会议记录并办结。" if closed else "已登记会议记录。")
            return redirect("obligations:detail", occurrence_id=occurrence.pk)
    return _detail(request, occurrence, status=400, meeting_form=form)


@login_required
@require_POST
def attach_file(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = permissions.access_occurrence(request.user, occurrence_id, action="record")
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(
                actor=request.user,
                occurrence=occurrence,
                upload=form.cleaned_data["file"],
                effective_date=form.cleaned_data["effective_date"],
            )
        except ObligationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已上传佐证文件。")
            return redirect("obligations:detail", occurrence_id=occurrence.pk)
    return _detail(request, occurrence, status=400, file_form=form)


@login_required
@require_POST
def complete(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = permissions.access_occurrence(request.user, occurrence_id, action="complete")
    form = CompleteForm(request.POST)
    evidence_id = form.cleaned_data.get("evidence") if form.is_valid() else None
    evidence = occurrence.evidence.filter(pk=evidence_id).first() if evidence_id else None
    try:
        services.complete(actor=request.user, occurrence=occurrence, evidence=evidence)
    except ObligationError as exc:
        messages.error(request, exc.message)
        return _detail(request, occurrence, status=400)
    messages.success(request, "已确认完成。")
    return redirect("obligations:detail", occurrence_id=occurrence.pk)


@login_required
@require_POST
def waive(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = permissions.access_occurrence(request.user, occurrence_id, action="waive")
    form = WaiveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.waive(actor=request.user, occurrence=occurrence, reason=reason)
    except ObligationError as exc:
        form.add_error(None, exc.message)
        return _detail(request, occurrence, status=400, waive_form=form)
    messages.success(request, "已豁免。")
    return redirect("obligations:detail", occurrence_id=occurrence.pk)


@login_required
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Always an attachment, with the checked type and nosniff: never rendered inline by the browser."""
    evidence = permissions.access_evidence(request.user, evidence_id)
    if evidence.kind != Evidence.Kind.FILE or not evidence.file:
        raise Http404("该佐证没有文件")
    return attachment_response(
        evidence.file,
        filename=evidence.original_name or f"{evidence.sha256}{evidence.extension}",
        content_type=evidence.content_type,
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        mark_read(user=request.user)
        return redirect("obligations:inbox")
    user: Any = request.user
    notices = paginate_request(  # newest first, a page at a time; unread ones are marked
        request,
        Notice.objects.filter(user=user).select_related(
            "occurrence__post", "occurrence__obligation", "occurrence__unit"
        ),
        order=("-created_at", "-pk"),
    )
    # What is overdue or due soon now, whether or not the reminder job has run since.
    attention = selectors.attention(selectors.my_items(user, permissions.visible_occurrences(user)), limit=20)
    return render(request, "obligations/inbox.html", {"notices": notices, "attention": attention})


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the user's own items, last year to next year. Unknown or revoked tokens are 404."""
    user = user_for_feed_token(token)
    if user is None:
        raise Http404("订阅地址无效或已撤销")
    year = timezone.localdate().year
    visible = permissions.visible_occurrences(user)
    rows = selectors.with_status(
        selectors.my_items(user, visible).filter(year__gte=year - 1, year__lte=year + 1)
    ).select_related("post", "obligation")
    body = render_calendar(
        rows, base_url=request.build_absolute_uri("/").rstrip("/"), status_labels=selectors.LABELS
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def feed_tokens(request: HttpRequest) -> HttpResponse:
    new_url = ""
    user: Any = request.user  # signed in (login_required): a User, which request.user's type does not say
    if request.method == "POST":
        issued = services.issue_feed_token(actor=request.user, user=user)
        new_url = request.build_absolute_uri(f"/obligations/ical/{issued.token}.ics")
    tokens = CalendarFeedToken.objects.filter(user=user).order_by("-created_at")
    return render(request, "obligations/feed.html", {"tokens": tokens, "new_url": new_url})


@login_required
@require_POST
def revoke_feed(request: HttpRequest, token_id: int) -> HttpResponse:
    user: Any = request.user
    record = CalendarFeedToken.objects.filter(pk=token_id, user=user).first()
    if record is None:
        raise Http404("没有该订阅地址")
    services.revoke_feed_token(actor=request.user, record=record)
    messages.success(request, "已撤销订阅地址。")
    return redirect("obligations:feed")
