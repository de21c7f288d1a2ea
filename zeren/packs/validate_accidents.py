"""Checks of ``sources``, ``accidents`` and ``accountability.proposal``.

Clause existence (``493:art_3`` included) is checked by ``validate._clauses_exist``.
"""

from __future__ import annotations

from .errors import PackIssue
from .model import Pack
from .model_accidents import GRADES


def validate_accidents(pack: Pack) -> list[PackIssue]:
    issues: list[PackIssue] = []
    seen: dict[str, int] = {}
    for i, source in enumerate(pack.sources):
        if source.id in seen:
            issues.append(PackIssue(f"sources[{i}].id", None, f"duplicate source id {source.id!r}"))
        seen.setdefault(source.id, i)
    issues += _accidents(pack)
    issues += _reach(pack)
    issues += _proposal(pack)
    return issues


def _reach(pack: Pack) -> list[PackIssue]:
    """Tiers name known roles, kinds and responsibilities; placements name known tiers."""
    reach = pack.accidents.reach if pack.accidents else None
    if reach is None:
        return []
    issues: list[PackIssue] = []
    base = "accidents.reach"
    roles = {r.id for r in pack.roles}
    kinds = {k.id for k in pack.department_kinds}
    tier_ids: list[str] = []
    for i, tier in enumerate(reach.tiers):
        where = f"{base}.tiers[{i}]"
        if tier.id in tier_ids:
            issues.append(PackIssue(f"{where}.id", None, f"duplicate tier id {tier.id!r}"))
        tier_ids.append(tier.id)
        for j, role in enumerate([*tier.roles, *tier.role_clauses]):
            if role not in roles:
                issues.append(PackIssue(f"{where}.roles[{j}]", None, f"unknown role id {role!r}"))
        for j, kind in enumerate(tier.kinds):
            if kind not in kinds:
                issues.append(PackIssue(f"{where}.kinds[{j}]", None, f"unknown department kind id {kind!r}"))
        if tier.scope == "kinds" and not tier.kinds:
            issues.append(PackIssue(f"{where}.kinds", None, "a tier of scope 'kinds' must list its kinds"))
        if tier.responsibility not in reach.responsibilities:
            issues.append(
                PackIssue(f"{where}.responsibility", None, f"unknown responsibility {tier.responsibility!r}")
            )
    placements = [(f"{base}.by_grade.{g}", p) for g, p in reach.by_grade.items()]
    seen: set[str] = set()
    for i, circ in enumerate(reach.circumstances):
        where = f"{base}.circumstances[{i}]"
        if circ.id in seen:
            issues.append(PackIssue(f"{where}.id", None, f"duplicate circumstance {circ.id!r}"))
        seen.add(circ.id)
        placements.append((where, circ.placement))
        placements += [(f"{where}.by_grade.{g}", p) for g, p in circ.by_grade.items()]
    for where, placement in placements:
        for key in ("likely", "possible"):
            for j, tier_id in enumerate(getattr(placement, key)):
                if tier_id not in tier_ids:
                    issues.append(PackIssue(f"{where}.{key}[{j}]", None, f"unknown tier id {tier_id!r}"))
    return issues


def _accidents(pack: Pack) -> list[PackIssue]:
    a = pack.accidents
    if a is None:
        return []
    issues: list[PackIssue] = []

    def add(path: str, clause: str | None, message: str) -> None:
        issues.append(PackIssue(path, clause, message))

    grades = [band.grade for band in a.bands]
    if sorted(grades, key=GRADES.index, reverse=True) != grades or len(set(grades)) != len(grades):
        add("accidents.grades.bands", None, "bands must list each grade once, highest first")
    for grade in GRADES:
        if grade not in grades:
            add("accidents.grades.bands", None, f"no band for grade {grade}")
    for i in range(1, len(a.bands)):
        higher, lower = a.bands[i - 1], a.bands[i]
        for attr in ("deaths_min", "serious_injuries_min", "direct_loss_min_yuan"):
            if getattr(higher, attr) <= getattr(lower, attr):
                add(
                    f"accidents.grades.bands[{i - 1}].{attr}",
                    higher.clause,
                    f"{higher.grade} must need more than {lower.grade} ({attr})",
                )
    lowest = a.bands[-1] if a.bands else None
    if lowest is not None and (
        lowest.deaths_min,
        lowest.serious_injuries_min,
        lowest.direct_loss_min_yuan,
    ) != (
        0,
        0,
        0,
    ):
        add(f"accidents.grades.bands[{len(a.bands) - 1}]", lowest.clause, "the lowest grade must start at 0")
    levels = [level.id for level in a.levels]
    if len(set(levels)) != len(levels):
        add("accidents.reporting.levels", None, "duplicate level id")
    for i, step in enumerate(a.escalation):
        if step.up_to and step.up_to not in levels:
            add(f"accidents.reporting.escalation[{i}].up_to", step.clause, f"unknown level id {step.up_to!r}")
    escalated = [step.grade for step in a.escalation]
    for grade in GRADES:
        if escalated.count(grade) != 1:
            add("accidents.reporting.escalation", None, f"grade {grade} must be escalated exactly once")
    sectors = {s.id for s in pack.sectors}
    defaults = [i for i, s in enumerate(a.supplements) if not s.sectors]
    if len(defaults) != 1:
        add("accidents.supplements", None, "exactly one supplement window must have no sectors (the default)")
    placed: dict[str, int] = {}
    for i, supplement in enumerate(a.supplements):
        for j, sector in enumerate(supplement.sectors):
            where = f"accidents.supplements[{i}].sectors[{j}]"
            if sector not in sectors:
                add(where, supplement.clause, f"unknown sector id {sector!r}")
            if sector in placed:
                add(
                    where,
                    supplement.clause,
                    f"sector {sector!r} already has a window (supplements[{placed[sector]}])",
                )
            placed.setdefault(sector, i)
    kinds = [f.kind for f in a.report_failures]
    for kind in ("late", "omitted", "false", "concealed"):
        if kinds.count(kind) != 1:
            add("accidents.report_failures", None, f"report failure {kind!r} must be defined exactly once")
    return issues


def _proposal(pack: Pack) -> list[PackIssue]:
    a = pack.accountability
    p = a.proposal
    if p is None:
        return []
    issues: list[PackIssue] = []
    ranks = {f.id: f.rank for f in a.forms}
    triggers = {t.id for t in a.triggers}
    base = "accountability.proposal"
    for key, ranges in (("by_trigger", p.by_trigger), ("by_grade", p.by_grade)):
        for i, item in enumerate(ranges):
            where = f"{base}.{key}[{i}]"
            if key == "by_trigger" and item.key not in triggers:
                issues.append(PackIssue(f"{where}.trigger", None, f"unknown trigger id {item.key!r}"))
            for end in ("low", "high"):
                if getattr(item, end) not in ranks:
                    issues.append(
                        PackIssue(f"{where}.{end}", None, f"unknown form id {getattr(item, end)!r}")
                    )
            if item.low in ranks and item.high in ranks and ranks[item.low] > ranks[item.high]:
                issues.append(PackIssue(where, None, f"low {item.low!r} is above high {item.high!r}"))
    for key in ("concealment_floor", "sanction_from"):
        if getattr(p, key) not in ranks:
            issues.append(PackIssue(f"{base}.{key}", None, f"unknown form id {getattr(p, key)!r}"))
    return issues
