"""Chart data for pages: ECharts specifications read by ``static/web/charts.js``, and server-side SVG bars.

A view passes plain numbers from an aggregate query; these helpers shape them. The ECharts spec is a
small JSON object (never JavaScript) that a template emits with ``json_script`` — no inline script,
so a strict Content-Security-Policy holds — and ``charts.js`` turns it into an ECharts option. Where
a page is printed (the assessment results) ``svg_bars`` computes the geometry of a plain SVG chart
that the template draws without any script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

Number = int | float | Decimal | str | None  # str: a decimal as stored in JSON results ("89.04")


def _num(value: Number) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (Decimal, str)):
        return float(value)
    return value


class Series(TypedDict):
    """One named series of a chart, its values as numbers (None: no value)."""

    name: str
    data: list[float | int | None]


class ChartSpec(TypedDict):
    """What the chart template and its script read (ECharts options are built in the browser from it)."""

    id: str
    data_id: str
    title: str
    kind: str
    labels: list[str]
    series: list[Series]
    unit: str
    horizontal: bool
    stacked: bool
    max: float | int | None
    empty: str  # the message shown instead of an empty chart ("" when there is data)


def chart(
    chart_id: str,
    title: str,
    kind: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    unit: str = "",
    horizontal: bool = False,
    stacked: bool = False,
    max_value: Number = None,
    empty: str = "暂无数据",
) -> ChartSpec:
    """A chart spec: ``kind`` is ``bar``, ``line`` or ``pie`` (a pie reads the first series)."""
    if kind not in {"bar", "line", "pie"}:
        raise ValueError(f"unknown chart kind {kind!r}")
    values = [[_num(v) for v in data] for _, data in series]
    has_data = any(v for data in values for v in data)
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "kind": kind,
        "labels": list(labels),
        "series": [{"name": name, "data": data} for (name, _), data in zip(series, values, strict=True)],
        "unit": unit,
        "horizontal": horizontal,
        "stacked": stacked,
        "max": _num(max_value),
        "empty": "" if has_data else empty,
    }


@dataclass(frozen=True)
class SvgBar:
    label: str
    value: Number
    text: str
    y: int
    text_y: int
    width: int
    value_x: int
    css: str


@dataclass(frozen=True)
class SvgBars:
    title: str
    bars: list[SvgBar]
    label_width: int
    bar_height: int
    width: int
    height: int
    axis_x: int


def svg_bars(
    title: str,
    rows: Sequence[tuple[str, Number, str, str]],
    *,
    max_value: Number = None,
    label_width: int = 200,
    chart_width: int = 440,
    bar_height: int = 16,
    gap: int = 4,
) -> SvgBars:
    """Horizontal bars for a printed page: ``rows`` are ``(label, value, text, css class)``."""
    numbers = [float(_num(v) or 0) for _, v, _, _ in rows]
    top = float(_num(max_value) or 0) or max(numbers, default=0) or 1.0
    bars = []
    for index, ((label, value, text, css), number) in enumerate(zip(rows, numbers, strict=True)):
        y = index * (bar_height + gap)
        width = round(chart_width * max(0.0, min(number, top)) / top)
        bars.append(SvgBar(label, value, text, y, y + bar_height - 3, width, label_width + width + 6, css))
    return SvgBars(
        title=title,
        bars=bars,
        label_width=label_width,
        bar_height=bar_height,
        width=label_width + chart_width + 70,
        height=max(len(bars), 1) * (bar_height + gap),
        axis_x=label_width,
    )
