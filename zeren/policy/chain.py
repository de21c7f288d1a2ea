"""Who answers for an accident: the posts up from the supervising departments (arts. 3-17, 73).

Inputs are plain data the caller resolves at the accident time: the posts of the accident's county (and
township, and optionally prefecture) with their holders on the accident date, the department kinds that
supervise the accident's sector (pack ``sectors[].supervisors``) and the reach by grade (pack
``accidents.reach``, a local choice). The result is a proposal list for the competent organs (art. 71), never
a finding of responsibility. Pure: imports nothing from Django. Rules: docs/accidents.md.

Order (closest to the accident first), each tier cut by the reach for the grade:

1. ``township_principals`` — the township's Party and government principals (art_73, art_3__para_2);
2. ``department_principals`` — principals of the county departments supervising the sector
   (art_17__para_1 + the sector's clauses for that department kind), in the pack's supervisor order;
3. ``department_safety_leaders`` — their leaders in charge of safety (art_17__para_2);
4. ``overseeing_leaders`` — county government leaders who oversee those departments, their kind or the
   sector (art_16__para_1, art_3__para_2);
5. ``government_safety_leader`` (art_15__para_1); 6. ``government_principal`` (art_14__para_1,
   art_3__para_2); 7. ``party_principal`` (art_4__para_1, art_3__para_2);
8. ``prefecture_principals`` — the prefecture's Party and government principals.

A post reached by several tiers appears once, at its first place, with every reason and clause merged.
Within a tier posts are ordered by supervisor order (departments) or Party before government
(principals), then post code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TIERS: tuple[str, ...] = (
    "township_principals",
    "department_principals",
    "department_safety_leaders",
    "overseeing_leaders",
    "government_safety_leader",
    "government_principal",
    "party_principal",
    "prefecture_principals",
)
CAPACITY_LABELS: Mapping[str, str] = {
    "supervisory_department": "负有安全监管职责的部门",
    "industry_authority": "行业（领域）主管部门",
    "both": "负有安全监管职责的部门和行业（领域）主管部门",
    "contributing": "承担相关环节职责的部门",
}
_ROLE_ARTICLE = {
    "government_other_leader": "art_16__para_1",
    "government_safety_leader": "art_15__para_1",
    "government_principal": "art_14__para_1",
    "party_principal": "art_4__para_1",
}


@dataclass(frozen=True)
class Oversight:
    """One thing a post oversees (分管): an organisation, a department kind, and/or a sector."""

    organisation_code: str = ""
    kind_code: str = ""
    sector_code: str = ""
    organisation_name: str = ""  # for people: the reason names the organisation, never its code
    kind_name: str = ""


@dataclass(frozen=True)
class ChainPost:
    """A post in the accident's county, township or prefecture, with its holder on the accident date."""

    post_code: str
    unit_code: str  # administrative unit (county / township / prefecture)
    role_code: str  # pack role id
    title: str
    organisation_code: str = ""
    kind_code: str = ""  # pack department kind id of the organisation ("" for Party committee / government)
    holder_code: str = ""  # "" when vacant on the accident date
    holder_name: str = ""
    oversees: tuple[Oversight, ...] = ()


@dataclass(frozen=True)
class SupervisingKind:
    """A department kind that supervises the accident's sector (pack ``sectors[].supervisors``)."""

    kind_code: str
    capacity: str
    part: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class AccidentPlace:
    county_code: str
    township_code: str = ""  # "" when not in a township (or at county level)
    prefecture_code: str = ""


@dataclass(frozen=True)
class ReachRules:
    """Tiers reached by grade (a local choice, pack ``accidents.reach``) and role ids per tier."""

    by_grade: Mapping[str, tuple[str, ...]]
    on_report_failure: tuple[str, ...]
    clauses: tuple[str, ...]
    note: str
    source: str
    department_principal_roles: tuple[str, ...] = ("department_principal",)
    department_safety_roles: tuple[str, ...] = ("department_safety_leader",)
    overseeing_roles: tuple[str, ...] = (
        "government_other_leader",
        "government_safety_leader",
        "government_principal",
    )
    government_safety_roles: tuple[str, ...] = ("government_safety_leader",)
    government_principal_roles: tuple[str, ...] = ("government_principal",)
    party_principal_roles: tuple[str, ...] = ("party_principal",)


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


@dataclass
class _Row:
    post: ChainPost
    reasons: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)


class _Chain:
    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}

    def add(self, post: ChainPost, tier: str, reason: str, clauses: Sequence[str]) -> None:
        row = self.rows.setdefault(post.post_code, _Row(post))
        for target, values in ((row.reasons, [reason]), (row.clauses, clauses), (row.tiers, [tier])):
            target.extend(v for v in values if v and v not in target)

    def entries(self) -> list[ChainEntry]:
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
            )
            for row in self.rows.values()
        ]


def reached_tiers(grade: str, reach: ReachRules, *, report_failure: bool = False) -> list[str]:
    """The tiers the chain reaches for ``grade`` (plus ``on_report_failure`` when reporting failed)."""
    if grade not in reach.by_grade:
        raise ValueError(f"no reach for accident grade {grade!r}")
    wanted = set(reach.by_grade[grade]) | (set(reach.on_report_failure) if report_failure else set())
    return [tier for tier in TIERS if tier in wanted]


def answerable_chain(
    *,
    grade: str,
    sector_code: str,
    place: AccidentPlace,
    supervisors: Sequence[SupervisingKind],
    posts: Sequence[ChainPost],
    reach: ReachRules,
    report_failure: bool = False,
    sector_name: str = "",
) -> list[ChainEntry]:
    """The posts answerable for the accident, closest first, cut by ``reach`` for ``grade``.

    ``report_failure``: the accident was reported late, falsely or concealed; the chain then also reaches
    ``reach.on_report_failure`` whatever the grade.
    """
    tiers = reached_tiers(grade, reach, report_failure=report_failure)
    sector = sector_name or sector_code
    ordered = sorted(posts, key=lambda p: p.post_code)
    county = [p for p in ordered if p.unit_code == place.county_code]
    kinds = {s.kind_code: s for s in supervisors}
    kind_order = {s.kind_code: i for i, s in enumerate(supervisors)}
    departments = sorted(
        (p for p in county if p.kind_code in kinds), key=lambda p: (kind_order[p.kind_code], p.post_code)
    )
    organisations = {p.organisation_code for p in departments if p.organisation_code}
    chain = _Chain()
    for tier in tiers:
        if tier == "township_principals" and place.township_code:
            roles = (*reach.party_principal_roles, *reach.government_principal_roles)
            town = [p for p in ordered if p.unit_code == place.township_code and p.role_code in roles]
            for post in sorted(town, key=lambda p: roles.index(p.role_code)):  # Party first, stable
                chain.add(
                    post,
                    tier,
                    "事故发生在本乡镇（街道），乡镇统筹辖区安全生产监督管理，党政主要负责人同为第一责任人",
                    ["art_73__para_1", "art_3__para_2"],
                )
        elif tier in ("department_principals", "department_safety_leaders"):
            principal = tier == "department_principals"
            roles = reach.department_principal_roles if principal else reach.department_safety_roles
            for post in departments:
                if post.role_code not in roles:
                    continue
                sup = kinds[post.kind_code]
                capacity = CAPACITY_LABELS.get(sup.capacity, sup.capacity)
                if principal:
                    reason = f"本部门是{sector}的{capacity}（{sup.part}），主要负责人负全面领导责任"
                    clauses = ["art_17__para_1", *sup.clauses]
                else:
                    reason = f"本部门是{sector}的{capacity}（{sup.part}），分管安全工作的负责人"
                    clauses = ["art_17__para_2", *sup.clauses]
                chain.add(post, tier, reason, clauses)
        elif tier == "overseeing_leaders":
            for post in county:
                if post.role_code not in reach.overseeing_roles:
                    continue
                what = _overseen(post, organisations, kinds, sector_code, sector)
                if what:
                    article = _ROLE_ARTICLE.get(post.role_code, "art_16__para_1")
                    chain.add(
                        post,
                        tier,
                        f"分管{what}，对分管范围内的安全生产负领导责任（一岗双责）",
                        [article, "art_3__para_2"],
                    )
        elif tier in ("government_safety_leader", "government_principal", "party_principal"):
            roles, clauses, reason = _county_tier(tier, reach)
            for post in county:
                if post.role_code in roles:
                    chain.add(post, tier, reason, clauses)
        elif tier == "prefecture_principals" and place.prefecture_code:
            party_first = (*reach.party_principal_roles, *reach.government_principal_roles)
            prefecture = [
                p for p in ordered if p.unit_code == place.prefecture_code and p.role_code in party_first
            ]
            for post in sorted(prefecture, key=lambda p: party_first.index(p.role_code)):
                if post.role_code in reach.government_principal_roles:
                    clauses = ["art_14__para_1", "art_3__para_2"]
                elif post.role_code in reach.party_principal_roles:
                    clauses = ["art_4__para_1", "art_3__para_2"]
                else:
                    continue
                chain.add(post, tier, "上一级（地区）党政主要负责人，同为安全生产第一责任人", clauses)
    return chain.entries()


def _county_tier(tier: str, reach: ReachRules) -> tuple[tuple[str, ...], list[str], str]:
    if tier == "government_safety_leader":
        return (
            reach.government_safety_roles,
            ["art_15__para_1"],
            "分管安全生产工作，对安全生产综合监管工作负领导责任",
        )
    if tier == "government_principal":
        return (
            reach.government_principal_roles,
            ["art_14__para_1", "art_3__para_2"],
            "政府主要负责人，同为安全生产第一责任人（党政同责）",
        )
    return (
        reach.party_principal_roles,
        ["art_4__para_1", "art_3__para_2"],
        "党委主要负责人，同为安全生产第一责任人（党政同责）",
    )


def _overseen(
    post: ChainPost,
    organisations: set[str],
    kinds: Mapping[str, SupervisingKind],
    sector_code: str,
    sector: str,
) -> str:
    found: list[str] = []
    for item in post.oversees:
        if item.sector_code and item.sector_code == sector_code:
            found.append(f"{sector}行业（领域）")
        elif item.organisation_code and item.organisation_code in organisations:
            found.append(f"监管该行业的部门（{item.organisation_name or item.organisation_code}）")
        elif item.kind_code and item.kind_code in kinds and not item.organisation_code:
            found.append(f"监管该行业的部门（{item.kind_name or item.kind_code}）")
    return "、".join(dict.fromkeys(found))
