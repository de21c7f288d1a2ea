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
