"""Raw YAML -> model for the ``duties``, ``organisation`` and ``calendar`` sections (model_org).

``from_raw`` builds the three from a stored pack's raw data, for code that holds a loaded pack version
rather than a ``Pack`` (the same builders, one schema).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model_org import (
    ORG_CHECKS,
    ORGANISATION_TYPES,
    PORTFOLIO_DEPARTMENT,
    UNIT_LEVELS,
    CalendarRules,
    DutyRules,
    LevelReading,
    OrganisationRules,
    OrgCheck,
    PortfolioRule,
    RoleInclusion,
)
from .reader import Raw, Reader, join

_CHOICE = ("local_choice", "note", "source")


def _section(r: Reader, raw: Raw, key: str, allowed: tuple[str, ...]) -> Raw:
    return r.entry(r.mapping(raw.get(key) or {}, key), key, allowed)


def duty_rules(r: Reader, raw: Raw) -> DutyRules:
    """The ``duties`` section: which articles hold the duty points, which roles take another's duties, the
    portfolio rule."""
    d = _section(r, raw, "duties", ("articles", "role_includes", "portfolio_department"))
    articles, articles_clause = None, None
    if d.get("articles") is not None:
        where = "duties.articles"
        a = r.entry(r.mapping(d["articles"], where), where, ("first", "last", "clause"))
        first, last = r.integer(a, "first", where, minimum=1), r.integer(a, "last", where, minimum=1)
        if first > last:
            r.error(join(where, "last"), f"last article {last} comes before first {first}")
        articles, articles_clause = (first, last), r.opt_clause(a, "clause", where)
    inclusions = []
    for where, item in r.items(d, "role_includes", "duties", required=False):
        r.entry(item, where, ("role", "includes", "clause", "note"))
        inclusions.append(
            RoleInclusion(
                role=r.ident(item, "role", where),
                includes=r.texts(item, "includes", where),
                clause=r.clause(item, "clause", where),
                note=r.opt_text(item, "note", where),
            )
        )
    portfolio = None
    if d.get("portfolio_department") is not None:
        where = "duties.portfolio_department"
        p = r.entry(r.mapping(d["portfolio_department"], where), where, ("value", "clause", *_CHOICE))
        portfolio = PortfolioRule(
            value=r.enum(p, "value", where, PORTFOLIO_DEPARTMENT),
            clause=r.clause(p, "clause", where),
            choice=r.choice(p, where, required=True),
        )
    return DutyRules(
        articles=articles, articles_clause=articles_clause, inclusions=tuple(inclusions), portfolio=portfolio
    )


def organisation(r: Reader, raw: Raw) -> OrganisationRules:
    """The ``organisation`` section: body → organisation types, principal roles, unit levels and the org
    checks."""
    o = _section(r, raw, "organisation", ("clause", "bodies", "principals", "levels", "checks"))
    body_types = []
    bodies = r.mapping(o.get("bodies") or {}, "organisation.bodies")
    for body in bodies:
        where = join("organisation.bodies", str(body))
        listed = r.texts(bodies, str(body), "organisation.bodies")
        for i, t in enumerate(listed):
            if t and t not in ORGANISATION_TYPES:
                r.error(join(where, i), f"{t!r} is not one of {', '.join(ORGANISATION_TYPES)}")
        body_types.append((str(body), listed))
    principals = []
    table = r.mapping(o.get("principals") or {}, "organisation.principals")
    for org_type in table:
        where = join("organisation.principals", str(org_type))
        if org_type != "*" and org_type not in ORGANISATION_TYPES:
            r.error(
                where, f"{org_type!r} is not an organisation type ({', '.join(ORGANISATION_TYPES)}) or '*'"
            )
        principals.append((str(org_type), r.ident(table, str(org_type), "organisation.principals")))
    levels = []
    for where, item in r.items(o, "levels", "organisation", required=False):
        r.entry(item, where, ("id", "name", "clause", "terms", "omit", "obligations", *_CHOICE))
        terms = r.mapping(item.get("terms") or {}, join(where, "terms"))
        levels.append(
            LevelReading(
                id=r.enum(item, "id", where, UNIT_LEVELS),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                terms=tuple((str(k), str(v)) for k, v in terms.items()),
                omit=r.texts(item, "omit", where, required=False),
                obligations=r.texts(item, "obligations", where) if "obligations" in item else None,
                choice=r.choice(item, where),
            )
        )
    checks = []
    for where, item in r.items(o, "checks", "organisation", required=False):
        r.entry(item, where, ("check", "clause", "levels", "roles", "with_roles", "kinds", "traits"))
        listed = r.texts(item, "levels", where)
        for i, level in enumerate(listed):
            if level and level not in UNIT_LEVELS:
                r.error(join(join(where, "levels"), i), f"{level!r} is not one of {', '.join(UNIT_LEVELS)}")
        checks.append(
            OrgCheck(
                check=r.enum(item, "check", where, ORG_CHECKS),
                clause=r.clause(item, "clause", where),
                levels=listed,
                roles=r.texts(item, "roles", where, required=False),
                with_roles=r.texts(item, "with_roles", where, required=False),
                kinds=r.texts(item, "kinds", where, required=False),
                traits=r.texts(item, "traits", where, required=False),
            )
        )
    return OrganisationRules(
        body_types=tuple(body_types),
        principals=tuple(principals),
        levels=tuple(levels),
        clause=r.opt_clause(o, "clause", "organisation"),
        checks=tuple(checks),
    )


def calendar(r: Reader, raw: Raw) -> CalendarRules:
    """The ``calendar`` section: how long after entry into force a first-year due date moves (a cited local
    choice)."""
    c = _section(r, raw, "calendar", ("first_due_after_effective_days",))
    if c.get("first_due_after_effective_days") is None:
        return CalendarRules()
    where = "calendar.first_due_after_effective_days"
    f = r.entry(r.mapping(c["first_due_after_effective_days"], where), where, ("value", "clause", *_CHOICE))
    return CalendarRules(
        first_due_after_effective_days=r.integer(f, "value", where),
        clause=r.opt_clause(f, "clause", where),
        choice=r.choice(f, where, required=True),
    )


def from_raw(raw: Mapping[str, Any]) -> tuple[DutyRules, OrganisationRules, CalendarRules]:
    """The three sections of a stored pack's raw data (the pack was validated when loaded)."""
    r = Reader()
    return duty_rules(r, raw), organisation(r, raw), calendar(r, raw)
