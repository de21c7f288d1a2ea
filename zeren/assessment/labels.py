"""Chinese names for the facts an indicator's score was computed from (``policy.assessment`` keys)."""

from __future__ import annotations

FACTS: dict[str, str] = {
    "due": "应完成",
    "done": "按期完成",
    "done_late": "逾期完成",
    "waived": "豁免",
    "overdue": "逾期未完成",
    "findings": "发现问题",
    "on_time": "按期整改",
    "verified": "复查通过",
    "accidents": "事故起数",
    "deaths": "死亡人数",
    "accidents_max": "事故起数控制指标",
    "deaths_max": "死亡人数控制指标",
    "letter": "责任书",
    "excess": "超出指标",
    "published": "已公布",
}


def fact_items(facts: dict[str, object]) -> list[tuple[str, object]]:
    """``{"due": 224, "done": 179}`` → ``[("应完成", 224), ("按期完成", 179)]``; ``None`` shown as 无数据."""
    return [(FACTS.get(key, key), "无数据" if value is None else value) for key, value in facts.items()]
