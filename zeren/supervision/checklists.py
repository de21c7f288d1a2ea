"""Checklist generation: a target's duties from its published responsibility list, with its record.

For an organisation target the organisation's current published list; for a unit target the lists of
the unit's principals (党政主要负责人). Each line becomes an item with what the target already has on
record for that clause in the plan's year: its obligation occurrences (status, due date, evidence count).
Bounded queries: the lists (one or two), the occurrences of the year with their evidence counts (one).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from zeren.duties.models import ResponsibilityList
from zeren.obligations.models import Occurrence
from zeren.org.selectors import UNIT_PRINCIPAL_ROLES

from .models import Target


def source_lists(target: Target) -> list[ResponsibilityList]:
    published = ResponsibilityList.objects.filter(status=ResponsibilityList.Status.PUBLISHED)
    if target.organisation_id is not None:
        return list(published.filter(organisation_id=target.organisation_id))
    return list(
        published.filter(post__unit=target.unit, post__role_code__in=UNIT_PRINCIPAL_ROLES).order_by(
            "post__code"
        )
    )


def _lines(lists: list[ResponsibilityList]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    lines: list[dict[str, str]] = []
    for row in lists:
        for section in row.content.get("sections", []):
            for line in section.get("lines", []):
                key = (line["clause"], line["summary"])
                if key in seen:
                    continue
                seen.add(key)
                lines.append(
                    {"clause": line["clause"], "summary": line["summary"], "reason": line.get("reason", "")}
                )
    return lines


def evidence_by_clause(target: Target, year: int) -> dict[str, list[dict[str, Any]]]:
    occurrences = Occurrence.objects.filter(year=year)
    if target.organisation_id is not None:
        occurrences = occurrences.filter(organisation_id=target.organisation_id)
    else:
        occurrences = occurrences.filter(unit=target.unit, post__role_code__in=UNIT_PRINCIPAL_ROLES)
    result: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        occurrences.annotate(evidence_count=Count("evidence"))
        .order_by("due", "pk")
        .values("pk", "clause", "obligation_code", "period_label", "status", "due", "evidence_count")
    ):
        result[row["clause"]].append(
            {
                "occurrence": row["pk"],
                "obligation": row["obligation_code"],
                "period": row["period_label"],
                "status": row["status"],
                "due": row["due"].isoformat(),
                "evidence": row["evidence_count"],
            }
        )
    return result


def _matches(item_clause: str, occurrence_clause: str) -> bool:
    """An occurrence cites the duty's clause or a finer one (art_16__para_1 ⊇ art_16__para_1__point_2)."""
    return occurrence_clause == item_clause or occurrence_clause.startswith(item_clause + "__")


def checklist_rows(target: Target, year: int) -> tuple[int | None, list[dict[str, Any]]]:
    """(the first source list's id, the item rows) for ``target`` in ``year``."""
    lists = source_lists(target)
    evidence = evidence_by_clause(target, year)
    rows = []
    for line in _lines(lists):
        found = [e for clause, items in evidence.items() if _matches(line["clause"], clause) for e in items]
        rows.append({**line, "evidence_summary": found})
    return (lists[0].pk if lists else None), rows
