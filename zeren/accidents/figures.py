"""Bounds on the figures of an accident report, shared by the service, the form and the API schema.

Input sanity, not regulation data: far above any accident on record (the largest in the PRC since 1949
counted a few hundred dead and losses of some 10^10 yuan) and well inside the database columns (a
PostgreSQL ``integer`` holds 2^31 - 1), so ``deaths=10^30`` or ``direct_loss_yuan=2^63`` is refused with
a Chinese message naming the field instead of overflowing into a server error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic.config import JsonDict

MAX_PEOPLE = 100_000
MAX_LOSS_YUAN = 10**13  # 十万亿元

LABELS = {
    "deaths": "死亡人数",
    "serious_injuries": "重伤人数",
    "missing": "失踪人数",
    "direct_loss_yuan": "直接经济损失（元）",
}
LIMITS = {"deaths": MAX_PEOPLE, "serious_injuries": MAX_PEOPLE, "missing": MAX_PEOPLE}
LIMITS["direct_loss_yuan"] = MAX_LOSS_YUAN


def problem(name: str, value: object) -> str | None:
    """The Chinese message when ``value`` is not an acceptable figure for ``name``, else None."""
    limit = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        return f"{LABELS[name]}须为 0 至 {limit:,} 之间的整数，收到 {str(value)[:40]}"
    return None


def form_field(name: str, label: str, **kwargs: Any) -> forms.IntegerField:
    limit = LIMITS[name]
    message = f"{LABELS[name]}须为 0 至 {limit:,} 之间的整数"
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=limit,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        **kwargs,
    )


def schema_bounds(name: str) -> JsonDict:
    """The bounds as JSON Schema keywords, for the OpenAPI document (the check itself is ``check``)."""
    return {"minimum": 0, "maximum": LIMITS[name]}


def check(name: str, value: int) -> int:
    """A pydantic field validator body: raise ValueError with the Chinese message."""
    message = problem(name, value)
    if message is not None:
        raise ValueError(message)
    return value
