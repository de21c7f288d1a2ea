"""Forms for the supervision pages (parsing only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zeren.common.widgets import IsoDateInput
from zeren.org.models import Organisation, Unit

from .models import ChecklistItem, Finding, Plan, PlanMember

DATE = IsoDateInput()


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Plan.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    organiser = forms.ModelChoiceField(label="组织单位", queryset=Unit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    start = forms.DateField(label="开始日期", widget=DATE)
    end = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = units  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    unit = forms.CharField(label="单位标识", max_length=60)
    organisation = forms.CharField(
        label="机构标识（可空：检查该单位党委政府）", max_length=80, required=False
    )


class MemberForm(forms.Form):
    username = forms.CharField(label="账户", max_length=150)
    role = forms.ChoiceField(label="职责", choices=PlanMember.Role.choices)

    def clean_username(self) -> Any:
        user = get_user_model().objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError("没有该账户")
        return user


class MarkForm(forms.Form):
    result = forms.ChoiceField(
        label="结果",
        choices=[c for c in ChecklistItem.Result.choices if c[0] != ChecklistItem.Result.PENDING],
    )
    note = forms.CharField(label="检查记录", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    file = forms.FileField(label="附件", required=False)


class FindingForm(forms.Form):
    checklist_item = forms.IntegerField(label="检查项序号", required=False, widget=forms.HiddenInput)
    severity = forms.ChoiceField(label="性质", choices=Finding.Severity.choices)
    clause = forms.CharField(
        label="违反条款（如 art_16__para_1__point_2；可空：取检查项条款）", required=False
    )
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label="整改责任单位", queryset=Organisation.objects.none())
    deadline = forms.DateField(label="整改期限", widget=DATE)
    measures = forms.CharField(label="整改措施要求", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    text = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="佐证附件", required=False)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="复查意见（退回时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
