"""Checks of a built ``Pack`` against its parsed regulation. Every issue names a YAML path and clause."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .errors import PackIssue
from .model import PERIODS_PER_YEAR, Duty, Pack
from .refs import clause_refs
from .regulation import article_number, article_of, within
from .validate_accidents import validate_accidents
from .validate_assessment import validate_assessment
from .validate_org import unassigned_points, validate_org

SUMMARY_MAX = 40
_NEEDS_TRAIT = {
    "supervisory_department": ("supervisory_department",),
    "industry_authority": ("industry_authority",),
    "both": ("supervisory_department", "industry_authority"),
    "contributing": (),
}


class _Issues(list[PackIssue]):
    def add(self, path: str, clause: str | None, message: str) -> None:
        self.append(PackIssue(path, clause, message))


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def validate(pack: Pack) -> list[PackIssue]:
    """Every semantic problem of a structurally read pack: clauses missing from the text, duplicates,
    unassigned points ..."""
    issues = _Issues()
    issues += _clauses_exist(pack)
    issues += _duplicates(pack)
    issues += _duty_owners(pack)
    issues += unassigned_points(pack)
    issues += _sectors(pack)
    issues += _obligations(pack)
    issues += _rule_references(pack)
    issues += _articles(pack)
    issues += validate_accidents(pack)
    issues += validate_assessment(pack)
    issues += validate_org(pack)
    return issues


def _clauses_exist(pack: Pack) -> list[PackIssue]:
    """Unprefixed ids are the main regulation's; ``<source>:<eid>`` ids are checked against that source."""
    sources = {s.id: s for s in pack.sources}
    issues = _Issues()
    for path, clause in clause_refs(pack):
        if not clause:
            continue
        prefix, sep, eid = clause.rpartition(":")
        if not sep:
            if clause not in pack.regulation:
                issues.add(path, clause, f"clause {clause!r} does not exist in the regulation")
            continue
        source = sources.get(prefix)
        if source is None:
            issues.add(path, clause, f"clause {clause!r} names an unknown source {prefix!r}")
        elif eid not in source.index:
            issues.add(path, clause, f"clause {eid!r} does not exist in source {prefix!r} ({source.title})")
    return issues


def _unique(section: str, items: Iterable[_Identified], what: str) -> list[PackIssue]:
    seen: dict[str, int] = {}
    issues = _Issues()
    for i, item in enumerate(items):
        if item.id and item.id in seen:
            first = f"{section}[{seen[item.id]}]"
            issues.add(f"{section}[{i}].id", None, f"duplicate {what} id {item.id!r} (first at {first})")
        seen.setdefault(item.id, i)
    return issues


def _duplicates(pack: Pack) -> list[PackIssue]:
    a = pack.accountability
    issues = _Issues()
    issues += _unique("features", pack.features, "feature")
    issues += _unique("bodies", pack.bodies, "body")
    issues += _unique("roles", pack.roles, "role")
    issues += _unique("traits", pack.traits, "trait")
    issues += _unique("department_kinds", pack.department_kinds, "department kind")
    issues += _unique("sectors", pack.sectors, "sector")
    issues += _unique("obligations", pack.obligations, "obligation")
    issues += _unique("money.rewards", pack.money.rewards, "reward")
    issues += _unique("money.fines", pack.money.fines, "fine")
    issues += _unique("accountability.triggers", a.triggers, "trigger")
    issues += _unique("accountability.forms", a.forms, "form")
    issues += _unique("accountability.deciding_organs", a.deciding_organs, "organ")
    issues += _unique("local_choices", pack.local_choices, "local choice")
    return issues


def _duties(path: str, duties: tuple[Duty, ...], cited: tuple[str, ...], owner: str) -> list[PackIssue]:
    issues = _Issues()
    seen: dict[str, int] = {}
    for j, duty in enumerate(duties):
        where = f"{path}.duties[{j}]"
        if duty.clause and cited and not any(within(duty.clause, parent) for parent in cited):
            issues.add(
                f"{where}.clause",
                duty.clause,
                f"duty clause lies outside the clauses cited by {owner} ({', '.join(cited)})",
            )
        if duty.clause in seen:
            issues.add(
                f"{where}.clause", duty.clause, f"clause already listed at {path}.duties[{seen[duty.clause]}]"
            )
        seen.setdefault(duty.clause, j)
        if len(duty.summary) > SUMMARY_MAX:
            issues.add(
                f"{where}.summary",
                duty.clause,
                f"summary has {len(duty.summary)} characters; at most {SUMMARY_MAX}",
            )
    return issues


def _duty_owners(pack: Pack) -> list[PackIssue]:
    issues = _Issues()
    bodies = {b.id for b in pack.bodies}
    traits = {t.id for t in pack.traits}
    for i, role in enumerate(pack.roles):
        if role.body and role.body not in bodies:
            issues.add(f"roles[{i}].body", None, f"unknown body id {role.body!r}")
        issues += _duties(f"roles[{i}]", role.duties, role.clauses, f"role {role.id!r}")
    for i, trait in enumerate(pack.traits):
        issues += _duties(f"traits[{i}]", trait.duties, trait.clauses, f"trait {trait.id!r}")
    for i, kind in enumerate(pack.department_kinds):
        path = f"department_kinds[{i}]"
        if not any(pack.regulation.kinds.get(c) == "article" for c in kind.clauses):
            issues.add(
                f"{path}.clauses",
                kind.clauses[0] if kind.clauses else None,
                f"department kind {kind.id!r} does not cite its article (e.g. art_19)",
            )
        for j, kt in enumerate(kind.traits):
            if kt.trait and kt.trait not in traits:
                issues.add(f"{path}.traits[{j}].trait", kt.clause, f"unknown trait id {kt.trait!r}")
            if kt.clause and not any(within(kt.clause, c) for c in kind.clauses):
                issues.add(
                    f"{path}.traits[{j}].clause",
                    kt.clause,
                    "the trait must be stated in the kind's own article",
                )
        issues += _duties(path, kind.duties, kind.clauses, f"department kind {kind.id!r}")
    return issues


def _sectors(pack: Pack) -> list[PackIssue]:
    kinds = {k.id: k for k in pack.department_kinds}
    issues = _Issues()
    for i, sector in enumerate(pack.sectors):
        path = f"sectors[{i}]"
        if not any(sup.capacity != "contributing" for sup in sector.supervisors):
            issues.add(f"{path}.supervisors", None, f"sector {sector.id!r} has no supervising department")
        for j, sup in enumerate(sector.supervisors):
            where = f"{path}.supervisors[{j}]"
            kind = kinds.get(sup.kind)
            if kind is None:
                if sup.kind:
                    issues.add(
                        f"{where}.kind", sup.clause or None, f"unknown department kind id {sup.kind!r}"
                    )
                continue
            for needed in _NEEDS_TRAIT.get(sup.capacity, ()):
                if needed not in kind.trait_ids:
                    issues.add(
                        f"{where}.capacity",
                        sup.clause or None,
                        f"capacity {sup.capacity!r} needs kind {kind.id!r} to have trait {needed!r}",
                    )
    return issues


def _obligations(pack: Pack) -> list[PackIssue]:
    known = {
        "role": {r.id for r in pack.roles},
        "kind": {k.id for k in pack.department_kinds},
        "trait": {t.id for t in pack.traits},
        "body": {b.id for b in pack.bodies},
    }
    issues = _Issues()
    for i, ob in enumerate(pack.obligations):
        path = f"obligations[{i}]"
        for j, owner in enumerate(ob.owners):
            if owner.type and owner.id and owner.id not in known[owner.type]:
                issues.add(
                    f"{path}.owners[{j}].{owner.type}", ob.clause, f"unknown {owner.type} id {owner.id!r}"
                )
        if ob.frequency == "periodic":
            if ob.default_period is None:
                issues.add(
                    f"{path}.default_period", ob.clause, "a periodic obligation needs a default_period"
                )
            if not ob.choice.local_choice:
                issues.add(
                    f"{path}.local_choice",
                    ob.clause,
                    "a period the text leaves open (定期) is a local choice: set local_choice: true",
                )
        elif ob.default_period is not None:
            issues.add(
                f"{path}.default_period",
                ob.clause,
                f"default_period is only for periodic obligations, not {ob.frequency!r}",
            )
        expected = PERIODS_PER_YEAR.get(ob.period)
        if ob.due is not None and expected is not None and len(ob.due.month_days) != expected:
            issues.add(
                f"{path}.due.month_days",
                ob.clause,
                f"{ob.period} needs {expected} month-day(s), got {len(ob.due.month_days)}",
            )
    return issues


def _rule_references(pack: Pack) -> list[PackIssue]:
    issues = _Issues()
    split = pack.money.reward_split
    rewards = {r.id for r in pack.money.rewards}
    if split is not None:
        for j, rid in enumerate(split.applies_to):
            if rid and rid not in rewards:
                issues.add(f"money.reward_split.applies_to[{j}]", split.clause, f"unknown reward id {rid!r}")
    a = pack.accountability
    forms = {f.id for f in a.forms}
    for j, dform in enumerate(a.department_forms):
        if dform.form not in forms:
            issues.add(
                f"accountability.department_forms[{j}].form", dform.clause, f"unknown form id {dform.form!r}"
            )
    if a.veto is not None:
        allowed = forms | ({a.sanction.id} if a.sanction else set())
        for j, period in enumerate(a.veto.periods):
            if period.form not in allowed:
                issues.add(
                    f"accountability.veto.periods[{j}].form",
                    a.veto.clause,
                    f"unknown form id {period.form!r}",
                )
        covered = {p.form for p in a.veto.periods}
        for form in a.forms:
            if form.id not in covered:
                issues.add(
                    "accountability.veto.periods",
                    a.veto.clause,
                    f"no veto period for form {form.id!r} ({form.name})",
                )
    organs = {o.id for o in a.deciding_organs}
    if a.referral is not None and a.referral.id not in organs:
        issues.add(
            "accountability.referral.organ", a.referral.clause, f"unknown deciding organ id {a.referral.id!r}"
        )
    return issues


def _articles(pack: Pack) -> list[PackIssue]:
    features = {f.id for f in pack.features}
    index = pack.regulation
    seen: dict[str, int] = {}
    issues = _Issues()
    for i, art in enumerate(pack.articles):
        path = f"articles[{i}]"
        if art.eid in seen:
            issues.add(
                f"{path}.eid", art.eid, f"article classified twice (first at articles[{seen[art.eid]}])"
            )
        seen.setdefault(art.eid, i)
        if art.eid and index.kinds.get(art.eid) != "article":
            issues.add(f"{path}.eid", art.eid, f"{art.eid!r} is not an article of the regulation")
        if art.feature and art.feature not in features:
            issues.add(f"{path}.feature", art.eid, f"unknown feature id {art.feature!r}")
    for eid in index.articles:
        if eid not in seen:
            issues.add("articles", eid, f"article {eid} is not classified")
    return issues


__all__ = ["SUMMARY_MAX", "article_number", "article_of", "validate"]
