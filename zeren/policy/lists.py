"""Responsibility lists (责任清单, arts. 4–52 and 74), derived from plain data — never typed by hand.

A post's list has five sources, each line citing its clause and saying why it applies:

``role``
    Every duty of the post's role (e.g. art. 16 for a deputy county head):
    "岗位角色：政府领导班子其他成员 → 第十六条".
``department_kind``
    When the role holds its department's duties (``holds_kind_duties``, e.g. a department principal,
    art. 17), the duties of the department's kind (its own article): "本部门为交通运输部门 → 第二十五条".
``trait``
    …and, where the kind is a supervisory department / industry authority, the art. 18 duties:
    "本部门为负有安全监管职责的部门 → 第十八条第一款".
``portfolio_department``
    For each overseen organisation (分管), the duties of its kind's article:
    "分管疏勒县交通运输局（交通运输部门）→ 第二十五条".
``portfolio_sector``
    For each overseen sector, the clauses the pack assigns to each supervising kind for that sector:
    a clause that is one of the kind's duties gives that duty; a paragraph clause (the article's
    lead-in naming the department's capacity) gives one line for the paragraph.

Lines come in source order (the order above), then in clause order; a clause that applies for several
reasons appears once, with every reason. Pure: imports nothing from Django.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from zeren.law import LawParseError, cite

Source = Literal["role", "department_kind", "trait", "portfolio_department", "portfolio_sector"]
SOURCES: tuple[Source, ...] = ("role", "department_kind", "trait", "portfolio_department", "portfolio_sector")
SOURCE_LABELS: dict[str, str] = {
    "role": "岗位职责",
    "department_kind": "本部门职责",
    "trait": "监管部门、行业主管部门共同职责",
    "portfolio_department": "分管部门（单位）",
    "portfolio_sector": "分管行业（领域）",
}
CAPACITY_LABELS: dict[str, str] = {
    "supervisory_department": "负有安全监管职责的部门",
    "industry_authority": "行业（领域）主管部门",
    "both": "负有安全监管职责的部门、行业（领域）主管部门",
    "contributing": "承担相关环节职责的部门",
}

_PART_RE = re.compile(r"([a-z]+)_(\d+)(?:_(\d+))?")
_PART_ORDER = {"art": 0, "para": 1, "point": 2}


# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyItem:
    clause: str
    summary: str


@dataclass(frozen=True)
class RoleDuties:
    code: str
    name: str
    clauses: tuple[str, ...]
    holds_kind_duties: bool
    duties: tuple[DutyItem, ...]


@dataclass(frozen=True)
class TraitDuties:
    """A trait of a kind (art. 18): the trait's own clause, the kind's clause conferring it, its scope."""

    code: str
    name: str
    clauses: tuple[str, ...]
    duties: tuple[DutyItem, ...]
    conferred_by: str = ""
    scope: str = ""


@dataclass(frozen=True)
class KindDuties:
    code: str
    name: str
    clauses: tuple[str, ...]
    duties: tuple[DutyItem, ...]
    traits: tuple[TraitDuties, ...] = ()

    @property
    def article(self) -> str:
        """The kind's first clause: the article that defines it."""
        return self.clauses[0] if self.clauses else ""


@dataclass(frozen=True)
class Supervisor:
    kind_code: str
    capacity: str
    part: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class SectorSupervision:
    code: str
    name: str
    supervisors: tuple[Supervisor, ...]


@dataclass(frozen=True)
class Inclusion:
    """A role whose holders also take another role's duties (pack ``duties.role_includes``)."""

    role_code: str
    clause: str


@dataclass(frozen=True)
class LevelRule:
    """How the measures read at a level of unit (pack ``organisation.levels``): its bodies renamed
    (``terms``: 党委常委会 → 党委会) and duties that do not apply there (``omit``)."""

    name: str
    clause: str
    terms: tuple[tuple[str, str], ...] = ()
    omit: tuple[str, ...] = ()

    def read(self, text: str) -> str:
        """``text`` with the level's terms substituted (a duty read at this unit level)."""
        for old, new in self.terms:
            text = text.replace(old, new)
        return text


OVERSIGHT = "oversight"  # a leader's list takes one line per overseen department (see _add_portfolio)
EVERY_DUTY = "every_duty"  # …or every point of the department's article


@dataclass(frozen=True)
class Catalogue:
    """The pack's roles, department kinds (with traits) and sectors, by code; which roles take other
    roles' duties; how each level of unit reads the measures; what an overseen department adds."""

    pack_id: str
    pack_version: str
    regulation_title: str
    roles: Mapping[str, RoleDuties]
    kinds: Mapping[str, KindDuties]
    sectors: Mapping[str, SectorSupervision]
    includes: Mapping[str, tuple[Inclusion, ...]] = field(default_factory=dict)
    levels: Mapping[str, LevelRule] = field(default_factory=dict)
    portfolio_department: str = EVERY_DUTY
    portfolio_clause: str = ""


@dataclass(frozen=True)
class PortfolioItem:
    """One thing a post oversees: an organisation (with its kind) and/or a sector (pack code)."""

    organisation_code: str = ""
    organisation_name: str = ""
    kind_code: str = ""
    sector_code: str = ""
    sector_name: str = ""
    note: str = ""  # e.g. "原疏勒县安全生产监督管理局，机构改革后由本机构承接" (art. 72)


@dataclass(frozen=True)
class PostInput:
    code: str
    title: str
    role_code: str
    organisation_code: str = ""
    organisation_name: str = ""
    kind_code: str = ""
    portfolio: tuple[PortfolioItem, ...] = ()
    level: str = ""  # the unit's level (prefecture, county, township, zone): the pack's reading of it


@dataclass(frozen=True)
class DepartmentInput:
    code: str
    name: str
    kind_code: str
    posts: tuple[PostInput, ...] = ()


# -- outputs -----------------------------------------------------------------------------------


class ReasonDict(TypedDict):
    """A reason as the list's JSON content stores it."""

    source: Source
    text: str
    refs: list[str]


class LineDict(TypedDict):
    """A list line as the list's JSON content stores it."""

    clause: str
    citation: str
    summary: str
    source: Source
    reason: str
    reasons: list[ReasonDict]


@dataclass(frozen=True)
class Reason:
    source: Source
    text: str
    refs: tuple[str, ...]  # ids involved, "role:…", "kind:…", "trait:…", "organisation:…", "sector:…"

    def as_dict(self) -> ReasonDict:
        """The reason as stored in a list's content."""
        return {"source": self.source, "text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True)
class ListLine:
    clause: str
    citation: str
    summary: str
    reasons: tuple[Reason, ...]

    @property
    def source(self) -> Source:
        """The line's primary source: that of its first reason."""
        return self.reasons[0].source

    @property
    def reason(self) -> str:
        """The reasons' texts joined, as the list shows them."""
        return "；".join(r.text for r in self.reasons)

    @property
    def refs(self) -> tuple[str, ...]:
        """The ids the reasons involve, each once, in order."""
        return tuple(dict.fromkeys(ref for r in self.reasons for ref in r.refs))

    def as_dict(self) -> LineDict:
        """The line as stored in a list's content (the first reason's source stands for the line)."""
        return {
            "clause": self.clause,
            "citation": self.citation,
            "summary": self.summary,
            "source": self.source,
            "reason": self.reason,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class PostList:
    post_code: str
    title: str
    role_code: str
    lines: tuple[ListLine, ...]


@dataclass(frozen=True)
class DepartmentList:
    code: str
    name: str
    kind_code: str
    lines: tuple[ListLine, ...]  # the department's own duties (its kind's article and art. 18)
    posts: tuple[PostList, ...] = field(default=())


# -- rules -------------------------------------------------------------------------------------


def clause_key(eid: str) -> tuple[tuple[int, int, int], ...]:
    """Document order of a clause id: ``art_25__para_1`` sorts before ``art_25__para_1__point_1``."""
    key: list[tuple[int, int, int]] = []
    for component in eid.split("__"):
        match = _PART_RE.fullmatch(component)
        if match is None:
            return ((99, 0, 0),)
        key.append((_PART_ORDER.get(match.group(1), 3), int(match.group(2)), int(match.group(3) or 0)))
    return tuple(key)


def citation(eid: str) -> str:
    """The Chinese citation of ``eid`` (第十七条第一款); the id itself when it is not a clause id."""
    try:
        return cite(eid)
    except LawParseError:
        return eid


def _cite_all(clauses: Iterable[str]) -> str:
    return "、".join(citation(c) for c in clauses)


@dataclass
class _Builder:
    lines: dict[str, tuple[int, tuple[tuple[int, int, int], ...], str, list[Reason]]] = field(
        default_factory=dict
    )
    level: LevelRule | None = None

    def add(self, source: Source, clause: str, summary: str, reason: Reason) -> None:
        """Add a duty line (omitted or reworded as the unit level reads it); a clause met again gains a
        reason."""
        if self.level is not None:
            if clause in self.level.omit:
                return
            summary = self.level.read(summary)
        existing = self.lines.get(clause)
        if existing is None:
            self.lines[clause] = (SOURCES.index(source), clause_key(clause), summary, [reason])
        elif reason not in existing[3]:
            existing[3].append(reason)

    def result(self) -> tuple[ListLine, ...]:
        """The lines ordered by source, then by clause."""
        ordered = sorted(self.lines.items(), key=lambda item: (item[1][0], item[1][1]))
        return tuple(
            ListLine(clause=clause, citation=citation(clause), summary=summary, reasons=tuple(reasons))
            for clause, (_, _, summary, reasons) in ordered
        )


def _add_kind(builder: _Builder, kind: KindDuties, organisation_code: str) -> None:
    org_ref = (f"organisation:{organisation_code}",) if organisation_code else ()
    kind_reason = Reason(
        "department_kind", f"本部门为{kind.name} → {citation(kind.article)}", (*org_ref, f"kind:{kind.code}")
    )
    for duty in kind.duties:
        builder.add("department_kind", duty.clause, duty.summary, kind_reason)
    for trait in kind.traits:
        trait_clause = trait.clauses[0] if trait.clauses else ""
        trait_reason = Reason(
            "trait",
            f"本部门为{trait.name} → {citation(trait_clause)}",
            (*org_ref, f"kind:{kind.code}", f"trait:{trait.code}"),
        )
        for duty in trait.duties:
            builder.add("trait", duty.clause, duty.summary, trait_reason)


def _add_portfolio(builder: _Builder, catalogue: Catalogue, item: PortfolioItem) -> None:
    if item.organisation_code:
        kind = catalogue.kinds.get(item.kind_code)
        if kind is not None:
            named = f"{item.organisation_name}（{kind.name}）"
            note = f"，{item.note}" if item.note else ""
            refs = (f"organisation:{item.organisation_code}", f"kind:{kind.code}")
            if catalogue.portfolio_department == OVERSIGHT and kind.article:
                # The article's points are the department principal's; the leader sees to them (art. 16).
                via = f"（{citation(catalogue.portfolio_clause)}）" if catalogue.portfolio_clause else ""
                reason = Reason(
                    "portfolio_department",
                    f"分管{named}{note}，督促指导其履职{via} → {citation(kind.article)}",
                    refs,
                )
                summary = f"督促指导分管的{kind.name}履行本条规定的安全生产职责"
                builder.add("portfolio_department", kind.article, summary, reason)
            else:
                reason = Reason("portfolio_department", f"分管{named}{note} → {citation(kind.article)}", refs)
                for duty in kind.duties:
                    builder.add("portfolio_department", duty.clause, duty.summary, reason)
    if item.sector_code:
        sector = catalogue.sectors.get(item.sector_code)
        if sector is None:
            return
        for supervisor in sector.supervisors:
            kind = catalogue.kinds.get(supervisor.kind_code)
            if kind is None:
                continue
            duties = {d.clause: d.summary for d in kind.duties}
            capacity = CAPACITY_LABELS.get(supervisor.capacity, supervisor.capacity)
            for clause in supervisor.clauses:
                reason = Reason(
                    "portfolio_sector",
                    f"分管{sector.name}行业（领域），{kind.name}（{capacity}）负责{supervisor.part}"
                    f" → {citation(clause)}",
                    (f"sector:{sector.code}", f"kind:{kind.code}"),
                )
                summary = duties.get(clause) or f"督促指导{kind.name}依照本条履行所涉行业（领域）安全生产职责"
                builder.add("portfolio_sector", clause, summary, reason)


def derive_post_list(catalogue: Catalogue, post: PostInput) -> list[ListLine]:
    """The post's list: its role's duties (and those of the roles it includes, e.g. art. 16 for the safety
    leader), its department's (when the role holds them), its portfolio's — read for the post's level
    (a township's 党委会 for 党委常委会; duties the pack omits there left out)."""
    level = catalogue.levels.get(post.level)
    builder = _Builder(level=level)
    role = catalogue.roles.get(post.role_code)
    if role is not None:
        read = (
            f"（{level.name}参照执行，{citation(level.clause)}）"
            if level and (level.terms or level.omit)
            else ""
        )
        reason = Reason(
            "role", f"岗位角色：{role.name} → {_cite_all(role.clauses)}{read}", (f"role:{role.code}",)
        )
        for duty in role.duties:
            builder.add("role", duty.clause, duty.summary, reason)
        for inclusion in catalogue.includes.get(role.code, ()):
            other = catalogue.roles.get(inclusion.role_code)
            if other is None:
                continue
            reason = Reason(
                "role",
                f"{role.name}同为{other.name} → {citation(inclusion.clause)}{read}",
                (f"role:{role.code}", f"role:{other.code}"),
            )
            for duty in other.duties:
                builder.add("role", duty.clause, duty.summary, reason)
        kind = catalogue.kinds.get(post.kind_code)
        if role.holds_kind_duties and kind is not None:
            _add_kind(builder, kind, post.organisation_code)
    for item in post.portfolio:
        _add_portfolio(builder, catalogue, item)
    return list(builder.result())


def derive_department_lines(catalogue: Catalogue, department: DepartmentInput) -> list[ListLine]:
    """The department's own duties: its kind's article and, by its traits, art. 18."""
    builder = _Builder()
    kind = catalogue.kinds.get(department.kind_code)
    if kind is not None:
        _add_kind(builder, kind, department.code)
    return list(builder.result())


def derive_department_list(
    catalogue: Catalogue,
    department: DepartmentInput,
    *,
    post_lines: Callable[[PostInput], Sequence[ListLine]] | None = None,
) -> DepartmentList:
    """Art. 74: the department's own duties, then each of its posts' lists (in the order given).

    ``post_lines`` gives a post's lines when the caller already derived them (``derive_post_list`` of the
    same catalogue and input); by default they are derived here."""
    lines_of = post_lines or (lambda p: derive_post_list(catalogue, p))
    return DepartmentList(
        code=department.code,
        name=department.name,
        kind_code=department.kind_code,
        lines=tuple(derive_department_lines(catalogue, department)),
        posts=tuple(PostList(p.code, p.title, p.role_code, tuple(lines_of(p))) for p in department.posts),
    )


def group_by_source(lines: Sequence[ListLine]) -> list[tuple[str, list[ListLine]]]:
    """Consecutive lines grouped under their source's Chinese heading (lines are already in source order)."""
    groups: list[tuple[str, list[ListLine]]] = []
    for line in lines:
        label = SOURCE_LABELS[line.source]
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(line)
    return groups


def fingerprint(payload: Mapping[str, object]) -> str:
    """SHA-256 of the canonical JSON of ``payload`` (sorted keys, no whitespace, UTF-8)."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
