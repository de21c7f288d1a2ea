from __future__ import annotations

from typing import Any

from django import forms

from zeren.common.widgets import IsoDateInput

from .evidence import MAX_EVIDENCE_BYTES

DATE = IsoDateInput()


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期", widget=DATE)
    presided_by = forms.CharField(label="主持人", max_length=100)
    attendees = forms.CharField(label="参会人员", widget=forms.Textarea(attrs={"rows": 2}))
    minutes_summary = forms.CharField(label="会议纪要摘要", widget=forms.Textarea(attrs={"rows": 4}))
    complete_now = forms.BooleanField(
        label="以此会议记录办结该事项",
        required=False,
        initial=False,
        help_text="如需上传会议纪要扫描件，可先登记、上传后再确认完成；办结后仍可补传会议纪要。",
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label="文件",
        help_text=f"PDF、JPG、PNG、DOC、DOCX、XLS、XLSX，不超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB",
    )
    effective_date = forms.DateField(label="佐证日期（文件形成日期）", widget=DATE)


class CompleteForm(forms.Form):
    evidence = forms.IntegerField(label="佐证材料", required=False)


class WaiveForm(forms.Form):
    reason = forms.CharField(label="豁免理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_reason(self) -> Any:
        return (self.cleaned_data.get("reason") or "").strip()
