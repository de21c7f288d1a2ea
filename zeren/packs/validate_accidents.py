"""Checks of ``sources``, ``accidents`` and ``accountability.proposal``.

Clause existence (``493:art_3`` included) is checked by ``validate._clauses_exist``.
"""

from __future__ import annotations

import itertools

from .errors import PackIssue
from .model import Pack
from .model_accidents import GRADES


def validate_accidents(pack: Pack) -> list[PackIssue]:
    """Problems of the ``sources`` and ``accidents`` sections (ids, bands, levels, reach) against the texts
    they cite."""
    issues: list[PackIssue] = []
    seen: dict[str, int] = {}
    for i, source in enumerate(pack.sources):
        if source.id in seen:
            issues.append(PackIssue(f"sources[{i}].id", None, f"duplicate source id {source.id!r}"))
        seen.setdefault(source.id, i)
    issues += _accidents(pack)
    issues += _reach(pack)
    issues += _proposal(pack)
    issues += _veto_periods(pack)
    return issues


def _veto_periods(pack: Pack) -> list[PackIssue]:
    """Each form and each sanction grade has exactly one period, and the forms' periods never shrink as
    the form grows heavier (a lighter form must not bar longer than a heavier one)."""
    a = pack.accountability
    veto = a.veto
    if veto is None:
        return []
    issues: list[PackIssue] = []
    base = "accountability.veto.periods"
    sanction = a.sanction.id if a.sanction else None
    seen: dict[str, int] = {}
    for j, period in enumerate(veto.periods):
        if period.form == sanction and not period.grade:
            issues.append(PackIssue(f"{base}[{j}].grade", veto.clause, "a sanction period needs its grade"))
        if period.form != sanction and period.grade:
            issues.append(PackIssue(f"{base}[{j}].grade", veto.clause, "only a sanction period has a grade"))
        key = f"{period.form}:{period.grade}" if period.grade else period.form
        if key in seen:
            issues.append(
                PackIssue(f"{base}[{j}]", veto.clause, f"{key!r} already has a period ({seen[key]})")
            )
        seen.setdefault(key, j)
    months = {p.form: p.months for p in veto.periods if not p.grade}
    ladder = [f for f in sorted(a.forms, key=lambda f: f.rank) if f.id in months]
    for lighter, heavier in itertools.pairwise(ladder):
        if months[lighter.id] > months[heavier.id]:
            issues.append(
                PackIssue(
                    base,
                    veto.clause,
                    f"{lighter.name}（{months[lighter.id]}个月）不得长于更重的{heavier.name}"
                    f"（{months[heavier.id]}个月）",
                )
            )
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
    sectors = {s.id for s in pack.sectors}
    grouped: dict[str, str] = {}
    for i, group in enumerate(reach.sector_groups):
        where = f"{base}.sector_groups[{i}]"
        for j, sector in enumerate(group.sectors):
            if sector not in sectors:
                issues.append(PackIssue(f"{where}.sectors[{j}]", None, f"unknown sector id {sector!r}"))
            elif sector in grouped:
                message = f"sector {sector!r} is already in group {grouped[sector]!r}"
                issues.append(PackIssue(f"{where}.sectors[{j}]", None, message))
            grouped.setdefault(sector, group.id)
        placements += [(f"{where}.by_grade.{g}", p) for g, p in group.by_grade.items()]
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
    types = {t.id for t in a.types}
    if len(types) != len(a.types):
        add("accidents.types", None, "duplicate accident type id")
    if a.types and sum(t.default for t in a.types) != 1:
        add("accidents.types", None, "exactly one accident type must be the default")
    hinted: dict[str, str] = {}
    for i, accident_type in enumerate(a.types):
        for j, sector in enumerate(accident_type.default_for_sectors):
            where = f"accidents.types[{i}].default_for_sectors[{j}]"
            if sector not in sectors:
                add(where, None, f"unknown sector id {sector!r}")
            if sector in hinted:
                add(where, None, f"sector {sector!r} already proposes type {hinted[sector]!r}")
            hinted.setdefault(sector, accident_type.id)
    defaults = [i for i, s in enumerate(a.supplements) if not s.types]
    if len(defaults) != 1:
        add("accidents.supplements", None, "exactly one supplement window must have no types (the default)")
    placed: dict[str, int] = {}
    for i, supplement in enumerate(a.supplements):
        for j, kind_id in enumerate(supplement.types):
            where = f"accidents.supplements[{i}].types[{j}]"
            if kind_id not in types:
                add(where, supplement.clause, f"unknown accident type id {kind_id!r}")
            if kind_id in placed:
                add(
                    where,
                    supplement.clause,
                    f"type {kind_id!r} already has a window (supplements[{placed[kind_id]}])",
                )
            placed.setdefault(kind_id, i)
    labels: dict[str, str] = {}
    for known in pack.sectors:
        for label in (known.id, known.name):
            labels[label] = known.id
    for sector_id, aliases in a.sector_aliases.items():
        where = f"accidents.sector_aliases.{sector_id}"
        if sector_id not in sectors:
            add(where, None, f"unknown sector id {sector_id!r}")
        for j, alias in enumerate(aliases):
            if labels.get(alias, sector_id) != sector_id:
                add(f"{where}[{j}]", None, f"alias {alias!r} already names sector {labels[alias]!r}")
            labels.setdefault(alias, sector_id)
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
    for key in ("accident_trigger", "report_trigger"):
        if getattr(p, key) not in triggers:
            issues.append(PackIssue(f"{base}.{key}", None, f"unknown trigger id {getattr(p, key)!r}"))
    for key in ("concealment_floor", "sanction_from"):
        if getattr(p, key) not in ranks:
            issues.append(PackIssue(f"{base}.{key}", None, f"unknown form id {getattr(p, key)!r}"))
    return issues
