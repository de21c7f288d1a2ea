"""Structural pass for ``accidents.reach`` (docs/pack-format.md "reach"): the tiers, their placement by
grade and the circumstances that move them. Cross-references (roles, kinds, tier ids) are checked by
``validate_accidents``; clause existence by ``validate._clauses_exist`` through ``refs``.
"""

from __future__ import annotations

from .model import CAPACITIES
from .model_accidents import (
    GRADES,
    REACH_CIRCUMSTANCES,
    REACH_LEVELS,
    REACH_SCOPES,
    CircumstanceData,
    PlacementData,
    ReachData,
    ReachTierData,
    SectorGroupData,
)
from .reader import Raw, Reader, join

_CHOICE = ("local_choice", "note", "source")
_TIER_KEYS = (
    "id", "name", "level", "scope", "roles", "kinds", "responsibility", "clauses", "role_clauses",
    "zone_clauses", "kind_article_types", "capacities", "lead_only", "reason",
)  # fmt: skip


def _placement(r: Reader, raw: object, path: str) -> PlacementData:
    m = r.entry(r.mapping(raw if raw is not None else {}, path), path, ("likely", "possible"))
    return PlacementData(
        likely=r.texts(m, "likely", path, required=False),
        possible=r.texts(m, "possible", path, required=False),
    )


def _tier(r: Reader, item: Raw, where: str) -> ReachTierData:
    r.entry(item, where, _TIER_KEYS)
    if item.get("lead_only") and item.get("scope") != "supervisors":
        r.error(join(where, "lead_only"), "lead_only applies only to a tier with scope supervisors")
    rc_where = join(where, "role_clauses")
    rc = r.mapping(item.get("role_clauses") or {}, rc_where)
    return ReachTierData(
        id=r.ident(item, "id", where),
        name=r.text(item, "name", where),
        level=r.enum(item, "level", where, REACH_LEVELS),
        scope=r.enum(item, "scope", where, REACH_SCOPES),
        roles=r.texts(item, "roles", where),
        kinds=r.texts(item, "kinds", where, required=False),
        responsibility=r.ident(item, "responsibility", where),
        clauses=r.texts(item, "clauses", where),
        role_clauses={str(role): r.texts(rc, role, rc_where) for role in rc},
        zone_clauses=r.texts(item, "zone_clauses", where, required=False),
        kind_article_types=r.texts(item, "kind_article_types", where, required=False),
        capacities=tuple(
            r.enum({"capacity": c}, "capacity", join(join(where, "capacities"), i), CAPACITIES)
            for i, c in enumerate(item.get("capacities") or [])
        ),
        lead_only=r.flag(item, "lead_only", where),
        reason=r.text(item, "reason", where),
    )


def _by_grade(r: Reader, m: Raw, where: str) -> dict[str, PlacementData]:
    b_where = join(where, "by_grade")
    by = r.mapping(m.get("by_grade") or {}, b_where)
    by_grade: dict[str, PlacementData] = {}
    for grade in by:
        if grade not in GRADES:
            r.error(join(b_where, str(grade)), f"{grade!r} is not one of {', '.join(GRADES)}")
            continue
        by_grade[grade] = _placement(r, by[grade], join(b_where, grade))
    return by_grade


def _circumstance(r: Reader, item: Raw, where: str) -> CircumstanceData:
    r.entry(item, where, ("id", "name", "clauses", "likely", "possible", "by_grade", "window_days", "note"))
    by_grade = _by_grade(r, item, where)
    return CircumstanceData(
        id=r.enum(item, "id", where, REACH_CIRCUMSTANCES),
        name=r.text(item, "name", where),
        clauses=r.texts(item, "clauses", where, required=False),
        placement=_placement(r, {k: item[k] for k in ("likely", "possible") if k in item}, where),
        by_grade=by_grade,
        window_days=r.integer(item, "window_days", where) if "window_days" in item else 0,
        note=r.opt_text(item, "note", where),
    )


def _sector_group(r: Reader, item: Raw, where: str) -> SectorGroupData:
    r.entry(item, where, ("id", "name", "sectors", "by_grade", "note", "source"))
    by_grade = _by_grade(r, item, where)
    if not by_grade:
        r.error(join(where, "by_grade"), "a sector group must place the tiers for at least one grade")
    return SectorGroupData(
        id=r.ident(item, "id", where),
        name=r.text(item, "name", where),
        sectors=r.texts(item, "sectors", where),
        by_grade=by_grade,
        note=r.opt_text(item, "note", where),
        source=r.opt_text(item, "source", where),
    )


def reach(r: Reader, a: Raw, path: str) -> ReachData | None:
    where = join(path, "reach")
    if a.get("reach") is None:
        return None
    keys = ("clauses", "responsibilities", "tiers", "by_grade", "circumstances", "sector_groups", *_CHOICE)
    m = r.entry(r.mapping(a["reach"], where), where, keys)
    responsibilities: dict[str, str] = {}
    for r_where, item in r.items(m, "responsibilities", where):
        r.entry(item, r_where, ("id", "name"))
        responsibilities[r.ident(item, "id", r_where)] = r.text(item, "name", r_where)
    tiers = tuple(_tier(r, item, t_where) for t_where, item in r.items(m, "tiers", where))
    by_grade = _by_grade(r, m, where)
    for grade in GRADES:
        if grade not in by_grade:
            r.error(join(join(where, "by_grade"), grade), f"missing the reach for {grade}")
    items = r.items(m, "circumstances", where, required=False)
    circumstances = tuple(_circumstance(r, item, c_where) for c_where, item in items)
    g_items = r.items(m, "sector_groups", where, required=False)
    sector_groups = tuple(_sector_group(r, item, g_where) for g_where, item in g_items)
    return ReachData(
        clauses=r.texts(m, "clauses", where),
        by_grade=by_grade,
        choice=r.choice(m, where, required=True),
        responsibilities=responsibilities,
        tiers=tiers,
        circumstances=circumstances,
        sector_groups=sector_groups,
    )
