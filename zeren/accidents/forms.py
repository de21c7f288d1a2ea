from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from zeren.org.models import Unit

from .figures import form_field as figure
from .models import ReportingFinding, ReportStep

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AccidentForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="事故发生地（县市、乡镇或功能区）")
    sector_code = forms.ChoiceField(label="行业（领域）")
    accident_type = forms.ChoiceField(
        label="事故类别",
        required=False,
        help_text="道路交通事故、火灾事故的补报期限为7日（493号令第十三条），不论行业；不选则按行业推定",
    )
    occurred_at = forms.DateTimeField(label="发生时间", widget=DATETIME)
    enterprise = forms.CharField(label="事故单位", max_length=200)
    place = forms.CharField(label="地点", max_length=200, required=False)
    deaths = figure("deaths", "死亡（人）", initial=0)
    serious_injuries = figure("serious_injuries", "重伤（含急性工业中毒，人）", initial=0)
    missing = figure("missing", "失踪（人）", initial=0)
    direct_loss_yuan = figure("direct_loss_yuan", "直接经济损失（元）", initial=0)
    description = forms.CharField(label="事故简要经过", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        sectors: list[tuple[str, str]],
        types: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]
        # no default sector: the clerk must choose (a preselected first sector was registered by mistake)
        cast(forms.ChoiceField, self.fields["sector_code"]).choices = [
            ("", "——请选择行业（领域）——"),
            *sectors,
        ]
        cast(forms.ChoiceField, self.fields["accident_type"]).choices = [
            ("", "（按行业推定）"),
            *(types or []),
        ]


class RevisionForm(forms.Form):
    deaths = figure("deaths", "死亡（人）")
    serious_injuries = figure("serious_injuries", "重伤（人）")
    missing = figure("missing", "失踪（人）")
    direct_loss_yuan = figure("direct_loss_yuan", "直接经济损失（元）")
    note = forms.CharField(label="补报说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StepForm(forms.Form):
    kind = forms.ChoiceField(label="环节", choices=ReportStep.Kind.choices)
    level = forms.ChoiceField(label="接报层级（逐级上报）", required=False)
    at = forms.DateTimeField(label="时间", widget=DATETIME)
    recipient = forms.CharField(label="接报单位", max_length=200, required=False)
    note = forms.CharField(label="说明", required=False)

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", "—"), *levels]


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="情形", choices=ReportingFinding.Kind.choices)
    basis = forms.CharField(label="事实依据", widget=forms.Textarea(attrs={"rows": 2}))
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
