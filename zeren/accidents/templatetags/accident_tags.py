"""Template helpers for accident and case pages: citations from the regulation and from second sources.

``linked_clause`` is the one way a clause is shown on a page (``zeren_tags`` ``clause`` filter uses it too):
the citation people read, linked to the regulation page by the clause id."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zeren.accidents.rules import citation as _citation
from zeren.law import cite

register = template.Library()


def _regulation_slug() -> str:
    return str(settings.ZEREN_DEFAULT_PACK).replace("_", "-")  # the pack's regulation (catalog services)


def linked_clause(eid: object, people: str | None = None) -> SafeString:
    """``people`` (default: the clause's citation) linked to the pack regulation's page by the clause id; a
    second source's clause (``493:art_9``) is named with its title in a span carrying the id."""
    text = "" if eid is None else str(eid)
    if not text:
        return format_html("")
    if ":" in text:
        return format_html('<span class="clause" data-eid="{}">{}</span>', text, people or _citation(text))
    try:
        cited = cite(text)
    except (ValueError, KeyError):  # not a clause id: shown as given
        return format_html("{}", text)
    shown = people or cited
    url = reverse("regulations:detail", args=[_regulation_slug()]) + f"#{text}"
    return format_html('<a class="clause" href="{}" data-eid="{}">{}</a>', url, text, shown)


@register.filter
def citation(eid: str) -> SafeString:
    """``493:art_13`` → 《生产安全事故报告和调查处理条例》第十三条; ``art_15`` → 《办法》第十五条,
    linked to the clause by its id (``linked_clause``)."""
    return linked_clause(eid, _citation(eid))


@register.filter
def yuan(value: int) -> str:
    """12000000 → 1,200万元; small amounts in 元."""
    if value >= 10000 and value % 100 == 0:
        return f"{Decimal(value) / 10000:,.2f}".rstrip("0").rstrip(".") + "万元"  # money: never float
    return f"{value:,}元"
