"""Read the accident and accountability rules out of a loaded ``Pack`` as zeren.policy inputs.

The Django side calls these; it never parses YAML. Each raises ``ValueError`` when the pack has no such
section. Pure: imports nothing from Django.
"""

from __future__ import annotations

from zeren.policy.accidents import (
    AccidentType,
    FailureDefinition,
    GradeBand,
    ReportingRules,
    ReportLevel,
    SupplementRule,
)
from zeren.policy.accountability import FormRange, ProposalRules
from zeren.policy.chain import (
    Circumstance,
    KindInfo,
    Placement,
    ReachRules,
    SectorGroup,
    SupervisingKind,
    TierRule,
)

from .model import Pack
from .model_accidents import AccidentData


def _accidents(pack: Pack) -> AccidentData:
    if pack.accidents is None:
        raise ValueError(f"pack {pack.id} has no accidents section")
    return pack.accidents


def grade_bands(pack: Pack) -> list[GradeBand]:
    """The accident grade bands (pack ``accidents.grades``), highest grade first."""
    a = _accidents(pack)
    return [
        GradeBand(
            grade=b.grade,
            deaths_min=b.deaths_min,
            serious_injuries_min=b.serious_injuries_min,
            loss_yuan_min=b.direct_loss_min_yuan,
            clauses=(b.clause, *a.grade_clauses),
        )
        for b in a.bands
    ]


def reporting_rules(pack: Pack) -> ReportingRules:
    """Reporting levels, deadlines, escalation, supplements and failure definitions (``accidents``)."""
    a = _accidents(pack)
    default = next(s for s in a.supplements if not s.types)
    return ReportingRules(
        levels=tuple(ReportLevel(id=level.id, name=level.name) for level in a.levels),
        unit_report_minutes=a.unit_report_minutes,
        unit_report_clauses=(a.unit_report_clause,),
        per_level_minutes=a.per_level_minutes,
        per_level_clauses=(a.per_level_clause,),
        top_level_by_grade={e.grade: e.up_to for e in a.escalation},
        escalation_clauses={e.grade: (e.clause,) for e in a.escalation},
        skip_clauses=(a.skip_clause,) if a.skip_clause else (),
        supplement_default=SupplementRule(types=(), days=default.days, clauses=(default.clause,)),
        supplement_rules=tuple(
            SupplementRule(types=s.types, days=s.days, clauses=(s.clause,)) for s in a.supplements if s.types
        ),
        report_items=a.report_items,
        report_items_clauses=(a.report_items_clause,) if a.report_items_clause else (),
        failures=tuple(
            FailureDefinition(
                kind=f.kind,
                name=f.name,
                definition=f.definition,
                clauses=f.clauses,
                source=f.choice.source or "",
            )
            for f in a.report_failures
        ),
        types=tuple(
            AccidentType(id=t.id, name=t.name, default_for_sectors=t.default_for_sectors, default=t.default)
            for t in a.types
        ),
    )


def reach_rules(pack: Pack) -> ReachRules:
    """The accountability reach by grade (``accidents.reach``, a local choice)."""
    reach = _accidents(pack).reach
    if reach is None:
        raise ValueError(f"pack {pack.id} has no accidents.reach")
    return ReachRules(
        tiers=tuple(
            TierRule(
                id=t.id,
                name=t.name,
                level=t.level,
                scope=t.scope,
                roles=t.roles,
                responsibility=t.responsibility,
                clauses=t.clauses,
                reason=t.reason,
                kinds=t.kinds,
                role_clauses=dict(t.role_clauses),
                zone_clauses=t.zone_clauses,
                kind_article_types=t.kind_article_types,
                capacities=t.capacities,
                lead_only=t.lead_only,
            )
            for t in reach.tiers
        ),
        by_grade={g: Placement(p.likely, p.possible) for g, p in reach.by_grade.items()},
        circumstances={
            c.id: Circumstance(
                id=c.id,
                name=c.name,
                clauses=c.clauses,
                placement=Placement(c.placement.likely, c.placement.possible),
                by_grade={g: Placement(p.likely, p.possible) for g, p in c.by_grade.items()},
                window_days=c.window_days,
            )
            for c in reach.circumstances
        },
        sector_groups=tuple(
            SectorGroup(
                id=g.id,
                name=g.name,
                sectors=frozenset(g.sectors),
                by_grade={grade: Placement(p.likely, p.possible) for grade, p in g.by_grade.items()},
            )
            for g in reach.sector_groups
        ),
        responsibilities=dict(reach.responsibilities),
        kinds={k.id: KindInfo(name=k.name, type=k.type, clauses=k.clauses) for k in pack.department_kinds},
        clauses=reach.clauses,
        note=reach.choice.note or "",
        source=reach.choice.source or "",
    )


def sector_lookup(pack: Pack) -> dict[str, str]:
    """Every way to name a sector -> its id: the id, the name, the short name (before "（", when no
    other sector has it) and the pack's aliases (``accidents.sector_aliases``)."""
    lookup: dict[str, str] = {}
    shorts: dict[str, set[str]] = {}
    for sector in pack.sectors:
        lookup[sector.id] = lookup[sector.name] = sector.id
        shorts.setdefault(sector.name.split("（", 1)[0].strip(), set()).add(sector.id)
    for short, ids in shorts.items():
        if len(ids) == 1 and short not in lookup:
            lookup[short] = next(iter(ids))
    aliases = pack.accidents.sector_aliases if pack.accidents else {}
    for sector_id, names in aliases.items():
        for name in names:
            lookup.setdefault(name, sector_id)
    return lookup


def sector_aliases(pack: Pack, sector_id: str) -> tuple[str, ...]:
    """The other names of ``sector_id``: its short name (when it differs) and the pack's aliases."""
    names = [n for n, i in sector_lookup(pack).items() if i == sector_id and n != sector_id]
    return tuple(names[1:])  # the first is the sector's own name


def sector_supervisors(pack: Pack, sector_id: str | list[str] | tuple[str, ...]) -> list[SupervisingKind]:
    """The department kinds supervising ``sector_id`` (or several sectors), in pack order (KeyError if
    unknown); a kind supervising several of the sectors appears once per sector. The first supervisor listed
    for a sector is its lead department (``lead``)."""
    sectors = [sector_id] if isinstance(sector_id, str) else list(sector_id)
    return [
        SupervisingKind(
            kind_code=s.kind,
            capacity=s.capacity,
            part=s.part,
            clauses=s.clauses,
            sector_code=code,
            lead=i == 0,
        )
        for code in sectors
        for i, s in enumerate(pack.sector(code).supervisors)
    ]


def proposal_rules(pack: Pack) -> ProposalRules:
    """The art. 64 ladder with the default form ranges (``accountability.proposal``)."""
    a = pack.accountability
    p = a.proposal
    if p is None or a.sanction is None or a.referral is None:
        raise ValueError(f"pack {pack.id} has no accountability.proposal (or no sanction / referral)")
    clauses = {f"trigger:{t.id}": t.clause for t in a.triggers}
    singles = {
        "forms": a.forms[0].clause if a.forms else None,
        "referral": a.referral.clause,
        "aggravation": a.aggravation.clause if a.aggravation else None,
        "mitigation": a.mitigation.clause if a.mitigation else None,
        "exemption": a.exemption.clause if a.exemption else None,
        "factors": a.factors_clause,
        "organs": a.deciding_organs[0].clause if a.deciding_organs else None,
    }
    clauses.update({k: v for k, v in singles.items() if v})
    return ProposalRules(
        ladder=tuple(f.id for f in a.forms),
        form_names={**{f.id: f.name for f in a.forms}, a.sanction.id: a.sanction.name},
        sanction=a.sanction.id,
        sanction_from=p.sanction_from,
        by_trigger={r.key: FormRange(low=r.low, high=r.high) for r in p.by_trigger},
        by_grade={r.key: FormRange(low=r.low, high=r.high) for r in p.by_grade},
        aggravation_steps=p.aggravation_steps,
        mitigation_steps=p.mitigation_steps,
        concealment_floor=p.concealment_floor,
        deciding_organs=tuple(o.id for o in a.deciding_organs),
        referral_organ=a.referral.id,
        clauses=clauses,
        note=p.choice.note or "",
        source=p.choice.source or "",
        accident_trigger=p.accident_trigger,
        report_trigger=p.report_trigger,
        trigger_names={t.id: t.summary for t in a.triggers},
        failure_names={f.kind: f.name for f in pack.accidents.report_failures} if pack.accidents else {},
    )


def _period_key(form: str, grade: str | None) -> str:
    return f"{form}:{grade}" if grade else form


def veto_periods(pack: Pack) -> dict[str, int]:
    """Art. 65 periods in months: form id -> months; sanctions as ``"sanction:<grade>"``."""
    veto = pack.accountability.veto
    return {_period_key(p.form, p.grade): p.months for p in veto.periods} if veto else {}


def form_names(pack: Pack) -> dict[str, str]:
    """The Chinese name of each accountability form id, the sanction included."""
    a = pack.accountability
    return {**{f.id: f.name for f in a.forms}, **({a.sanction.id: a.sanction.name} if a.sanction else {})}


def veto_clauses(pack: Pack) -> tuple[str, ...]:
    """The clauses an eligibility check cites: the veto's own, then ``veto.also_cites``."""
    veto = pack.accountability.veto
    return (veto.clause, *veto.also_cites) if veto else ()


def veto_period_sources(pack: Pack) -> dict[str, str]:
    """The local-choice source of each art. 65 period, keyed like ``veto_periods``."""
    veto = pack.accountability.veto
    return {_period_key(p.form, p.grade): p.choice.source or "" for p in veto.periods} if veto else {}
