"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO form (2026-12-03), the only form the browser accepts;
    the zh-Hans default input format (2026/12/03) would leave the field empty or rejected."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
