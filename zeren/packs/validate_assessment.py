"""Checks of the ``assessment`` section: clauses exist, weights add up, references resolve."""

from __future__ import annotations

from .errors import PackIssue
from .model import Pack
from .model_assessment import clause_refs
from .model_org import ORGANISATION_TYPES


def validate_assessment(pack: Pack) -> list[PackIssue]:
    """Problems of the ``assessment`` section: cited clauses, unique ids, weights adding up to the scale,
    the pass mark, and each group's reward, fine, principal roles and organisation types."""
    a = pack.assessment
    if a is None:
        return []
    issues: list[PackIssue] = []

    def add(path: str, clause: str | None, message: str) -> None:
        issues.append(PackIssue(path, clause, message))

    sources = {s.id: s for s in pack.sources}
    for path, clause in clause_refs(a):
        prefix, sep, eid = clause.rpartition(":")
        if not clause:
            continue
        if not sep and clause not in pack.regulation:
            add(path, clause, f"clause {clause!r} does not exist in the regulation")
        elif sep and (prefix not in sources or eid not in sources[prefix].index):
            add(path, clause, f"clause {clause!r} does not exist in source {prefix!r}")
    for section, ids in (
        ("groups", [g.id for g in a.groups]),
        ("indicators", [x.id for x in a.indicators]),
        ("deductions", [d.id for d in a.deductions]),
    ):
        for i, ident in enumerate(ids):
            if ident in ids[:i]:
                add(f"assessment.{section}[{i}].id", None, f"duplicate id {ident!r}")
    total = sum(x.weight for x in a.indicators)
    if total != a.scale:
        add("assessment.indicators", None, f"weights add up to {total}, not the scale {a.scale}")
    if not 0 < a.pass_mark <= a.scale:
        add("assessment.pass_mark.points", a.pass_mark_clause, f"pass mark must lie in 1..{a.scale}")
    rewards = {r.id: r for r in pack.money.rewards}
    fines = {f.id: f for f in pack.money.fines}
    roles = {r.id for r in pack.roles}
    groups = {g.id for g in a.groups}
    for i, g in enumerate(a.groups):
        where = f"assessment.groups[{i}]"
        reward, fine = rewards.get(g.reward), fines.get(g.fine)
        if reward is None:
            add(f"{where}.reward", g.clause, f"unknown money.rewards id {g.reward!r}")
        elif reward.recipient != g.members or reward.top is None:
            add(f"{where}.reward", g.clause, f"reward {g.reward!r} must be a top-N reward for {g.members}")
        if fine is None:
            add(f"{where}.fine", g.clause, f"unknown money.fines id {g.fine!r}")
        elif fine.payer != g.members:
            add(f"{where}.fine", g.clause, f"fine {g.fine!r} is not paid by {g.members}")
        for j, role in enumerate(g.principal_roles):
            if role not in roles:
                add(f"{where}.principal_roles[{j}]", g.clause, f"unknown role id {role!r}")
        for j, org_type in enumerate(g.organisation_types):
            if org_type not in ORGANISATION_TYPES:
                add(f"{where}.organisation_types[{j}]", g.clause, f"{org_type!r} is not an organisation type")
        if g.members == "prefecture_department" and not g.organisation_types:
            add(f"{where}.organisation_types", g.clause, "say which organisation types sit in the group")
        if g.prefecture_zones and g.members != "county":
            add(f"{where}.prefecture_zones", g.clause, "functional zones rank only in a group of counties")
        if g.prefecture_zones and not g.choice.local_choice:
            add(f"{where}.local_choice", g.clause, "ranking zones with the counties is a local choice")
        if g.organisation_types and not g.choice.local_choice:
            add(f"{where}.local_choice", g.clause, "who sits in a ranking group is a local choice")
    for i, x in enumerate(a.indicators):
        where = f"assessment.indicators[{i}]"
        if x.rule == "ceilings":
            covered = [c.group for c in x.ceilings]
            for j, group in enumerate(covered):
                if group not in groups:
                    add(f"{where}.ceilings[{j}].group", x.clause, f"unknown assessment group {group!r}")
            for group in sorted(groups - set(covered)):
                add(f"{where}.ceilings", x.clause, f"no ceiling for group {group!r}")
            if not x.per_excess_percent:
                add(f"{where}.per_excess_percent", x.clause, "a ceilings indicator needs per_excess_percent")
        elif x.ceilings:
            add(f"{where}.ceilings", x.clause, f"rule {x.rule!r} takes no ceilings")
    if not a.ranking or a.ranking[0] != "score_desc":
        add("assessment.ranking.order", a.ranking_clause, "the ranking must start with score_desc")
    if len(set(a.ranking)) != len(a.ranking):
        add("assessment.ranking.order", a.ranking_clause, "a ranking key is repeated")
    if not a.veto_triggers:
        add("assessment.veto.triggers", a.veto_clause, "no veto trigger")
    issues += _letter_and_ratings(pack)
    return issues


def _letter_and_ratings(pack: Pack) -> list[PackIssue]:
    a = pack.assessment
    issues: list[PackIssue] = []
    if a is None:
        return issues
    roles = {r.id for r in pack.roles}
    if a.letter is not None:
        where = "assessment.letter"
        obligations = {o.id for o in pack.obligations}
        bodies = {b.id for b in pack.bodies}
        if a.letter.issuer_body and a.letter.issuer_body not in bodies:
            issues.append(
                PackIssue(
                    f"{where}.issuer_body", a.letter.clause, f"unknown body id {a.letter.issuer_body!r}"
                )
            )
        for j, role in enumerate(a.letter.issuer_roles):
            if role not in roles:
                issues.append(
                    PackIssue(f"{where}.issuer_roles[{j}]", a.letter.clause, f"unknown role id {role!r}")
                )
        for j, ident in enumerate(a.letter.work):
            if ident not in obligations:
                issues.append(
                    PackIssue(f"{where}.work[{j}]", a.letter.clause, f"unknown obligation id {ident!r}")
                )
        if not any(x.rule == "ceilings" for x in a.indicators):
            issues.append(
                PackIssue(where, a.letter.clause, "a letter needs a ceilings indicator for its targets")
            )
    if a.ratings is not None:
        where = "assessment.ratings"
        forms = {f.id for f in pack.accountability.forms}
        if a.ratings.incompetent_from_form not in forms:
            issues.append(
                PackIssue(
                    f"{where}.incompetent_from_form",
                    a.ratings.clause,
                    f"unknown accountability form {a.ratings.incompetent_from_form!r}",
                )
            )
        if not 0 < a.ratings.excellent_min_score <= a.scale:
            issues.append(
                PackIssue(f"{where}.excellent_min_score", a.ratings.clause, f"must lie in 1..{a.scale}")
            )
    return issues
