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
        involvable: QuerySet[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]
        _involved_fields(self, sectors, involvable if involvable is not None else Unit.objects.none())
        # no default sector: the clerk must choose (a preselected first sector was registered by mistake)
        cast(forms.ChoiceField, self.fields["sector_code"]).choices = [
            ("", "——请选择行业（领域）——"),
            *sectors,
        ]
        cast(forms.ChoiceField, self.fields["accident_type"]).choices = [
            ("", "（按行业推定）"),
            *(types or []),
        ]


ALSO_SECTORS_HELP = "事故同时涉及的其他行业（领域），如校车事故另选校车；可多选（按住 Ctrl 键点选）"
ALSO_UNITS_HELP = (
    "车辆登记地、企业许可地等其他涉事的县（市）、乡镇（街道）或功能区，其岗位列入责任链条；"
    "只能选择您有权查看的单位，其他县市请地区安委办添加；可多选"
)


def _involved_fields(form: forms.Form, sectors: list[tuple[str, str]], involvable: QuerySet[Unit]) -> None:
    """The two multi-selects of the involved sectors and units (Chinese labels; the units in the
    user's scope, from ``permissions.involvable_units``)."""
    form.fields["also_sectors"] = forms.MultipleChoiceField(
        label="其他涉及的行业（领域）",
        choices=sectors,
        required=False,
        help_text=ALSO_SECTORS_HELP,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    form.fields["also_units"] = forms.ModelMultipleChoiceField(
        label="其他涉事单位",
        queryset=involvable,
        required=False,
        help_text=ALSO_UNITS_HELP,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class InvolvedForm(forms.Form):
    """Change the further sectors and other involved units of a registered accident."""

    def __init__(
        self, *args: Any, sectors: list[tuple[str, str]], involvable: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _involved_fields(self, sectors, involvable)


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
