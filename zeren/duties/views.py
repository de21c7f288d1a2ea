"""Responsibility-list pages, kept thin: authorise with ``permissions.access_*``, read via selectors,
write via services. Published lists are public (art. 74); drafts and the live derivation need scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zeren.common.pagination import paginate_request
from zeren.org.models import Organisation, Post, Unit

from . import exports, permissions, selectors, services
from . import portal as reads
from .errors import ListError
from .models import ResponsibilityList


def portal(request: HttpRequest) -> HttpResponse:
    """Art. 74: the index of units with published lists; one unit's lists, or a title search, a page
    at a time (keyset on title); the index follows the results in its own pager."""
    code = request.GET.get("unit", "").strip()
    query = request.GET.get("q", "").strip()[:50]
    selected = Unit.objects.filter(code=code).first() if code else None
    if code and (selected is None or not reads.units_with_lists().filter(pk=selected.pk).exists()):
        raise Http404(f"单位 {code} 没有已公布的责任清单")
    units = paginate_request(
        request, reads.units_with_lists(), order=("path",), size=100, count_cap=None, prefix="units_"
    )
    counts = reads.list_counts(units.rows)
    rows = None
    if selected or query:
        rows = paginate_request(request, reads.published(unit=selected, query=query), order=reads.LIST_ORDER)
    context = {
        "units": [(u, counts.get(u.pk, 0)) for u in units],
        "units_page": units,
        "selected": selected,
        "query": query,
        "rows": rows,
    }
    labels = reads.portfolio_labels(rows.rows) if rows else {}
    for row in rows or []:
        row.portfolio = labels.get(row.post_id or 0, "")  # type: ignore[attr-defined]
    return render(request, "duties/portal.html", context)


def _owner_page(request: HttpRequest, owner: Post | Organisation) -> HttpResponse:
    can_read_drafts = permissions.can_read_drafts(request.user, owner)
    context: dict[str, Any] = {
        "owner": owner,
        "owner_kind": "post" if isinstance(owner, Post) else "organisation",
        "current": selectors.current_published(owner),
        "history": selectors.public_history(owner),
        "can_read_drafts": can_read_drafts,
        "can_manage": permissions.can_manage(request.user, owner),
    }
    if can_read_drafts:
        list_context = selectors.ListContext()
        derived = (
            list_context.derive_post(owner)
            if isinstance(owner, Post)
            else list_context.derive_organisation(owner)
        )
        draft = selectors.open_draft(owner)
        current = context["current"]
        context.update(
            derived=derived,
            draft=draft,
            derived_is_stored=any(
                row is not None and row.content_sha256 == derived.sha256 for row in (draft, current)
            ),
        )
    return render(request, "duties/owner.html", context)


def post_lists(request: HttpRequest, code: str) -> HttpResponse:
    return _owner_page(request, permissions.access_post_lists(request.user, code))


def organisation_lists(request: HttpRequest, code: str) -> HttpResponse:
    return _owner_page(request, permissions.access_organisation_lists(request.user, code))


def _after_build(request: HttpRequest, result: services.BuildResult) -> HttpResponse:
    if result.created:
        messages.success(request, f"已生成草稿 #{result.list.pk}，请审核后发布。")
    else:
        messages.info(request, f"清单内容未变化，沿用{result.list.label}。")
    return redirect("duties:detail", list_id=result.list.pk)


@login_required
@require_POST
def post_build_draft(request: HttpRequest, code: str) -> HttpResponse:
    post = permissions.access_post_lists(request.user, code, change=True)
    return _after_build(request, services.build_draft(actor=request.user, post=post))


@login_required
@require_POST
def organisation_build_draft(request: HttpRequest, code: str) -> HttpResponse:
    organisation = permissions.access_organisation_lists(request.user, code, change=True)
    return _after_build(request, services.build_draft(actor=request.user, organisation=organisation))


def list_detail(request: HttpRequest, list_id: int) -> HttpResponse:
    row = permissions.access_list(request.user, list_id)
    return render(
        request,
        "duties/list.html",
        {
            "row": row,
            "header": row.content["header"],
            "sections": row.content["sections"],
            "line_count": selectors.line_count(row.content),
            "can_publish": row.status == ResponsibilityList.Status.DRAFT
            and permissions.can_manage(request.user, row.owner),
        },
    )


@login_required
@require_POST
def list_publish(request: HttpRequest, list_id: int) -> HttpResponse:
    row = permissions.access_list(request.user, list_id, publish=True)
    try:
        published = services.publish_list(actor=request.user, draft=row)
    except ListError as exc:
        messages.error(request, exc.message)
        return redirect("duties:detail", list_id=row.pk)
    messages.success(request, f"已发布{published.label}。")
    return redirect("duties:detail", list_id=published.pk)


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or ""
    return response


def export_docx(request: HttpRequest, list_id: int) -> HttpResponse:
    row = permissions.access_list(request.user, list_id)
    return _attachment(exports.render_docx(row), exports.DOCX_TYPE, exports.filename(row, "docx"))


def export_pdf(request: HttpRequest, list_id: int) -> HttpResponse:
    row = permissions.access_list(request.user, list_id)
    return _attachment(exports.render_pdf(row), "application/pdf", exports.filename(row, "pdf"))
