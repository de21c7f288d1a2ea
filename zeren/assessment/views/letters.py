"""Pages: the year's target responsibility letters (art. 55 para 1) — list, detail, targets, signing, files.

Thin views: load and authorise through ``letters.access_letter`` (out of scope → 404), refuse writes to
anyone but the committee office (403), call one service, render. The signed copy is served only here,
as an attachment (``zeren.common.attachments``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zeren.common.attachments import attachment_response
from zeren.common.pagination import paginate_request
from zeren.common.widgets import IsoDateInput

from .. import letters, letters_docx
from ..errors import AssessmentError
from ..models import ResponsibilityLetter


class TargetsForm(forms.Form):
    accidents_max = forms.IntegerField(label="事故起数上限", min_value=0)
    deaths_max = forms.IntegerField(label="死亡人数上限", min_value=0)


class SignForm(forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=IsoDateInput())
    file = forms.FileField(label="签字盖章扫描件")


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def _office_only(request: HttpRequest) -> None:
    if not letters.can_write(request.user):
        raise PermissionDenied("只有地区安委办管理员可以生成、调整和登记目标管理责任书")


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    visible = letters.visible_letters(request.user)
    years = sorted(set(visible.order_by().values_list("year", flat=True).distinct()) | {year}, reverse=True)
    of_year = visible.filter(year=year)
    page = paginate_request(request, of_year, order=letters.LETTER_ORDER)
    names = letters.group_names(sorted({r.pack.pack_id for r in page}))
    context = {
        "year": year,
        "years": years,
        "page": page,
        "rows": [{"letter": r, "group": names.get(r.group, r.group)} for r in page],
        "office": letters.can_write(request.user),
        "signed": of_year.filter(status=ResponsibilityLetter.Status.SIGNED).count(),
    }
    return render(request, "assessment/letters.html", context)


@login_required
@require_POST
def letter_generate(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    year = _year(request)
    try:
        result = letters.generate_letters(actor=request.user, year=year)
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"新生成{len(result.created)}份，已有{result.existing}份未改动。")
    return redirect(f"{reverse('assessment:letters')}?year={year}")


def _detail(
    request: HttpRequest, letter: ResponsibilityLetter, status: int = 200, **extra: Any
) -> HttpResponse:
    office = letters.can_write(request.user)
    draft = letter.status == ResponsibilityLetter.Status.DRAFT
    context = {
        "letter": letter,
        "text": letters_docx.letter_text(letter),
        "office": office,
        "editable": office and draft,
        "targets_form": extra.get("targets_form")
        or TargetsForm(initial={k: letter.targets.get(k) for k in ("accidents_max", "deaths_max")}),
        "sign_form": extra.get("sign_form") or SignForm(initial={"signed_on": timezone.localdate()}),
    }
    return render(request, "assessment/letter.html", context, status=status)


@login_required
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    return _detail(request, letters.access_letter(request.user, letter_id))


@login_required
@require_POST
def letter_targets(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letters.access_letter(request.user, letter_id)
    _office_only(request)
    form = TargetsForm(request.POST)
    if form.is_valid():
        try:
            letters.set_targets(actor=request.user, letter=letter, **form.cleaned_data)
        except letters.LetterError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已调整控制指标。")
            return redirect("assessment:letter", letter.pk)
    return _detail(request, letter, status=400, targets_form=form)


@login_required
@require_POST
def letter_sign(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letters.access_letter(request.user, letter_id)
    _office_only(request)
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            letters.record_signed(
                actor=request.user,
                letter=letter,
                signed_on=form.cleaned_data["signed_on"],
                upload=form.cleaned_data["file"],
            )
        except letters.LetterError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记签订，责任书不再修改。")
            return redirect("assessment:letter", letter.pk)
    return _detail(request, letter, status=400, sign_form=form)


@login_required
def letter_docx(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letters.access_letter(request.user, letter_id)
    response = HttpResponse(letters_docx.render_docx(letter), content_type=letters_docx.DOCX_TYPE)
    disposition = content_disposition_header(as_attachment=True, filename=letters_docx.filename(letter))
    response["Content-Disposition"] = disposition or ""
    return response


@login_required
def letter_copy(request: HttpRequest, letter_id: int) -> FileResponse:
    """The signed scan: always an attachment with its checked type, only to those who may see the letter."""
    letter = letters.access_letter(request.user, letter_id)
    if not letter.signed_copy:
        raise Http404("该责任书尚未登记签字盖章扫描件")
    return attachment_response(
        letter.signed_copy,
        filename=letter.signed_copy_name or f"{letter.signed_copy_sha256}{letter.signed_copy_extension}",
        content_type=letters.content_type(letter),
    )
