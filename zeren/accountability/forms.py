from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from zeren.common.widgets import IsoDateInput
from zeren.org.models import Unit

from .models import Case, Decision
from .selectors import FACT_LABELS

DATE = IsoDateInput()


class FactsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in FACT_LABELS.items():
            self.fields[key] = forms.BooleanField(label=label, required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="结论", choices=Decision.Outcome.choices)
    form = forms.ChoiceField(label="问责方式", required=False)
    sanction_grade = forms.ChoiceField(label="处分种类", required=False)
    leadership_responsibility = forms.BooleanField(
        label="对事故负有领导责任（第六十五条一票否决）", required=False
    )
    referral = forms.BooleanField(label="移送纪检监察机关", required=False)
    mitigation = forms.ChoiceField(
        label="从轻/减轻/从重",
        required=False,
        choices=[("", "—"), ("从轻", "从轻"), ("减轻", "减轻"), ("从重", "从重")],
    )
    organ = forms.ChoiceField(label="决定机关（第七十一条）")
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    reasoning = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))
    amends = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        forms_: list[tuple[str, str]],
        organs: list[tuple[str, str]],
        sanction_grades: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = [("", "—"), *forms_]
        cast(forms.ChoiceField, self.fields["sanction_grade"]).choices = [
            ("", "—"),
            *((g, g) for g in sanction_grades),
        ]
        cast(forms.ChoiceField, self.fields["organ"]).choices = organs


class CaseForm(forms.Form):
    trigger = forms.ChoiceField(
        label="问责情形",
        choices=[(t.value, t.label) for t in (Case.Trigger.DUTY_FAILURE, Case.Trigger.OBSTRUCTION)],
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="单位")
    on = forms.DateField(label="事实发生日期", widget=DATE)
    title = forms.CharField(label="案件名称", max_length=300)
    source_reference = forms.CharField(label="来源（巡查、督查文号等）", max_length=300, required=False)
    facts = forms.CharField(label="基本事实", widget=forms.Textarea(attrs={"rows": 3}))
    people = forms.CharField(
        label="问责对象（每行：人员编号 岗位标识）", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]


class InterferenceForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="单位")
    person = forms.CharField(label="干预人员编号", max_length=60)
    post = forms.CharField(label="时任岗位标识", max_length=100, required=False)
    occurred_on = forms.DateField(label="发生日期", widget=DATE)
    description = forms.CharField(label="干预情况", widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label="报告组织部门和纪检监察机关的日期", widget=DATE, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]
