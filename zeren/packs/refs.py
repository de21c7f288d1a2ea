"""Every clause id a pack cites, with the YAML path that cites it."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Duty, Pack

Ref = tuple[str, str]  # (YAML path, clause id)


def _duties(path: str, duties: tuple[Duty, ...]) -> Iterator[Ref]:
    for j, duty in enumerate(duties):
        yield f"{path}.duties[{j}].clause", duty.clause


def _list(path: str, clauses: tuple[str, ...]) -> Iterator[Ref]:
    for j, clause in enumerate(clauses):
        yield f"{path}[{j}]", clause


def clause_refs(pack: Pack) -> Iterator[Ref]:
    """Every clause id the pack cites, with its YAML path, for the existence check against the text."""
    for i, body in enumerate(pack.bodies):
        yield from _list(f"bodies[{i}].clauses", body.clauses)
    for i, role in enumerate(pack.roles):
        yield from _list(f"roles[{i}].clauses", role.clauses)
        yield from _duties(f"roles[{i}]", role.duties)
    for i, trait in enumerate(pack.traits):
        yield from _list(f"traits[{i}].clauses", trait.clauses)
        yield from _duties(f"traits[{i}]", trait.duties)
    for i, kind in enumerate(pack.department_kinds):
        yield from _list(f"department_kinds[{i}].clauses", kind.clauses)
        for j, kt in enumerate(kind.traits):
            yield f"department_kinds[{i}].traits[{j}].clause", kt.clause
        yield from _duties(f"department_kinds[{i}]", kind.duties)
    for i, sector in enumerate(pack.sectors):
        for j, sup in enumerate(sector.supervisors):
            yield from _list(f"sectors[{i}].supervisors[{j}].clauses", sup.clauses)
    for i, obligation in enumerate(pack.obligations):
        yield f"obligations[{i}].clause", obligation.clause
    yield from _money_refs(pack)
    yield from _accountability_refs(pack)
    for i, choice in enumerate(pack.local_choices):
        if choice.clause is not None:
            yield f"local_choices[{i}].clause", choice.clause
    yield from _accident_refs(pack)
    yield from _org_refs(pack)


def _org_refs(pack: Pack) -> Iterator[Ref]:
    d, o, c = pack.duty_rules, pack.organisation, pack.calendar
    if d.articles_clause:
        yield "duties.articles.clause", d.articles_clause
    for i, inclusion in enumerate(d.inclusions):
        yield f"duties.role_includes[{i}].clause", inclusion.clause
    if d.portfolio is not None:
        yield "duties.portfolio_department.clause", d.portfolio.clause
    if o.clause:
        yield "organisation.clause", o.clause
    for i, check in enumerate(o.checks):
        yield f"organisation.checks[{i}].clause", check.clause
    for i, level in enumerate(o.levels):
        yield f"organisation.levels[{i}].clause", level.clause
        yield from _list(f"organisation.levels[{i}].omit", level.omit)
    if c.clause:
        yield "calendar.first_due_after_effective_days.clause", c.clause


def _accident_refs(pack: Pack) -> Iterator[Ref]:
    a = pack.accidents
    if a is None:
        return
    yield from _list("accidents.grades.clauses", a.grade_clauses)
    for i, band in enumerate(a.bands):
        yield f"accidents.grades.bands[{i}].clause", band.clause
    for i, level in enumerate(a.levels):
        yield f"accidents.reporting.levels[{i}].clause", level.clause
    yield "accidents.reporting.unit_report.clause", a.unit_report_clause
    yield "accidents.reporting.per_level.clause", a.per_level_clause
    for i, step in enumerate(a.escalation):
        yield f"accidents.reporting.escalation[{i}].clause", step.clause
    if a.skip_clause:
        yield "accidents.reporting.skip_clause", a.skip_clause
    if a.report_items_clause:
        yield "accidents.reporting.report_items.clause", a.report_items_clause
    for i, supplement in enumerate(a.supplements):
        yield f"accidents.supplements[{i}].clause", supplement.clause
    for i, failure in enumerate(a.report_failures):
        yield from _list(f"accidents.report_failures[{i}].clauses", failure.clauses)
    if a.reach is not None:
        yield from _list("accidents.reach.clauses", a.reach.clauses)
        for i, tier in enumerate(a.reach.tiers):
            where = f"accidents.reach.tiers[{i}]"
            yield from _list(f"{where}.clauses", tier.clauses)
            yield from _list(f"{where}.zone_clauses", tier.zone_clauses)
            for role, clauses in tier.role_clauses.items():
                yield from _list(f"{where}.role_clauses.{role}", clauses)
        for i, circ in enumerate(a.reach.circumstances):
            yield from _list(f"accidents.reach.circumstances[{i}].clauses", circ.clauses)


def _money_refs(pack: Pack) -> Iterator[Ref]:
    for i, reward in enumerate(pack.money.rewards):
        yield f"money.rewards[{i}].clause", reward.clause
    if pack.money.reward_split is not None:
        yield "money.reward_split.clause", pack.money.reward_split.clause
    for i, fine in enumerate(pack.money.fines):
        yield f"money.fines[{i}].clause", fine.clause


def _accountability_refs(pack: Pack) -> Iterator[Ref]:
    a = pack.accountability
    for i, trigger in enumerate(a.triggers):
        yield f"accountability.triggers[{i}].clause", trigger.clause
    for i, form in enumerate(a.forms):
        yield f"accountability.forms[{i}].clause", form.clause
    for i, dform in enumerate(a.department_forms):
        yield f"accountability.department_forms[{i}].clause", dform.clause
    for i, organ in enumerate(a.deciding_organs):
        yield f"accountability.deciding_organs[{i}].clause", organ.clause
    singles = {
        "sanction": a.sanction, "referral": a.referral, "veto": a.veto, "aggravation": a.aggravation,
        "mitigation": a.mitigation, "exemption": a.exemption, "lifelong": a.lifelong,
    }  # fmt: skip
    for key, item in singles.items():
        if item is not None:
            yield f"accountability.{key}.clause", item.clause
    if a.factors_clause:
        yield "accountability.factors.clause", a.factors_clause
    for i, clause in enumerate(a.veto.also_cites if a.veto else ()):
        yield f"accountability.veto.also_cites[{i}]", clause
