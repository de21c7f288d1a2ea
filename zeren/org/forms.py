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
