"""Checks of the ``duties``, ``organisation`` and ``calendar`` sections against the rest of the pack."""

from __future__ import annotations

from .errors import PackIssue
from .model import Duty, Pack
from .regulation import within


def validate_org(pack: Pack) -> list[PackIssue]:
    """Problems of the ``duties`` and ``organisation`` sections: unknown roles, bodies and obligations, a
    body owing obligations that maps to no type, a level read twice."""
    issues: list[PackIssue] = []
    roles = {r.id for r in pack.roles}
    for i, inclusion in enumerate(pack.duty_rules.inclusions):
        where = f"duties.role_includes[{i}]"
        for j, role in enumerate((inclusion.role, *inclusion.includes)):
            if role and role not in roles:
                path = f"{where}.role" if j == 0 else f"{where}.includes[{j - 1}]"
                issues.append(PackIssue(path, inclusion.clause, f"unknown role id {role!r}"))
    o = pack.organisation
    bodies = {b.id for b in pack.bodies}
    for body, _ in o.body_types:
        if body not in bodies:
            issues.append(PackIssue(f"organisation.bodies.{body}", o.clause, f"unknown body id {body!r}"))
    for org_type, role in o.principals:
        if role and role not in roles:
            issues.append(
                PackIssue(f"organisation.principals.{org_type}", o.clause, f"unknown role id {role!r}")
            )
    owned = {owner.id for ob in pack.obligations for owner in ob.owners if owner.type == "body"}
    if o.body_types:
        for body in sorted(owned - {b for b, _ in o.body_types}):
            issues.append(
                PackIssue(
                    "organisation.bodies", o.clause, f"body {body!r} owes obligations but maps to no type"
                )
            )
    for i, check in enumerate(o.checks):
        for j, role in enumerate((*check.roles, *check.with_roles)):
            if role not in roles:
                issues.append(
                    PackIssue(f"organisation.checks[{i}]", check.clause, f"unknown role id {role!r} ({j})")
                )
        kinds, traits = {k.id for k in pack.department_kinds}, {t.id for t in pack.traits}
        for key, listed, known in (("kinds", check.kinds, kinds), ("traits", check.traits, traits)):
            for j, ident in enumerate(listed):
                if ident not in known:
                    path = f"organisation.checks[{i}].{key}[{j}]"
                    issues.append(PackIssue(path, check.clause, f"unknown id {ident!r}"))
    obligations = {ob.id for ob in pack.obligations}
    seen: set[str] = set()
    for i, level in enumerate(o.levels):
        where = f"organisation.levels[{i}]"
        if level.id in seen:
            issues.append(PackIssue(f"{where}.id", level.clause, f"level {level.id!r} is read twice"))
        seen.add(level.id)
        for j, ob in enumerate(level.obligations or ()):
            if ob not in obligations:
                issues.append(
                    PackIssue(f"{where}.obligations[{j}]", level.clause, f"unknown obligation {ob!r}")
                )
    return issues


def unassigned_points(pack: Pack) -> list[PackIssue]:
    """Every point (项) of the pack's duty articles (``duties.articles``) belongs to a role, trait or kind."""
    if pack.duty_rules.articles is None:
        return []
    owners: list[tuple[str, tuple[str, ...], tuple[Duty, ...]]] = []
    owners += [
        (f"department_kinds[{i}].duties", k.clauses, k.duties) for i, k in enumerate(pack.department_kinds)
    ]
    owners += [(f"traits[{i}].duties", t.clauses, t.duties) for i, t in enumerate(pack.traits)]
    owners += [(f"roles[{i}].duties", r.clauses, r.duties) for i, r in enumerate(pack.roles)]
    assigned = {duty.clause for _, _, duties in owners for duty in duties}
    issues = []
    for point in pack.regulation.points(*pack.duty_rules.articles):
        if point in assigned:
            continue
        path = next((p for p, cited, _ in owners if any(within(point, c) for c in cited)), "department_kinds")
        issues.append(
            PackIssue(path, point, f"point {point} is not assigned to any role, trait or department kind")
        )
    return issues
