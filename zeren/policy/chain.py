"""Who answers for an accident: the posts reached, tier by tier, as the pack's ``accidents.reach`` says.

Inputs are plain data the caller resolves at the accident time: the posts of the accident's local unit
(township, street or functional zone), county and prefecture — and of any other involved unit (where the
vehicle is registered, where the enterprise is licensed) — with their holders on the accident date; the
department kinds that supervise the accident's sectors (pack ``sectors[].supervisors``); and the reach
(pack ``accidents.reach``, a local choice). This module holds no clause id, role or kind code: every tier
says where it looks (level and scope), which roles it takes, which responsibility the post is examined
for and which clauses it cites. The result is a proposal list for the competent organs (art. 71), never a
finding of responsibility: each post is in the ``likely`` tier (the usual outcome of real investigations
at that grade) or only ``possible``. Pure: imports nothing from Django. Rules: docs/accidents.md.

Scopes: ``roles`` — posts of the unit with the tier's roles; ``kinds`` — posts in the unit's organisations
of the tier's kinds (the township safety office, village committees); ``supervisors`` — posts in the unit's
organisations whose kind supervises one of the sectors (county departments, their local stations in a
township, prefecture departments); ``overseers`` — posts whose portfolio (分管) covers a sector, a
supervising organisation or kind. A post reached by several tiers appears once, at its first tier, with
every reason and clause merged; it is likely if any of its tiers is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

LEVELS = ("local", "county", "prefecture")
SCOPES = ("roles", "kinds", "supervisors", "overseers")
# Circumstance ids the chain itself recognises (keywords of the pack format, like the grades).
REPORT_FAILURE, REPEATED, ZONE, PREFECTURE_DIRECT, URBAN_DISTRICT, INVOLVED = (
    "report_failure", "repeated", "zone", "prefecture_direct", "urban_district", "involved_unit",
)  # fmt: skip
CIRCUMSTANCES = (REPORT_FAILURE, REPEATED, ZONE, PREFECTURE_DIRECT, URBAN_DISTRICT, INVOLVED)
_UNIT_LABELS = {"local": "本乡镇（街道、功能区）", "county": "本县（市）", "prefecture": "本地区"}
CAPACITY_LABELS: Mapping[str, str] = {
    "supervisory_department": "负有安全监管职责的部门",
    "industry_authority": "行业（领域）主管部门",
    "both": "负有安全监管职责的部门和行业（领域）主管部门",
    "contributing": "承担相关环节职责的部门",
}


@dataclass(frozen=True)
class Oversight:
    """One thing a post oversees (分管): an organisation, a department kind, and/or a sector."""

    organisation_code: str = ""
    kind_code: str = ""
    sector_code: str = ""
    organisation_name: str = ""


@dataclass(frozen=True)
class ChainPost:
    """A post in one of the accident's units, with its holder on the accident date."""

    post_code: str
    unit_code: str  # administrative unit (township / zone / county / prefecture)
    role_code: str  # pack role id
    title: str
    organisation_code: str = ""
    kind_code: str = ""  # pack department kind id of the organisation ("" for Party committee / government)
    holder_code: str = ""  # "" when vacant on the accident date
    holder_name: str = ""
    oversees: tuple[Oversight, ...] = ()
    organisation_name: str = ""


@dataclass(frozen=True)
class SupervisingKind:
    """A department kind that supervises the accident's sector (pack ``sectors[].supervisors``)."""

    kind_code: str
    capacity: str
    part: str
    clauses: tuple[str, ...]
    sector_code: str = ""
    lead: bool = False  # the sector's lead department (the pack lists it first)


@dataclass(frozen=True)
class KindInfo:
    """What the chain needs to know of a department kind: its label, type and own article."""

    name: str
    type: str
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccidentPlace:
    county_code: str = ""  # "" for a zone managed directly by the prefecture
    township_code: str = ""  # the local unit: township, street or functional zone ("" at county level)
    prefecture_code: str = ""
    zone: bool = False  # the local unit is a functional zone (art. 1 para 2)
    county_zone: bool = False  # the county-level unit is a functional zone managed by the prefecture
    urban_district: bool = False  # the county-level unit is the prefecture's seat city or an urban district
    unit_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TierRule:
    """One tier of the reach (pack ``accidents.reach.tiers[]``)."""

    id: str
    name: str
    level: str
    scope: str
    roles: tuple[str, ...]
    responsibility: str  # a responsibility id
    clauses: tuple[str, ...]
    reason: str  # Chinese; may use {unit} {sector} {capacity} {part} {what} {kind}
    kinds: tuple[str, ...] = ()
    role_clauses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    zone_clauses: tuple[str, ...] = ()  # instead of ``clauses`` when the local unit is a zone
    kind_article_types: tuple[str, ...] = ()  # kind types citing the kind's own article, not ``clauses``
    capacities: tuple[str, ...] = ()  # supervisor capacities the tier considers (``()``: all)
    lead_only: bool = False  # only each sector's lead department (``SupervisingKind.lead``)


@dataclass(frozen=True)
class Placement:
    likely: tuple[str, ...] = ()
    possible: tuple[str, ...] = ()


@dataclass(frozen=True)
class Circumstance:
    id: str
    name: str
    clauses: tuple[str, ...] = ()
    placement: Placement = field(default_factory=Placement)
    by_grade: Mapping[str, Placement] = field(default_factory=dict)
    window_days: int = 0  # for ``repeated``: how far back another accident counts


@dataclass(frozen=True)
class SectorGroup:
    """Sectors placed by their own ``by_grade`` when an accident's every sector is in the group."""

    id: str
    name: str
    sectors: frozenset[str]
    by_grade: Mapping[str, Placement] = field(default_factory=dict)


@dataclass(frozen=True)
class ReachRules:
    """The reach (a local choice, pack ``accidents.reach``)."""

    tiers: tuple[TierRule, ...]
    by_grade: Mapping[str, Placement]
    circumstances: Mapping[str, Circumstance]
    responsibilities: Mapping[str, str]  # id -> Chinese label
    kinds: Mapping[str, KindInfo]
    clauses: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    sector_groups: tuple[SectorGroup, ...] = ()


@dataclass(frozen=True)
class ChainEntry:
    post_code: str
    unit_code: str
    role_code: str
    title: str
    holder_code: str
    holder_name: str
    reason: str  # Chinese, reasons merged with "；"
    clauses: list[str]
    tiers: list[str]
    likely: bool = False
    responsibility: str = ""  # Chinese label of the responsibility the post is examined for
    tier_names: list[str] = field(default_factory=list)
    circumstances: list[str] = field(default_factory=list)  # Chinese names of the circumstances involved


@dataclass
class _Row:
    post: ChainPost
    likely: bool = False
    responsibility: str = ""
    reasons: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    tier_names: list[str] = field(default_factory=list)
    circumstances: list[str] = field(default_factory=list)


def _extend(target: list[str], values: Sequence[str]) -> None:
    target.extend(v for v in values if v and v not in target)


def sector_group(reach: ReachRules, sectors: Collection[str], grade: str) -> SectorGroup | None:
    """The group that places an accident of ``sectors`` at ``grade``: the first whose sectors hold every one
    of them and which places that grade (an accident also in another sector keeps the default)."""
    wanted = set(sectors)
    for group in reach.sector_groups:
        if wanted and wanted <= group.sectors and grade in group.by_grade:
            return group
    return None


def placement(
    grade: str, reach: ReachRules, circumstances: Collection[str] = (), sectors: Collection[str] = ()
) -> tuple[list[str], list[str]]:
    """The likely and the possible tier ids for ``grade`` under ``circumstances``, in tier order; an accident
    whose sectors all belong to a sector group starts from the group's placement instead of the default."""
    if grade not in reach.by_grade:
        raise ValueError(f"no reach for accident grade {grade!r}")
    group = sector_group(reach, sectors, grade)
    base = group.by_grade[grade] if group else reach.by_grade[grade]
    likely, possible = set(base.likely), set(base.possible)
    for cid in circumstances:
        circ = reach.circumstances.get(cid)
        if circ is None or cid == INVOLVED:
            continue
        for part in (circ.placement, circ.by_grade.get(grade, Placement())):
            likely |= set(part.likely)
            possible |= set(part.possible)
    order = [t.id for t in reach.tiers]
    return [t for t in order if t in likely], [t for t in order if t in possible - likely]


class _Scope:
    """The posts of one place, resolved for the tiers."""

    def __init__(
        self, place: AccidentPlace, posts: Sequence[ChainPost], supervisors: Sequence[SupervisingKind]
    ) -> None:
        self.place = place
        self.units = {"local": place.township_code, "county": place.county_code}
        self.units["prefecture"] = place.prefecture_code
        self.posts = sorted(posts, key=lambda p: p.post_code)
        self.supervisors = supervisors
        self.kind_order: dict[str, int] = {}
        for s in supervisors:
            self.kind_order.setdefault(s.kind_code, len(self.kind_order))

    def at(self, level: str) -> list[ChainPost]:
        """The chain's posts at ``level`` (none when the chain has no unit there)."""
        unit = self.units.get(level, "")
        return [p for p in self.posts if unit and p.unit_code == unit]

    def unit_name(self, level: str) -> str:
        """The name of the chain's unit at ``level``, else the level's generic label."""
        unit = self.units.get(level, "")
        return self.place.unit_names.get(unit) or _UNIT_LABELS[level]


def answerable_chain(
    *,
    grade: str,
    sector_code: str | Sequence[str],
    place: AccidentPlace,
    supervisors: Sequence[SupervisingKind],
    posts: Sequence[ChainPost],
    reach: ReachRules,
    report_failure: bool = False,
    sector_name: str | Mapping[str, str] = "",
    circumstances: Collection[str] = (),
    involved: Sequence[AccidentPlace] = (),
) -> list[ChainEntry]:
    """The posts answerable for the accident, closest first, likely or possible as ``reach`` says.

    ``sector_code``: one sector or several (road traffic and school transport); ``supervisors`` then carry
    their ``sector_code``. ``report_failure`` adds the ``report_failure`` circumstance. ``involved``: other
    units involved (the vehicle's county, the enterprise's licensing county), reached as the pack's
    ``involved_unit`` circumstance says. The place adds its own circumstances: a zone, a zone managed by
    the prefecture, an urban district (``place.urban_district``, from the org data).
    """
    sectors = (sector_code,) if isinstance(sector_code, str) else tuple(sector_code)
    names = sector_name if isinstance(sector_name, Mapping) else {sectors[0]: sector_name or sectors[0]}
    active = set(circumstances)
    if report_failure:
        active.add(REPORT_FAILURE)
    if place.urban_district:
        active.add(URBAN_DISTRICT)
    if place.zone or place.county_zone:
        active.add(ZONE)
        if place.county_zone or not place.county_code:
            active.add(PREFECTURE_DIRECT)
    likely, possible = placement(grade, reach, active, sectors)
    rows: dict[str, _Row] = {}
    main = _Scope(place, posts, supervisors)
    _walk(rows, main, reach, likely, possible, active, sectors, names, grade)
    circ = reach.circumstances.get(INVOLVED)
    if circ is not None:
        part = circ.by_grade.get(grade, circ.placement)
        for other in involved:
            scope = _Scope(other, posts, supervisors)
            _walk(
                rows, scope, reach, list(part.likely), list(part.possible), {INVOLVED}, sectors, names, grade
            )
    return [
        ChainEntry(
            post_code=row.post.post_code,
            unit_code=row.post.unit_code,
            role_code=row.post.role_code,
            title=row.post.title,
            holder_code=row.post.holder_code,
            holder_name=row.post.holder_name,
            reason="；".join(row.reasons),
            clauses=row.clauses,
            tiers=row.tiers,
            likely=row.likely,
            responsibility=row.responsibility,
            tier_names=row.tier_names,
            circumstances=row.circumstances,
        )
        for row in rows.values()
    ]


def _walk(
    rows: dict[str, _Row],
    scope: _Scope,
    reach: ReachRules,
    likely: Sequence[str],
    possible: Sequence[str],
    active: Collection[str],
    sectors: Sequence[str],
    names: Mapping[str, str],
    grade: str,
) -> None:
    wanted = set(likely) | set(possible)
    for tier in reach.tiers:
        if tier.id not in wanted:
            continue
        circs = [
            c for cid, c in reach.circumstances.items() if cid in active and _mentions(c, tier.id, grade)
        ]
        for post, reason, clauses in _reached(tier, scope, reach, sectors, names):
            row = rows.setdefault(post.post_code, _Row(post))
            if not row.tiers:
                row.responsibility = reach.responsibilities.get(tier.responsibility, tier.responsibility)
            row.likely = row.likely or tier.id in likely
            _extend(row.reasons, [reason])
            _extend(row.clauses, clauses)
            for c in circs:
                _extend(row.clauses, c.clauses)
                _extend(row.circumstances, [c.name])
            _extend(row.tiers, [tier.id])
            _extend(row.tier_names, [tier.name])


def _mentions(circ: Circumstance, tier_id: str, grade: str) -> bool:
    """Whether the circumstance places ``tier_id`` at ``grade`` (its posts then cite its clauses)."""
    parts = [circ.placement, circ.by_grade.get(grade, circ.placement)]
    return any(tier_id in p.likely or tier_id in p.possible for p in parts)


def _reached(
    tier: TierRule,
    scope: _Scope,
    reach: ReachRules,
    sectors: Sequence[str],
    names: Mapping[str, str],
) -> list[tuple[ChainPost, str, list[str]]]:
    here = sorted(
        (p for p in scope.at(tier.level) if p.role_code in tier.roles),
        key=lambda p: (tier.roles.index(p.role_code), p.post_code),
    )
    zone = (tier.level, True) in (("local", scope.place.zone), ("county", scope.place.county_zone))
    base = tier.zone_clauses if zone and tier.zone_clauses else tier.clauses
    fields: dict[str, str] = defaultdict(str, unit=scope.unit_name(tier.level))
    fields["sector"] = "、".join(names.get(s, s) for s in sectors)
    result: list[tuple[ChainPost, str, list[str]]] = []
    supervisors = [
        s
        for s in scope.supervisors
        if (not tier.capacities or s.capacity in tier.capacities) and (s.lead or not tier.lead_only)
    ]

    def add(post: ChainPost, extra: Sequence[str] = (), own: Sequence[str] = ()) -> None:
        by_role = base if zone and tier.zone_clauses else tier.role_clauses.get(post.role_code, base)
        clauses = list(own) or list(by_role)
        result.append((post, tier.reason.format_map(fields), [*clauses, *extra]))

    if tier.scope == "roles":
        for post in here:
            add(post)
    elif tier.scope == "kinds":
        for post in (p for p in here if p.kind_code in tier.kinds):
            fields["kind"] = post.organisation_name or _kind(reach, post.kind_code).name
            add(post)
    elif tier.scope == "supervisors":
        by_kind: dict[str, list[SupervisingKind]] = {}
        for s in supervisors:
            by_kind.setdefault(s.kind_code, []).append(s)
        found = [p for p in here if p.kind_code in by_kind]
        for post in sorted(found, key=lambda p: scope.kind_order[p.kind_code]):  # stable: roles, code
            sups, info = by_kind[post.kind_code], _kind(reach, post.kind_code)
            fields["kind"] = post.organisation_name or info.name
            capacities = (CAPACITY_LABELS.get(s.capacity, s.capacity) for s in sups)
            fields["capacity"] = "、".join(dict.fromkeys(capacities))
            fields["part"] = "；".join(dict.fromkeys(s.part for s in sups))
            own = info.clauses if info.type in tier.kind_article_types else ()
            add(post, [c for s in sups for c in s.clauses], own)
    elif tier.scope == "overseers":
        kinds = {s.kind_code for s in supervisors}
        orgs = {
            p.organisation_code: p.organisation_name or p.organisation_code
            for level in LEVELS
            for p in scope.at(level)
            if p.kind_code in kinds and p.organisation_code
        }
        for post in _overseers(here, supervisors, orgs, sectors, names, reach):
            fields["what"] = _overseen(post, orgs, kinds, sectors, names, reach)
            add(post)
    return result


def _overseers(
    here: Sequence[ChainPost],
    supervisors: Sequence[SupervisingKind],
    orgs: Mapping[str, str],
    sectors: Sequence[str],
    names: Mapping[str, str],
    reach: ReachRules,
) -> list[ChainPost]:
    """The leaders overseeing the accident's sectors, sector by sector: a portfolio naming the sector wins
    over one naming its supervising departments (a fire in a care home: the deputy whose portfolio names
    fire safety, and, for the care home's sector, the deputy overseeing civil affairs)."""
    chosen: dict[str, ChainPost] = {}
    for sector in sectors:
        by_sector = [p for p in here if any(o.sector_code == sector for o in p.oversees)]
        kinds = {s.kind_code for s in supervisors if s.sector_code in ("", sector)}
        by_department = [p for p in here if _overseen(p, orgs, kinds, (), names, reach)]
        for post in by_sector or by_department:
            chosen.setdefault(post.post_code, post)
    return [p for p in here if p.post_code in chosen]


def _kind(reach: ReachRules, code: str) -> KindInfo:
    return reach.kinds.get(code, KindInfo(code, ""))


def _overseen(
    post: ChainPost,
    orgs: Mapping[str, str],
    kinds: set[str],
    sectors: Sequence[str],
    names: Mapping[str, str],
    reach: ReachRules,
) -> str:
    found: list[str] = []
    for item in post.oversees:
        if item.sector_code and item.sector_code in sectors:
            found.append(f"{names.get(item.sector_code, item.sector_code)}行业（领域）")
        elif item.organisation_code and item.organisation_code in orgs:
            found.append(item.organisation_name or orgs[item.organisation_code])
        elif item.kind_code and item.kind_code in kinds and not item.organisation_code:
            found.append(_kind(reach, item.kind_code).name)
    return "、".join(dict.fromkeys(found))
