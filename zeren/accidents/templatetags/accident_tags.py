"""Template helpers for accident and case pages: citations from the regulation and from second sources."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from zeren.accidents.rules import citation as _citation
from zeren.web.templatetags.zeren_tags import linked_clause

register = template.Library()


@register.filter
def citation(eid: str) -> SafeString:
    """``493:art_13`` → 《生产安全事故报告和调查处理条例》第十三条; ``art_15`` → 《办法》第十五条,
    linked to the clause by its id (``zeren_tags.linked_clause``)."""
    return linked_clause(eid, _citation(eid))


@register.filter
def yuan(value: int) -> str:
    """12000000 → 1,200万元; small amounts in 元."""
    if value >= 10000 and value % 100 == 0:
        return f"{Decimal(value) / 10000:,.2f}".rstrip("0").rstrip(".") + "万元"  # money: never float
    return f"{value:,}元"
