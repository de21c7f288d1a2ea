"""Cases shown on other apps' pages, through this app's permission policy.

The accident page lists the cases opened about the accident that the reader may see; the accidents app
sits below this one, so it asks through a template tag instead of importing the policy.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import QuerySet

from zeren.accountability.models import Case
from zeren.accountability.permissions import visible_cases

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_cases_of_accident(context: dict[str, Any], accident: Any) -> QuerySet[Case]:
    return visible_cases(context["request"].user).filter(accident=accident).order_by("pk")
