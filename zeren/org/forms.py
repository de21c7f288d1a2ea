from __future__ import annotations

from typing import Any, cast

from django import forms

from zeren.common.widgets import IsoDateInput

from .models import Organisation, Unit


class PortfolioForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="分管机构"
    )
    sector_code = forms.ChoiceField(required=False, label="分管行业（领域）")
    start = forms.DateField(label="开始日期", widget=IsoDateInput())

    def __init__(self, *args: Any, unit: Unit, sectors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = cast(forms.ModelChoiceField, self.fields["organisation"])  # type: ignore[type-arg]
        organisation_field.queryset = Organisation.objects.filter(unit=unit, end__isnull=True).order_by(
            "name"
        )
        cast(forms.ChoiceField, self.fields["sector_code"]).choices = [("", "—"), *sectors]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not data.get("sector_code"):
            raise forms.ValidationError("请选择分管的机构或行业（领域）。")
        return data


class EndPortfolioForm(forms.Form):
    end = forms.DateField(label="结束日期", widget=IsoDateInput())


class SpecialFundForm(forms.Form):
    """The office enters a unit's budgeted special fund for a year (art. 14 para 1 point 4)."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="单位")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    amount_yuan = forms.IntegerField(label="预算金额（元）", min_value=0)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units  # type: ignore[type-arg]


class SafetyStaffingForm(forms.Form):
    """The office enters a department's safety body and staff (art. 17 para 1 point 5)."""

    organisation = forms.SlugField(label="机构标识", max_length=80, help_text="见上表“单位、机构或岗位”一列")
    safety_body = forms.CharField(
        label="安全生产工作机构",
        max_length=100,
        required=False,
        help_text="安全生产监管机构或明确负责安全生产工作的内设机构",
    )
    safety_staff = forms.IntegerField(
        label="安全生产工作人员（名）", min_value=0, max_value=10000, required=False
    )

    def clean_organisation(self) -> Organisation:
        code = self.cleaned_data["organisation"]
        organisation = Organisation.objects.select_related("unit").filter(code=code).first()
        if organisation is None:
            raise forms.ValidationError(f"没有标识为“{code}”的机构。")
        return organisation
