"""The comprehensive rating of principals (art. 57 para 2) for a run, and its export for the Organisation
Department.

``rating_rules`` and ``ratings_for`` are pure (pack + facts + the evaluated units → JSON-ready rows) and
are called by ``evaluate``, so a stored run carries its ratings, frozen with it. ``ratings_of`` reads them
back; ``export_ratings`` writes the .xlsx and its audit event (personal data leaves the system).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

from zeren.catalog.packs import stored_sections
from zeren.common.actor import Actor
from zeren.common.spreadsheets import save_workbook
from zeren.packs.model import Pack
from zeren.policy.assessment import UnitFacts
from zeren.policy.ratings import LEVELS, RatingRules, outcome_of, rate_unit

from .rules import section

if TYPE_CHECKING:
    from .models import AssessmentRun

EXPORT_ACTION = "assessment.ratings_export"
HEADERS = ("单位", "姓名", "职务顺序/天数", "等次", "理由", "依据")


def rating_rules(pack: Pack) -> RatingRules | None:
    """The pack's ``assessment.ratings`` as policy input (None when the pack has no ratings)."""
    a = section(pack)
    r = a.ratings
    if r is None:
        return None
    acc = pack.accountability
    forms = [*acc.forms, *([acc.sanction] if acc.sanction is not None else [])]
    inspection = next((x.clause for x in a.indicators if x.rule == "rectification_rate"), r.clause)
    return RatingRules(
        clause=r.clause,
        level_names={x.id: x.name for x in r.levels},
        excellent_min_score=r.excellent_min_score,
        inspection_min_percent=r.inspection_min_percent,
        ladder=tuple(f.id for f in acc.forms),
        incompetent_from_form=r.incompetent_from_form,
        bar_clause=r.bar_clause,
        veto_clause=a.veto_clause,
        pass_mark_clause=a.pass_mark_clause,
        inspection_clause=inspection,
        form_names={f.id: f.name for f in forms},
        form_clauses={f.id: f.clause for f in forms},
    )


def _post_name(pack: Pack, roles: Sequence[str], order: int) -> str:
    if 0 <= order < len(roles):
        try:
            return pack.role(roles[order]).name
        except KeyError:
            return roles[order]
    return ""


def ratings_for(
    pack: Pack, facts: Sequence[UnitFacts], units: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One row per principal per assessed unit, in the units' order then post order (JSON-ready)."""
    rules = rating_rules(pack)
    if rules is None:
        return []
    a = section(pack)
    roles = {g.id: g.principal_roles for g in a.groups}
    by_code = {f.unit: f for f in facts}
    rows: list[dict[str, Any]] = []
    for u in units:
        f = by_code[u["unit"]]
        outcome = outcome_of(
            f, result=u["result"], score=Decimal(u["score"]), veto_reasons=u.get("veto_reasons", ())
        )
        for r in rate_unit(f, outcome, rules):
            rows.append(
                {
                    "person": r.person,
                    "name": r.name,
                    "unit": r.unit,
                    "unit_name": f.name,
                    "group": f.group,
                    "group_name": u.get("group_name", f.group),
                    "post_order": r.post_order,
                    "post": _post_name(pack, roles.get(f.group, ()), r.post_order),
                    "days": r.days,
                    "level": r.level,
                    "level_name": rules.name_of(r.level),
                    "provisional": r.provisional,
                    "reasons": [{"text": x.text, "clause": x.clause} for x in r.reasons],
                    "citations": list(r.citations),
                }
            )
    return rows


def ratings_of(run: AssessmentRun) -> list[dict[str, Any]] | None:
    """The run's stored ratings (None: the run was made without them — an older run or pack)."""
    ratings = run.result.get("ratings")
    return None if ratings is None else list(ratings)


def ratings_contract(run: AssessmentRun) -> dict[str, Any] | None:
    """The ``zeren assess ratings --json`` contract (None: the run was made without ratings)."""
    ratings = ratings_of(run)
    return None if ratings is None else {"run_id": run.pk, "year": run.year, "ratings": ratings}


def level_names(run: AssessmentRun) -> dict[str, str]:
    """Level id → name from the run's pack version (as stored in the catalogue), else the ids."""
    assessment = stored_sections(run.pack).assessment
    ratings = assessment.ratings if assessment is not None else None
    return {level: (ratings.name_of(level) if ratings is not None else "") or level for level in LEVELS}


def by_level(ratings: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """``[{"level", "name", "ratings": [...]}]`` best first (every level, empty ones included)."""
    return [
        {
            "level": level,
            "name": names.get(level, level),
            "ratings": [r for r in ratings if r["level"] == level],
        }
        for level in LEVELS
    ]


def _cite(eid: str) -> str:
    from zeren.accidents.rules import citation

    return citation(eid)


def title_of(run: AssessmentRun) -> str:
    return f"{run.year}年度党政主要负责人安全生产工作综合评价（报组织部门）"


def workbook(run: AssessmentRun, ratings: Sequence[Mapping[str, Any]]) -> bytes:
    """The .xlsx for the Organisation Department: a title row, then one row per rating."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    default = book.active
    sheet = book.create_sheet("综合评价")
    if default is not None:
        book.remove(default)
    sheet.append([title_of(run)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in ratings:
        post = f"{r['post']}（第{r['post_order'] + 1}位）" if r.get("post") else f"第{r['post_order'] + 1}位"
        sheet.append(
            [
                r["unit_name"],
                r["name"] or r["person"],
                f"{post} / {r['days']}天",
                r["level_name"] + ("（暂定）" if r.get("provisional") else ""),
                "；".join(x["text"] for x in r["reasons"]),
                "；".join(_cite(c) for c in r["citations"]),
            ]
        )
    for index, width in enumerate((24, 12, 28, 12, 80, 48), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    out = BytesIO()
    save_workbook(book, out)  # formula-like text written as text
    return out.getvalue()


def export_ratings(*, actor: Actor, run: AssessmentRun) -> bytes:
    """The workbook of ``run``'s ratings; the download is audited (personal data). Caller authorises."""
    from django.db import transaction

    from zeren.audit.services import record_event

    ratings = ratings_of(run) or []
    with transaction.atomic():
        data = workbook(run, ratings)
        record_event(
            actor=actor,
            action=EXPORT_ACTION,
            obj=run,
            after={
                "year": run.year,
                "ratings": len(ratings),
                "levels": {level: sum(r["level"] == level for r in ratings) for level in LEVELS},
                "sha256": hashlib.sha256(data).hexdigest(),
            },
            note="第五十七条第二款：党政主要负责人综合评价导出（报组织部门）",
        )
    return data
