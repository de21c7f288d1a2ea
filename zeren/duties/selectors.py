"""Reads for responsibility lists: the plain inputs of the derivation, the derived content, the portal.

A :class:`ListContext` loads the catalogue of the pack in force once (seven queries, whatever the
number of lists) and the org data a batch of posts needs in two or three more (posts, their active
portfolios with the overseen organisations; one query per reorganisation step only when an overseen
organisation has ended, art. 72). Deriving every list of a county is thus a bounded number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zeren.catalog.models import (
    DepartmentKind,
    Duty,
    KindTrait,
    PackVersion,
    Role,
    Sector,
    SectorSupervisor,
    Trait,
)
from zeren.catalog.packs import current_pack, stored_sections
from zeren.catalog.selectors import regulation_slug
from zeren.org.models import Organisation, Portfolio, Post, Unit, active_on
from zeren.org.selectors import responsible_organisations
from zeren.policy.lists import (
    EVERY_DUTY,
    Catalogue,
    DepartmentInput,
    DutyItem,
    Inclusion,
    KindDuties,
    LevelRule,
    ListLine,
    PortfolioItem,
    PostInput,
    RoleDuties,
    SectorSupervision,
    Supervisor,
    TraitDuties,
    derive_department_list,
    derive_post_list,
    fingerprint,
    group_by_source,
)

from .models import ResponsibilityList

_CATALOGUE_ATTR = "_zeren_list_catalogue"


def catalogue_for(pack: PackVersion) -> Catalogue:
    """The pack's roles, kinds (with traits) and sectors as plain data; cached on the pack instance."""
    cached: Catalogue | None = getattr(pack, _CATALOGUE_ATTR, None)
    if cached is not None:
        return cached
    by_role: dict[int, list[DutyItem]] = defaultdict(list)
    by_trait: dict[int, list[DutyItem]] = defaultdict(list)
    by_kind: dict[int, list[DutyItem]] = defaultdict(list)
    for role_id, trait_id, kind_id, clause, summary in (
        Duty.objects.filter(pack=pack)
        .order_by("position")
        .values_list("role_id", "trait_id", "kind_id", "clause", "summary")
    ):
        target = by_role[role_id] if role_id else by_trait[trait_id] if trait_id else by_kind[kind_id]
        target.append(DutyItem(clause, summary))
    traits = {t.pk: t for t in Trait.objects.filter(pack=pack)}
    kind_traits: dict[int, list[TraitDuties]] = defaultdict(list)
    for link in KindTrait.objects.filter(kind__pack=pack).order_by("pk"):
        trait = traits[link.trait_id]
        kind_traits[link.kind_id].append(
            TraitDuties(
                trait.code,
                trait.name,
                tuple(trait.clauses),
                tuple(by_trait[trait.pk]),
                link.clause,
                link.scope,
            )
        )
    kinds = {
        k.pk: KindDuties(k.code, k.name, tuple(k.clauses), tuple(by_kind[k.pk]), tuple(kind_traits[k.pk]))
        for k in DepartmentKind.objects.filter(pack=pack).order_by("position")
    }
    supervisors: dict[int, list[Supervisor]] = defaultdict(list)
    for s in SectorSupervisor.objects.filter(sector__pack=pack).order_by("position", "pk"):
        supervisors[s.sector_id].append(
            Supervisor(kinds[s.kind_id].code, s.capacity, s.part, tuple(s.clauses))
        )
    stored = stored_sections(pack)
    rules, organisation = stored.duty_rules, stored.organisation
    portfolio = rules.portfolio
    catalogue = Catalogue(
        pack_id=pack.pack_id,
        pack_version=f"{pack.effective_from:%Y-%m-%d}/{pack.content_sha256[:12]}",
        regulation_title=pack.title,
        roles={
            r.code: RoleDuties(r.code, r.name, tuple(r.clauses), r.holds_kind_duties, tuple(by_role[r.pk]))
            for r in Role.objects.filter(pack=pack).order_by("position")
        },
        kinds={k.code: k for k in kinds.values()},
        sectors={
            s.code: SectorSupervision(s.code, s.name, tuple(supervisors[s.pk]))
            for s in Sector.objects.filter(pack=pack).order_by("position")
        },
        includes={i.role: tuple(Inclusion(code, i.clause) for code in i.includes) for i in rules.inclusions},
        levels={lv.id: LevelRule(lv.name, lv.clause, lv.terms, lv.omit) for lv in organisation.levels},
        portfolio_department=portfolio.value if portfolio else EVERY_DUTY,
        portfolio_clause=portfolio.clause if portfolio else "",
    )
    setattr(pack, _CATALOGUE_ATTR, catalogue)
    return catalogue


@dataclass
class Derived:
    """A list as derived today: its owner, title and content, and the fingerprint that versions it."""

    owner: Post | Organisation
    title: str
    content: dict[str, Any]
    sha256: str

    @property
    def empty(self) -> bool:
        """Whether no section of the list has a line."""
        return not any(section["lines"] for section in self.content["sections"])


class ListContext:
    """Everything one request or one command needs to derive lists on ``on``, loaded once."""

    def __init__(self, *, on: dt.date | None = None, pack: PackVersion | None = None) -> None:
        self.on = on or timezone.localdate()
        self.pack = pack or current_pack(on=self.on)
        self.catalogue = catalogue_for(self.pack)
        self._inputs: dict[int, PostInput] = {}
        self._lines: dict[PostInput, list[ListLine]] = {}

    # -- org data -> plain inputs ----------------------------------------------------------------

    def load_posts(self, posts: Iterable[Post]) -> None:
        """Plain inputs for ``posts`` (with ``organisation`` selected): one query for their portfolios."""
        wanted = {p.pk: p for p in posts if p.pk not in self._inputs}
        if not wanted:
            return
        items: dict[int, list[PortfolioItem]] = defaultdict(list)
        portfolios = (
            Portfolio.objects.filter(active_on(self.on), post_id__in=list(wanted))
            .select_related("organisation")
            .order_by("start", "pk")
        )
        for portfolio in portfolios:
            items[portfolio.post_id].extend(self._portfolio_items(portfolio))
        for pk, post in wanted.items():
            organisation = post.organisation
            self._inputs[pk] = PostInput(
                code=post.code,
                title=post.title,
                role_code=post.role_code,
                organisation_code=organisation.code,
                organisation_name=organisation.name,
                kind_code=organisation.kind_code,
                portfolio=tuple(dict.fromkeys(items[pk])),
                level=post.unit.level,
            )

    def _portfolio_items(self, portfolio: Portfolio) -> list[PortfolioItem]:
        sectors = self.catalogue.sectors
        result: list[PortfolioItem] = []
        if portfolio.sector_code:
            sector = sectors.get(portfolio.sector_code)
            name = sector.name if sector else portfolio.sector_code
            result.append(PortfolioItem(sector_code=portfolio.sector_code, sector_name=name))
        overseen = portfolio.organisation
        if overseen is not None:
            responsible = [overseen]
            if overseen.end is not None and overseen.end < self.on:
                responsible = responsible_organisations(overseen, self.on)  # art. 72
            for org in responsible:
                note = f"原{overseen.name}职责由其承接（第七十二条）" if org.pk != overseen.pk else ""
                result.append(
                    PortfolioItem(
                        organisation_code=org.code,
                        organisation_name=org.name,
                        kind_code=org.kind_code,
                        note=note,
                    )
                )
        return result

    def post_input(self, post: Post) -> PostInput:
        """The plain input the pure derivation takes for ``post`` (loaded with its organisation's context)."""
        self.load_posts([post])
        return self._inputs[post.pk]

    # -- derivation ------------------------------------------------------------------------------

    def _header(self, title: str, unit: Unit, **extra: str) -> dict[str, Any]:
        pack = self.pack
        return {
            "title": title,
            "unit": unit.name,
            "unit_code": unit.code,
            "on": self.on.isoformat(),
            "pack_id": pack.pack_id,
            "pack_version": self.catalogue.pack_version,
            "regulation_title": pack.title,
            "regulation_slug": regulation_slug(pack),
            "document_number": pack.document_number,
            "issuer": stored_sections(pack).metadata.issuer or "",
            **extra,
        }

    def _derived(self, owner: Post | Organisation, content: dict[str, Any]) -> Derived:
        stable = {**content, "header": {k: v for k, v in content["header"].items() if k != "on"}}
        return Derived(
            owner=owner, title=content["header"]["title"], content=content, sha256=fingerprint(stable)
        )

    def post_lines(self, plain: PostInput) -> list[ListLine]:
        """``derive_post_list`` of ``plain``, once per context (for the post's list and its department's)."""
        lines = self._lines.get(plain)
        if lines is None:
            lines = self._lines[plain] = derive_post_list(self.catalogue, plain)
        return lines

    def derive_post(self, post: Post) -> Derived:
        """The responsibility list of ``post`` on the context's day: its role's duties and those it takes
        on (art. 74)."""
        plain = self.post_input(post)
        lines = self.post_lines(plain)
        role = self.catalogue.roles.get(post.role_code)
        header = self._header(
            f"{post.title}安全生产责任清单",
            post.unit,
            owner_kind="post",
            owner_code=post.code,
            owner_name=post.title,
            organisation=post.organisation.name,
            role=role.name if role else post.role_code,
        )
        sections = [_section(label, group) for label, group in group_by_source(lines)]
        return self._derived(post, {"header": header, "sections": sections})

    def derive_organisation(self, organisation: Organisation, posts: Sequence[Post] | None = None) -> Derived:
        """The department list of ``organisation``: its kind's duties, its traits' and its posts' lines
        (art. 74)."""
        if posts is None:
            posts = list(active_posts(Post.objects.filter(organisation=organisation), self.on))
        self.load_posts(posts)
        department = derive_department_list(
            self.catalogue,
            DepartmentInput(
                organisation.code,
                organisation.name,
                organisation.kind_code,
                tuple(self._inputs[p.pk] for p in posts),
            ),
            post_lines=self.post_lines,
        )
        kind = self.catalogue.kinds.get(organisation.kind_code)
        header = self._header(
            f"{organisation.name}安全生产责任清单",
            organisation.unit,
            owner_kind="organisation",
            owner_code=organisation.code,
            owner_name=organisation.name,
            organisation=organisation.name,
            kind=kind.name if kind else "",
        )
        sections = [_section("本部门（单位）职责", department.lines)] if department.lines else []
        # A post with no line of its own (a section head: not a leader post, no list) gets no empty section.
        sections += [_section(p.title, p.lines, post_code=p.post_code) for p in department.posts if p.lines]
        return self._derived(organisation, {"header": header, "sections": sections})


def _section(heading: str, lines: Sequence[ListLine], post_code: str = "") -> dict[str, Any]:
    section: dict[str, Any] = {"heading": heading, "lines": [line.as_dict() for line in lines]}
    if post_code:
        section["post_code"] = post_code
    return section


def active_posts(posts: QuerySet[Post], on: dt.date) -> QuerySet[Post]:
    """The posts of ``posts`` that exist on ``on``, by organisation, with their organisation and unit
    loaded."""
    return (
        posts.filter(active_on(on))
        .select_related("organisation", "unit")
        .order_by("organisation__name", "pk")
    )


def subtree_owners(unit: Unit, on: dt.date) -> tuple[list[Post], list[Organisation]]:
    """Posts and organisations active on ``on`` in ``unit``'s subtree (two queries)."""
    posts = list(active_posts(Post.objects.filter(unit__path__startswith=unit.path), on))
    organisations = list(
        Organisation.objects.filter(active_on(on), unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("unit__path", "type", "name")
    )
    return posts, organisations


# -- stored lists ------------------------------------------------------------------------------


def owner_filter(owner: Post | Organisation) -> Q:
    """The filter on a list's owner: a post or an organisation."""
    return Q(post=owner) if isinstance(owner, Post) else Q(organisation=owner)


def current_published(owner: Post | Organisation) -> ResponsibilityList | None:
    """The owner's published list, if any (at most one is published at a time)."""
    return ResponsibilityList.objects.filter(owner_filter(owner), status="published").first()


def open_draft(owner: Post | Organisation) -> ResponsibilityList | None:
    """The owner's open draft, if any (at most one)."""
    return ResponsibilityList.objects.filter(owner_filter(owner), status="draft").first()


def public_history(owner: Post | Organisation) -> QuerySet[ResponsibilityList]:
    """Every version ever published, newest first (the public history)."""
    return ResponsibilityList.objects.filter(owner_filter(owner), published_at__isnull=False).order_by(
        "-version"
    )


def line_count(content: dict[str, Any]) -> int:
    """The number of lines in a list's content, over all its sections."""
    return sum(len(section["lines"]) for section in content.get("sections", []))
