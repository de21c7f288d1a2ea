"""Template helpers for citing clauses: every outcome on a page links to the clause that produced it."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from zeren.law import cite

register = template.Library()


@register.filter(name="cite")
def cite_filter(eid: str) -> str:
    """``art_61__para_1__point_3`` → ``第六十一条第一款第（三）项``."""
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


@register.simple_tag
def clause_link(eid: str, regulation_slug: str) -> str:
    """A link to the clause on the regulation page, labelled with its Chinese citation."""
    url = reverse("regulations:detail", args=[regulation_slug]) + f"#{eid}"
    return format_html('<a class="clause" href="{}" data-eid="{}">{}</a>', url, eid, cite_filter(eid))


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    """``{{ names|get_item:code }}``: a name for a code, or the code itself when unknown."""
    return mapping.get(key, key) if isinstance(mapping, dict) else key
