"""Structural pass for ``sources``, ``accidents`` and ``accountability.proposal`` (docs/pack-format.md)."""

from __future__ import annotations

import re

from . import build_reach
from .model_accidents import (
    FAILURE_KINDS,
    GRADES,
    AccidentData,
    AccidentTypeData,
    Escalation,
    FormRangeData,
    GradeBandData,
    ProposalData,
    ReportFailureData,
    ReportLevelData,
    Source,
    SupplementData,
)
from .model_base import Effective
from .reader import Raw, Reader, join
from .regulation import RegulationIndex

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_CHOICE = ("local_choice", "note", "source")
_BAND_KEYS = ("deaths_min", "serious_injuries_min", "direct_loss_min_yuan")
_PROPOSAL_KEYS = (
    "by_trigger", "by_grade", "aggravation_steps", "mitigation_steps", "concealment_floor", "sanction_from",
)  # fmt: skip
_EMPTY = RegulationIndex(kinds={}, texts={}, metadata={})


def sources(r: Reader, raw: Raw, default: Effective) -> list[tuple[Source, str]]:
    """Each source (with an empty index: the loader parses the file) and its YAML path."""
    result = []
    for where, item in r.items(raw, "sources", "", required=False):
        r.entry(item, where, ("id", "title", "document_number", "file", "effective_from", "effective_to"))
        ident = item.get("id")
        ident = str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else ""
        if not SOURCE_ID.match(ident):
            r.error(join(where, "id"), f"source id {ident!r} must match [a-z0-9][a-z0-9_]*")
        file = r.text(item, "file", where)
        if file.startswith("/") or ".." in file.split("/"):
            r.error(join(where, "file"), f"source file {file!r} must lie inside the pack directory")
        source = Source(
            id=ident,
            title=r.text(item, "title", where),
            document_number=r.text(item, "document_number", where),
            file=file,
            effective=r.effective(item, where, default),
            index=_EMPTY,
        )
        if item.get("effective_from") is None:
            r.error(join(where, "effective_from"), "missing the source's effective_from")
        result.append((source, where))
    return result


def _grade(r: Reader, item: Raw, key: str, where: str) -> str:
    return r.enum(item, key, where, GRADES)


def accidents(r: Reader, raw: Raw) -> AccidentData | None:
    path = "accidents"
    if raw.get(path) is None:
        return None
    a = r.entry(
        r.mapping(raw[path], path),
        path,
        ("grades", "reporting", "types", "supplements", "report_failures", "reach", "sector_aliases"),
    )
    g_where = join(path, "grades")
    g = r.entry(r.mapping(a.get("grades") or {}, g_where), g_where, ("clauses", "bands"))
    bands = []
    for where, item in r.items(g, "bands", g_where):
        r.entry(
            item, where, ("grade", "deaths_min", "serious_injuries_min", "direct_loss_min_yuan", "clause")
        )
        bands.append(
            GradeBandData(
                grade=_grade(r, item, "grade", where),
                deaths_min=r.integer(item, "deaths_min", where),
                serious_injuries_min=r.integer(item, "serious_injuries_min", where),
                direct_loss_min_yuan=r.integer(item, "direct_loss_min_yuan", where),
                clause=r.clause(item, "clause", where),
            )
        )
    p_where = join(path, "reporting")
    rep = r.entry(
        r.mapping(a.get("reporting") or {}, p_where),
        p_where,
        ("levels", "unit_report", "per_level", "escalation", "skip_clause", "report_items"),
    )
    levels = []
    for where, item in r.items(rep, "levels", p_where):
        r.entry(item, where, ("id", "name", "clause", *_CHOICE))
        levels.append(
            ReportLevelData(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                choice=r.choice(item, where),
            )
        )
    unit_minutes, unit_clause = _minutes(r, rep, "unit_report", p_where)
    level_minutes, level_clause = _minutes(r, rep, "per_level", p_where)
    escalation = []
    for where, item in r.items(rep, "escalation", p_where):
        r.entry(item, where, ("grade", "up_to", "clause"))
        escalation.append(
            Escalation(
                grade=_grade(r, item, "grade", where),
                up_to=r.ident(item, "up_to", where),
                clause=r.clause(item, "clause", where),
            )
        )
    i_where = join(p_where, "report_items")
    items = r.entry(r.mapping(rep.get("report_items") or {}, i_where), i_where, ("clause", "items"))
    return AccidentData(
        grade_clauses=r.texts(g, "clauses", g_where),
        bands=tuple(bands),
        levels=tuple(levels),
        unit_report_minutes=unit_minutes,
        unit_report_clause=unit_clause,
        per_level_minutes=level_minutes,
        per_level_clause=level_clause,
        escalation=tuple(escalation),
        skip_clause=r.opt_clause(rep, "skip_clause", p_where),
        report_items=r.texts(items, "items", i_where, required=False),
        report_items_clause=r.opt_clause(items, "clause", i_where),
        supplements=_supplements(r, a, path),
        types=_types(r, a, path),
        sector_aliases=_aliases(r, a, path),
        report_failures=_failures(r, a, path),
        reach=build_reach.reach(r, a, path),
    )


def _minutes(r: Reader, raw: Raw, key: str, path: str) -> tuple[int, str]:
    where = join(path, key)
    m = r.entry(r.mapping(raw.get(key) or {}, where), where, ("minutes", "clause"))
    return r.integer(m, "minutes", where, minimum=1), r.clause(m, "clause", where)


def _aliases(r: Reader, a: Raw, path: str) -> dict[str, tuple[str, ...]]:
    where = join(path, "sector_aliases")
    raw = r.mapping(a.get("sector_aliases") or {}, where)
    return {str(sector): r.texts(raw, sector, where) for sector in raw}


def _types(r: Reader, a: Raw, path: str) -> tuple[AccidentTypeData, ...]:
    result = []
    for where, item in r.items(a, "types", path):
        r.entry(item, where, ("id", "name", "default_for_sectors", "default"))
        result.append(
            AccidentTypeData(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                default_for_sectors=r.texts(item, "default_for_sectors", where, required=False),
                default=r.flag(item, "default", where),
            )
        )
    return tuple(result)


def _supplements(r: Reader, a: Raw, path: str) -> tuple[SupplementData, ...]:
    result = []
    for where, item in r.items(a, "supplements", path):
        r.entry(item, where, ("days", "types", "clause", *_CHOICE))
        result.append(
            SupplementData(
                days=r.integer(item, "days", where, minimum=1),
                types=r.texts(item, "types", where, required=False),
                clause=r.clause(item, "clause", where),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def _failures(r: Reader, a: Raw, path: str) -> tuple[ReportFailureData, ...]:
    result = []
    for where, item in r.items(a, "report_failures", path):
        r.entry(item, where, ("kind", "name", "definition", "clauses", *_CHOICE))
        result.append(
            ReportFailureData(
                kind=r.enum(item, "kind", where, FAILURE_KINDS),
                name=r.text(item, "name", where),
                definition=r.text(item, "definition", where),
                clauses=r.texts(item, "clauses", where),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def proposal(r: Reader, a: Raw, path: str) -> ProposalData | None:
    where = join(path, "proposal")
    if a.get("proposal") is None:
        return None
    keys = (*_PROPOSAL_KEYS, "accident_trigger", "report_trigger")
    p = r.entry(r.mapping(a["proposal"], where), where, (*keys, *_CHOICE))

    def ranges(key: str, key_name: str) -> tuple[FormRangeData, ...]:
        result = []
        for item_where, item in r.items(p, key, where):
            r.entry(item, item_where, (key_name, "low", "high"))
            value = (
                r.enum(item, key_name, item_where, GRADES)
                if key_name == "grade"
                else r.ident(item, key_name, item_where)
            )
            result.append(
                FormRangeData(
                    key=value, low=r.ident(item, "low", item_where), high=r.ident(item, "high", item_where)
                )
            )
        return tuple(result)

    return ProposalData(
        by_trigger=ranges("by_trigger", "trigger"),
        by_grade=ranges("by_grade", "grade"),
        aggravation_steps=r.integer(p, "aggravation_steps", where),
        mitigation_steps=r.integer(p, "mitigation_steps", where),
        concealment_floor=r.ident(p, "concealment_floor", where),
        sanction_from=r.ident(p, "sanction_from", where),
        choice=r.choice(p, where, required=True),
        accident_trigger=r.ident(p, "accident_trigger", where),
        report_trigger=r.ident(p, "report_trigger", where),
    )
