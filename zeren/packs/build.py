"""Raw YAML -> model for the organisational sections (features, bodies, roles, traits, kinds, sectors)."""

from __future__ import annotations

from .model import (
    CAPACITIES,
    CLASSIFICATIONS,
    KIND_TYPES,
    ArticleClass,
    Body,
    DepartmentKind,
    Duty,
    Effective,
    Feature,
    KindTrait,
    Metadata,
    Role,
    Sector,
    SectorSupervisor,
    Trait,
)
from .reader import Raw, Reader, join

_EFFECTIVE = ("effective_from", "effective_to")
_CHOICE = ("local_choice", "note", "source")


def metadata(r: Reader, raw: Raw) -> Metadata:
    """The front matter at the top of pack.yaml (all optional)."""
    return Metadata(
        issuer=r.opt_text(raw, "issuer", ""),
        document_number=r.opt_text(raw, "document_number", ""),
        jurisdiction=r.opt_text(raw, "jurisdiction", ""),
        time_zone=r.opt_text(raw, "time_zone", ""),
        adopted=r.date(raw, "adopted", ""),
        issued=r.date(raw, "issued", ""),
        published=r.date(raw, "published", ""),
    )


def duties(r: Reader, raw: Raw, path: str) -> tuple[Duty, ...]:
    """The ``duties`` list of a role, trait or kind: one clause and a short summary each."""
    result = []
    for where, item in r.items(raw, "duties", path):
        r.entry(item, where, ("clause", "summary"))
        result.append(Duty(clause=r.clause(item, "clause", where), summary=r.text(item, "summary", where)))
    return tuple(result)


def features(r: Reader, raw: Raw) -> tuple[Feature, ...]:
    """The pack's feature list (the ids articles are classified under)."""
    result = []
    for where, item in r.items(raw, "features", ""):
        r.entry(item, where, ("id", "name"))
        result.append(Feature(id=r.ident(item, "id", where), name=r.text(item, "name", where)))
    return tuple(result)


def bodies(r: Reader, raw: Raw) -> tuple[Body, ...]:
    """The bodies (党委, 政府, 安委会 ...) the roles belong to."""
    result = []
    for where, item in r.items(raw, "bodies", ""):
        r.entry(item, where, ("id", "name", "clauses"))
        result.append(
            Body(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clauses=r.texts(item, "clauses", where, required=False),
            )
        )
    return tuple(result)


def roles(r: Reader, raw: Raw, default: Effective) -> tuple[Role, ...]:
    """The leader roles with their duties and effective dates."""
    result = []
    keys = ("id", "name", "body", "clauses", "holds_kind_duties", "duties", "note", *_EFFECTIVE)
    for where, item in r.items(raw, "roles", ""):
        r.entry(item, where, keys)
        result.append(
            Role(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                body=r.ident(item, "body", where),
                clauses=r.texts(item, "clauses", where),
                holds_kind_duties=r.flag(item, "holds_kind_duties", where),
                duties=duties(r, item, where),
                effective=r.effective(item, where, default),
                note=r.opt_text(item, "note", where),
            )
        )
    return tuple(result)


def traits(r: Reader, raw: Raw, default: Effective) -> tuple[Trait, ...]:
    """Duty sets shared by several department kinds (e.g. every supervisory department)."""
    result = []
    for where, item in r.items(raw, "traits", ""):
        r.entry(item, where, ("id", "name", "clauses", "duties", *_EFFECTIVE))
        result.append(
            Trait(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clauses=r.texts(item, "clauses", where),
                duties=duties(r, item, where),
                effective=r.effective(item, where, default),
            )
        )
    return tuple(result)


def department_kinds(r: Reader, raw: Raw, default: Effective) -> tuple[DepartmentKind, ...]:
    """The department kinds with their traits, own duties and the local-choice note."""
    result = []
    keys = ("id", "name", "type", "clauses", "catch_all", "traits", "duties", *_CHOICE, *_EFFECTIVE)
    for where, item in r.items(raw, "department_kinds", ""):
        r.entry(item, where, keys)
        kind_traits = []
        for t_where, t in r.items(item, "traits", where, required=False):
            r.entry(t, t_where, ("trait", "clause", "scope"))
            kind_traits.append(
                KindTrait(
                    trait=r.ident(t, "trait", t_where),
                    clause=r.clause(t, "clause", t_where),
                    scope=r.text(t, "scope", t_where),
                )
            )
        result.append(
            DepartmentKind(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                type=r.enum(item, "type", where, KIND_TYPES),
                clauses=r.texts(item, "clauses", where),
                catch_all=r.flag(item, "catch_all", where),
                traits=tuple(kind_traits),
                duties=duties(r, item, where),
                effective=r.effective(item, where, default),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def sectors(r: Reader, raw: Raw, default: Effective) -> tuple[Sector, ...]:
    """The sectors with the department kinds that supervise them and in which capacity."""
    result = []
    for where, item in r.items(raw, "sectors", ""):
        r.entry(item, where, ("id", "name", "supervisors", "note", *_EFFECTIVE))
        supervisors = []
        for s_where, s in r.items(item, "supervisors", where):
            r.entry(s, s_where, ("kind", "capacity", "part", "clauses"))
            supervisors.append(
                SectorSupervisor(
                    kind=r.ident(s, "kind", s_where),
                    capacity=r.enum(s, "capacity", s_where, CAPACITIES),
                    part=r.text(s, "part", s_where),
                    clauses=r.texts(s, "clauses", s_where),
                )
            )
        result.append(
            Sector(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                supervisors=tuple(supervisors),
                effective=r.effective(item, where, default),
                note=r.opt_text(item, "note", where),
            )
        )
    return tuple(result)


def articles(r: Reader, raw: Raw) -> tuple[ArticleClass, ...]:
    """Each article's classification (implemented or declarative) and feature."""
    result = []
    for where, item in r.items(raw, "articles", ""):
        r.entry(item, where, ("eid", "classification", "feature", "note"))
        result.append(
            ArticleClass(
                eid=r.clause(item, "eid", where),
                classification=r.enum(item, "classification", where, CLASSIFICATIONS),
                feature=r.ident(item, "feature", where),
                note=r.opt_text(item, "note", where),
            )
        )
    return tuple(result)


__all__ = [
    "articles", "bodies", "department_kinds", "features", "join", "metadata", "roles", "sectors", "traits",
]  # fmt: skip
