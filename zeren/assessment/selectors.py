"""Reads for assessment runs, shaped for pages and the API (public rows carry no personal data)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import AssessmentRun

PUBLIC_KEYS = ("unit", "name", "group", "group_name", "score", "veto", "veto_reasons", "rank", "result",
               "result_label", "reward_yuan", "fine_yuan", "citations")  # fmt: skip


def groups_of(run: AssessmentRun, *, public: bool = False) -> list[dict[str, Any]]:
    """The run's units grouped as ``[{"group", "name", "units": [...]}]`` in rank order."""
    result: list[dict[str, Any]] = []
    for unit in run.result.get("units", []):
        row = {k: unit.get(k) for k in PUBLIC_KEYS} if public else unit
        if not result or result[-1]["group"] != unit["group"]:
            result.append(
                {"group": unit["group"], "name": unit.get("group_name", unit["group"]), "units": []}
            )
        result[-1]["units"].append(row)
    return result


def contract(run: AssessmentRun) -> dict[str, Any]:
    """The CLI ``--json`` contract: ``{"run_id", "inputs_hash", "year", "status", "units": [...]}``."""
    keys = ("unit", "group", "score", "veto", "veto_reasons", "rank", "result", "reward_yuan", "fine_yuan")
    units = [
        {
            **{k: u[k] for k in keys},
            "principals": [{"person": p["person"], "share_yuan": p["share_yuan"]} for p in u["principals"]],
            "citations": u["citations"],
        }
        for u in run.result.get("units", [])
    ]
    return {
        "run_id": run.pk,
        "inputs_hash": run.inputs_hash,
        "year": run.year,
        "status": run.status,
        "units": units,
    }


def latest_published(runs: QuerySet[AssessmentRun] | None = None) -> AssessmentRun | None:
    """The newest published run (of ``runs`` when given: a queryset already scoped to the reader)."""
    qs = runs if runs is not None else AssessmentRun.objects.all()
    return qs.filter(status=AssessmentRun.Status.PUBLISHED).order_by("-year", "-published_at", "-pk").first()


def ranking(run: AssessmentRun, group: str) -> list[dict[str, Any]]:
    """One group's public rows in rank order (``unit``, ``name``, ``score``, ``rank``, ``result``…)."""
    for g in groups_of(run, public=True):
        if g["group"] == group:
            return list(g["units"])
    return []


def score_rows(group: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """A group's units as chart rows ``(label, score, text, css class)`` in rank order (printed as SVG)."""
    rows = []
    for unit in group["units"]:
        rank = unit.get("rank")
        label = f"{rank}. {unit['name']}" if rank else str(unit["name"])
        text = f"{unit['score']}分 {unit.get('result_label') or ''}".strip()
        rows.append((label, unit["score"], text, str(unit.get("result") or "")))
    return rows
