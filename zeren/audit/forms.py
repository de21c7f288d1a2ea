from __future__ import annotations

from django import forms

from zeren.common.widgets import IsoDateInput

from .selectors import EventFilters


class EventFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.CharField(label="操作", required=False, max_length=100, help_text="前缀匹配，如 org.")
    object_type = forms.CharField(label="对象类型", required=False, max_length=100)
    object_id = forms.CharField(label="对象标识", required=False, max_length=255)
    date_from = forms.DateField(label="起始日期", required=False, widget=IsoDateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=IsoDateInput())

    def filters(self) -> EventFilters:
        if not self.is_valid():
            return EventFilters()
        data = self.cleaned_data
        return EventFilters(
            actor=data["actor"].strip(),
            action=data["action"].strip(),
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
