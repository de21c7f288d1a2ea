"""Draft the organisation sections: roles, traits, department kinds and sectors.

Reads each article's opening sentence (the paragraph text before its points):

- a post named by :data:`tables.ROLE_CUES` in a duty chapter → a role, duties = the paragraph's points;
- ``…的部门属于负有安全监管职责的部门。其主要负责人…还应包括`` / ``行业（领域）主管部门主要负责人…还应包括``
  → a trait, duties = the points;
- ``X部门是…，其主要负责人的安全生产职责主要包括`` / ``X主要负责人的安全生产职责主要包括`` → a department
  kind, with the traits its opening claims (``是…负有安全监管职责的部门`` / ``是…行业主管部门``);
- ``党委其他工作机构，按照…`` → a catch-all department kind.

Sectors come from the trait scope phrases and from points that name a hazardous sector (烟花爆竹 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import tables
from .extractors import (
    Trait,
    canon,
    catch_all_heading,
    department_heading,
    split_scope,
    summarise,
    trait_phrases,
)
from .tree import Article, Paragraph, Tree

Entry = dict[str, Any]
Owner = dict[str, str]

TRAIT_NAMES: dict[str, str] = {
    "supervisory_department": "负有安全监管职责的部门",
    "industry_authority": "行业（领域）主管部门",
}
_ROLE_CUE_WINDOW = 30


@dataclass
class Organisation:
    roles: list[Entry] = field(default_factory=list)
    traits: list[Entry] = field(default_factory=list)
    kinds: list[Entry] = field(default_factory=list)
    sectors: list[Entry] = field(default_factory=list)
    #: clause id (paragraph or point) → the owner of the duties written there
    owners: dict[str, Owner] = field(default_factory=dict)
    #: kind id → the article that defines it
    kind_articles: dict[str, Article] = field(default_factory=dict)


def _duties(paragraph: Paragraph, subject_end: int = 0) -> list[Entry]:
    if paragraph.points:
        return [{"clause": point.eid, "summary": summarise(point.text)} for point in paragraph.points]
    return [{"clause": paragraph.eid, "summary": summarise(paragraph.text[subject_end:])}]


def match_role(paragraph_text: str) -> tables.RoleCue | None:
    """The post an opening sentence is about (the first table cue found near its start)."""
    text = canon(paragraph_text)
    for cue in tables.ROLE_CUES:
        index = text.find(cue.cue)
        if 0 <= index < _ROLE_CUE_WINDOW:
            return cue
    return None


def trait_defined(paragraph_text: str) -> Trait | None:
    """``…属于负有安全监管职责的部门。其主要负责人…还应包括`` → supervisory_department, etc."""
    text = canon(paragraph_text)
    if "还应包括" not in text and "属于负有安全" not in text:
        return None
    subject = text.split("主要负责人", 1)[0]
    if "负有安全监管职责的部门" in subject or "负有安全生产监督管理职责的部门" in subject:
        return "supervisory_department"
    if "主管部门" in subject:
        return "industry_authority"
    return None


def department_type(name: str, chapter: str) -> str:
    for kind_type, cues in tables.TYPE_CUES:
        if any(cue in name for cue in cues):
            return kind_type
    for cue, kind_type in tables.CHAPTER_TYPE_CUES:
        if cue in chapter:
            return kind_type
    return "government_department"


def kind_id(name: str, article_number: int) -> str:
    return tables.lookup(tables.KIND_IDS, name) or f"kind_art_{article_number}"


def _unique(wanted: str, used: set[str], suffix: str) -> str:
    candidate = wanted if wanted not in used else f"{wanted}_{suffix}"
    index = 2
    while candidate in used:
        candidate = f"{wanted}_{suffix}_{index}"
        index += 1
    used.add(candidate)
    return candidate


def draft_organisation(tree: Tree) -> Organisation:
    org = Organisation()
    roles: dict[str, Entry] = {}
    traits: dict[str, Entry] = {}
    kind_ids: set[str] = set()
    for article in tree.articles:
        in_duty_chapter = "职责" in article.chapter
        for index, paragraph in enumerate(article.paragraphs):
            opener = "职责" in paragraph.text and "包括" in paragraph.text
            role = match_role(paragraph.text) if (opener or in_duty_chapter) else None
            if role is not None:
                clause = paragraph.eid if len(article.paragraphs) > 1 else article.eid
                subject_end = paragraph.text.find(role.cue) + len(role.cue)
                entry = roles.get(role.id)
                if entry is None:
                    entry = {
                        "id": role.id,
                        "name": role.name,
                        "body": role.body,
                        "clauses": [],
                        "holds_kind_duties": role.holds_kind_duties,
                        "duties": [],
                        "draft": True,
                    }
                    roles[role.id] = entry
                    org.roles.append(entry)
                entry["clauses"].append(clause)
                entry["duties"].extend(_duties(paragraph, subject_end))
                _own(org, paragraph, {"role": role.id})
                continue
            trait = trait_defined(paragraph.text)
            if trait is not None:
                entry = traits.setdefault(
                    trait,
                    {"id": trait, "name": TRAIT_NAMES[trait], "clauses": [], "duties": [], "draft": True},
                )
                if entry not in org.traits:
                    org.traits.append(entry)
                entry["clauses"].append(paragraph.eid)
                entry["duties"].extend(_duties(paragraph))
                _own(org, paragraph, {"trait": trait})
                continue
            if index == 0:
                _draft_kind(org, article, paragraph, kind_ids)
    _attach_stub_traits(org, traits)
    _social_organisation_role(org, tree)
    org.sectors = draft_sectors(org)
    return org


def _social_organisation_role(org: Organisation, tree: Tree) -> None:
    """A duty chapter that lists only social organisations (工会、妇联…) and names no post gets one role:
    the organisation's principal, who holds the duties of their organisation's kind."""
    role_articles = {article_of(clause) for role in org.roles for clause in role["clauses"]}
    by_chapter: dict[str, list[str]] = {}
    for kind in org.kinds:
        article = org.kind_articles[kind["id"]]
        if "职责" in article.chapter:
            by_chapter.setdefault(article.chapter, []).append(kind["type"])
    for chapter, types in by_chapter.items():
        articles = [a.eid for a in tree.articles if a.chapter == chapter]
        if set(types) != {"social_organisation"} or role_articles & set(articles):
            continue
        org.roles.append(
            {
                "id": "social_organisation_principal",
                "name": "社会团体主要负责人",
                "body": "social_organisation",
                "clauses": [
                    kind["clauses"][0]
                    for kind in org.kinds
                    if org.kind_articles[kind["id"]].chapter == chapter
                ],
                "holds_kind_duties": True,
                "duties": [],
                "draft": True,
                "note": "职责见各社会团体的部门类型。",
            }
        )
        return


def article_of(clause: str) -> str:
    return clause.split("__", 1)[0]


def _own(org: Organisation, paragraph: Paragraph, owner: Owner) -> None:
    org.owners[paragraph.eid] = owner
    for point in paragraph.points:
        org.owners[point.eid] = owner


def _draft_kind(org: Organisation, article: Article, paragraph: Paragraph, used: set[str]) -> None:
    catch_all = catch_all_heading(paragraph.text)
    name = catch_all or department_heading(paragraph.text)
    if not name:
        return
    identifier = _unique(kind_id(name, article.number), used, f"art_{article.number}")
    entry: Entry = {
        "id": identifier,
        "name": name,
        "type": department_type(name, article.chapter),
        "clauses": [article.eid],
        "catch_all": catch_all is not None,
        "traits": [
            {"trait": trait, "clause": paragraph.eid, "scope": scope}
            for trait, scope in trait_phrases(paragraph.text)
        ],
        "duties": _duties(paragraph, len(name)),
        "draft": True,
    }
    org.kinds.append(entry)
    org.kind_articles[identifier] = article
    _own(org, paragraph, {"kind": identifier})


def _attach_stub_traits(org: Organisation, traits: dict[str, Entry]) -> None:
    """A trait claimed by a department but never defined gets an empty entry for the reviewer to fill."""
    for kind in org.kinds:
        for claim in kind["traits"]:
            trait = claim["trait"]
            if trait not in traits:
                traits[trait] = {
                    "id": trait,
                    "name": TRAIT_NAMES[trait],
                    "clauses": [claim["clause"]],
                    "duties": [],
                    "draft": True,
                    "note": "办法未单列该类部门的共同职责；条款为首个声明该属性的部门条款。",
                }
                org.traits.append(traits[trait])


def _names(text: str, term: str) -> bool:
    """``term`` occurs in ``text`` not negated by a leading 非 (煤矿 is not named by 非煤矿山)."""
    start = text.find(term)
    while start >= 0:
        if start == 0 or text[start - 1] != "非":
            return True
        start = text.find(term, start + 1)
    return False


def _same_sector(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


def draft_sectors(org: Organisation) -> list[Entry]:
    sectors: list[Entry] = []
    used: set[str] = set()

    def sector_for(name: str) -> Entry:
        for sector in sectors:
            if _same_sector(sector["name"], name):
                return sector
        wanted = tables.lookup(tables.SECTOR_IDS, name) or f"sector_{len(sectors) + 1}"
        sector = {
            "id": _unique(wanted, used, str(len(sectors) + 1)),
            "name": name,
            "supervisors": [],
            "draft": True,
        }
        sectors.append(sector)
        return sector

    def supervise(sector: Entry, kind: str, capacity: str, clause: str, part: str | None = None) -> None:
        for existing in sector["supervisors"]:
            if existing["kind"] == kind:
                if capacity != "contributing" and existing["capacity"] not in (capacity, "both"):
                    existing["capacity"] = capacity if existing["capacity"] == "contributing" else "both"
                if clause not in existing["clauses"]:
                    existing["clauses"].append(clause)
                return
        supervisor: Entry = {"kind": kind, "capacity": capacity}
        if part:
            supervisor["part"] = part
        supervisor["clauses"] = [clause]
        sector["supervisors"].append(supervisor)

    for kind in org.kinds:
        for claim in kind["traits"]:
            if claim["scope"] == "安全生产综合监管":
                continue
            for name in split_scope(claim["scope"]):
                part = f"{name}{'安全监管' if claim['trait'] == 'supervisory_department' else '行业管理'}"
                supervise(sector_for(name), kind["id"], claim["trait"], claim["clause"], part)
    for kind in org.kinds:
        article = org.kind_articles[kind["id"]]
        for paragraph in article.paragraphs:
            for point in paragraph.points:
                for term, name in tables.POINT_SECTOR_TERMS.items():
                    if not _names(point.text, term):
                        continue
                    supervise(
                        sector_for(name), kind["id"], "contributing", point.eid, summarise(point.text, 20)
                    )
    _promote_sole_contributors(org, sectors)
    return sectors


def _promote_sole_contributors(org: Organisation, sectors: list[Entry]) -> None:
    """A sector named only in points gets its first contributor promoted to that kind's own trait capacity:
    the point lies in the department's own field (住房和城乡建设部门 … 城镇燃气经营活动的监督管理)."""
    traits_of = {kind["id"]: [claim["trait"] for claim in kind["traits"]] for kind in org.kinds}
    for sector in sectors:
        supervisors = sector["supervisors"]
        if any(s["capacity"] != "contributing" for s in supervisors):
            continue
        for supervisor in supervisors:
            traits = traits_of.get(supervisor["kind"], [])
            if traits:
                supervisor["capacity"] = "both" if len(set(traits)) > 1 else traits[0]
                break
