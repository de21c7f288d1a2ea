"""Downloads: the office workbook of a run and the public notice of a published run (art. 59)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import exports, permissions
from ..models import AssessmentRun


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    return response


@require_GET
def workbook(request: HttpRequest, run_id: int) -> HttpResponse:
    """Office only (drafts too): it names principals and their shares."""
    if not permissions.is_office(request.user):
        raise Http404("没有该考核运行")
    run = permissions.access_run(request.user, run_id)
    return _download(exports.render_workbook(run), exports.XLSX_TYPE, exports.workbook_filename(run))


def _published(run_id: int) -> AssessmentRun:
    run = (
        AssessmentRun.objects.select_related("pack")
        .filter(pk=run_id, status=AssessmentRun.Status.PUBLISHED)
        .first()
    )
    if run is None:
        raise Http404("该考核结果尚未公布")
    return run


@require_GET
def notice_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _published(run_id)
    return _download(exports.render_notice_xlsx(run), exports.XLSX_TYPE, exports.notice_filename(run, "xlsx"))


@require_GET
def notice_docx(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _published(run_id)
    return _download(exports.render_notice_docx(run), exports.DOCX_TYPE, exports.notice_filename(run, "docx"))
