"""Who owes each occurrence: the pack's ``owners`` resolved to posts in the org data.

``OrgSnapshot.load`` reads the org data once (a handful of queries, whatever its size); the
resolution itself runs in memory. See ``owed_slots`` for the rules and docs/obligations.md for the
table per obligation.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from zeren.catalog.models import KindTrait, PackVersion
from zeren.catalog.packs import stored_sections
from zeren.org.models import Organisation, Post, Succession, Unit
from zeren.packs.model_org import CalendarRules, DutyRules, OrganisationRules
from zeren.policy.schedule import Period


@dataclass(frozen=True)
class PackRules:
    """The pack's reading of the org data (pack.yaml ``duties``, ``organisation``, ``calendar``): which
    unit levels owe which obligations (art. 1, art. 73), which organisation types make up each body, who
    answers for an organisation, which roles take another role's duties."""

    duties: DutyRules
    organisation: OrganisationRules
    calendar: CalendarRules

    @classmethod
    def of(cls, pack: PackVersion) -> PackRules:
        stored = stored_sections(pack)
        return cls(stored.duty_rules, stored.organisation, stored.calendar)


@dataclass(frozen=True)
class OrgRow:
    id: int
    unit_id: int
    type: str
    kind_code: str
    start: dt.date
    end: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PostRow:
    id: int
    organisation_id: int
    unit_id: int
    role_code: str
    start: dt.date
    end: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Slot(NamedTuple):
    """One owed occurrence: the period, the owning post, and the organisations it passed from (art. 72).

    A named tuple, not a dataclass: a year has one per occurrence (100,000s), and a tuple is built in a
    fraction of a frozen dataclass's time."""

    period: Period
    post: PostRow
    organisation_id: int
    via: frozenset[int] = frozenset()


@dataclass
class OrgSnapshot:
    orgs: dict[int, OrgRow]
    posts_by_org: dict[int, list[PostRow]]
    posts_by_role: dict[str, list[PostRow]]
    successions: dict[int, list[tuple[int, dt.date]]]
    kinds_by_trait: dict[str, set[str]]
    owner_units: dict[int, str]  # unit id -> its level, for the levels the pack reads
    rules: PackRules
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def load(cls, *, pack: PackVersion, year: int) -> OrgSnapshot:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rules = PackRules.of(pack)
        owner_units = dict(
            Unit.objects.filter(level__in=rules.organisation.level_ids).values_list("pk", "level")
        )
        orgs = {
            row["pk"]: OrgRow(
                row["pk"], row["unit_id"], row["type"], row["kind_code"], row["start"], row["end"]
            )
            for row in Organisation.objects.filter(start__lte=last).values(
                "pk", "unit_id", "type", "kind_code", "start", "end"
            )
        }
        posts_by_org: dict[int, list[PostRow]] = defaultdict(list)
        posts_by_role: dict[str, list[PostRow]] = defaultdict(list)
        for row in (
            Post.objects.filter(unit_id__in=list(owner_units), start__lte=last)
            .exclude(end__lt=first)
            .order_by("pk")
            .values("pk", "organisation_id", "unit_id", "role_code", "start", "end")
        ):
            post = PostRow(
                row["pk"], row["organisation_id"], row["unit_id"], row["role_code"], row["start"], row["end"]
            )
            posts_by_org[post.organisation_id].append(post)
            posts_by_role[post.role_code].append(post)
        successions: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        for pred, succ, on in Succession.objects.values_list("predecessor_id", "successor_id", "on"):
            successions[pred].append((succ, on))
        kinds_by_trait: dict[str, set[str]] = defaultdict(set)
        for kind, trait in KindTrait.objects.filter(kind__pack=pack).values_list("kind__code", "trait__code"):
            kinds_by_trait[trait].add(kind)
        return cls(orgs, posts_by_org, posts_by_role, successions, kinds_by_trait, owner_units, rules)

    def owes(self, unit_id: int, obligation: str | None) -> bool:
        """Whether a unit's level owes ``obligation`` (pack ``organisation.levels[].obligations``)."""
        level = self.owner_units.get(unit_id)
        if level is None:
            return False
        owed = self._owed_by_level.get(level)
        return obligation is None or owed is None or obligation in owed

    def owing_units(self, obligation: str | None) -> frozenset[int]:
        """The units whose level owes ``obligation``: ``owes`` of every unit at once, kept per obligation."""
        found = self._owing.get(obligation)
        if found is None:
            found = self._owing[obligation] = frozenset(
                u for u in self.owner_units if self.owes(u, obligation)
            )
        return found

    @functools.cached_property
    def _owing(self) -> dict[str | None, frozenset[int]]:
        return {}

    def principals_of(self, org: OrgRow) -> list[PostRow]:
        """``org``'s posts of its principal role (``organisation.principals``), in post order."""
        found = self._principals.get(org.id)
        if found is None:
            role = self.rules.organisation.principal_role(org.type)
            found = self._principals[org.id] = [
                p for p in self.posts_by_org.get(org.id, []) if p.role_code == role
            ]
        return found

    @functools.cached_property
    def _principals(self) -> dict[int, list[PostRow]]:
        return {}

    @functools.cached_property
    def _owed_by_level(self) -> dict[str, frozenset[str] | None]:
        return {
            lv.id: None if lv.obligations is None else frozenset(lv.obligations)
            for lv in self.rules.organisation.levels
        }

    # -- art. 72 ----------------------------------------------------------------------------

    def responsible(self, org: OrgRow, on: dt.date) -> tuple[list[OrgRow], frozenset[int]]:
        """In memory, the same walk as ``zeren.org.selectors.responsible_organisations``.

        Returns the organisations answering for ``org`` on ``on`` and the ended ones passed through.
        """
        current, seen = [org], set[int]()
        while True:
            ended = [o for o in current if o.end is not None and o.end < on and o.id not in seen]
            if not ended:
                return current, frozenset(seen)
            seen.update(o.id for o in ended)
            successor_ids = {succ for o in ended for succ, day in self.successions.get(o.id, []) if day <= on}
            successors = [self.orgs[i] for i in sorted(successor_ids) if i in self.orgs]
            if not successors:
                return current, frozenset(seen)
            current = [o for o in current if o not in ended] + [s for s in successors if s not in current]

    def principal_post(self, org: OrgRow, on: dt.date) -> PostRow | None:
        for post in self.principals_of(org):
            if post.active_on(on):
                return post
        return None

    # -- owners -----------------------------------------------------------------------------

    def organisations_for(self, owner: dict[str, Any], obligation: str | None = None) -> Iterator[OrgRow]:
        if "body" in owner:
            types = self.rules.organisation.types_of(owner["body"])
            kinds: set[str] | None = None
        elif "kind" in owner:
            types, kinds = (), {owner["kind"]}
        elif "trait" in owner:
            types, kinds = (), self.kinds_by_trait.get(owner["trait"], set())
        else:
            return
        owing = self.owing_units(obligation)
        for org in self.orgs.values():
            if org.unit_id not in owing:
                continue
            if (kinds is None and org.type in types) or (kinds is not None and org.kind_code in kinds):
                yield org

    def _through_successors(
        self, org: OrgRow, period: Period, pick: Callable[[OrgRow], PostRow | None]
    ) -> Iterator[tuple[PostRow, OrgRow, frozenset[int]]]:
        orgs, via = self.responsible(org, period.due)
        for answering in orgs:
            if answering.active_on(period.due):
                post = pick(answering)
                if post is not None:
                    yield post, answering, via


def owed_slots(
    snapshot: OrgSnapshot,
    owners: Iterable[dict[str, Any]],
    periods: list[Period],
    *,
    obligation: str | None = None,
) -> list[Slot]:
    """Resolve a pack obligation's ``owners`` to the posts that owe each period.

    Only units of the levels the pack reads owe anything (``organisation.levels``: 县级以上 by art. 1,
    townships and zones by reference, arts. 1 para 2 and 73), and a level that lists its
    ``obligations`` owes only those. The mapping (clauses: arts. 4, 14, 16, 17, 18, 53–59, 72, 74):

    - ``{role: R}`` (art. 4 para 1 point 2 → party_principal; art. 14 para 1 point 2 →
      government_principal; art. 16 para 1 point 4 → government_other_leader; art. 17 para 1 point 3 →
      department_principal): every post with role_code R, or with a role that takes R's duties
      (``duties.role_includes``: the safety leader is a member of the government team, art. 16), for
      each period whose due date falls within the post's existence. The owner is the post, so a vacated
      post keeps its occurrences. A post whose organisation was reorganised (art. 72) passes the periods
      due after the reorganisation to the successor's posts of the same role.
    - ``{body: B}`` (arts. 53, 54, 55, 57 para 1, 59 → party_committee / government; art. 57 para 2 →
      safety_committee_office; art. 74 → department): every organisation of the body's type(s)
      (pack ``organisation.bodies``), owed by its principal post (``organisation.principals``) active on
      the due date.
    - ``{kind: K}`` / ``{trait: T}`` (art. 18 para 1 point 5, art. 57 para 1 → supervisory_department,
      industry_authority): every organisation of kind K, or of a kind carrying trait T in the pack,
      owed by its principal post.
    - For organisation owners, an organisation ended before a due date answers through its
      successors (``responsible``, art. 72) — including a successor whose own kind lacks the trait.

    Periods due before the post or organisation exists are not owed; a post or organisation with no
    principal on the due date owes nothing that period (counted in ``snapshot.stats["unowned"]``).
    """
    slots: list[Slot] = []
    owing = snapshot.owing_units(obligation)
    for owner in owners:
        if "role" in owner:
            holders = [
                (role, post)
                for role in snapshot.rules.duties.roles_including(owner["role"])
                for post in snapshot.posts_by_role.get(role, [])
                if post.unit_id in owing
            ]
            for role, post in holders:
                org = snapshot.orgs[post.organisation_id]
                for period in periods:
                    if post.active_on(period.due):
                        slots.append(Slot(period, post, org.id))
                    elif post.end is not None and post.end < period.due and org.end is not None:
                        slots.extend(_passed_on(snapshot, org, period, role))
            continue
        for org in snapshot.organisations_for(owner, obligation):
            for period in periods:
                due = period.due
                if org.start > due:
                    continue
                if org.end is None or due <= org.end:  # not reorganised by then: it answers itself
                    principal = snapshot.principal_post(org, due)
                    if principal is None:
                        snapshot.stats["unowned"] += 1
                    else:
                        slots.append(Slot(period, principal, org.id))
                    continue
                found = False
                pick = functools.partial(_principal_on, snapshot, period.due)
                for post, answering, via in snapshot._through_successors(org, period, pick):
                    slots.append(Slot(period, post, answering.id, via))
                    found = True
                if not found and org.active_on(period.due):
                    snapshot.stats["unowned"] += 1
    return slots


def _principal_on(snapshot: OrgSnapshot, due: dt.date, org: OrgRow) -> PostRow | None:
    return snapshot.principal_post(org, due)


def _passed_on(snapshot: OrgSnapshot, org: OrgRow, period: Period, role: str) -> Iterator[Slot]:
    """A role owner's period due after its organisation was reorganised: the successor's same-role post."""

    def same_role(candidate: OrgRow) -> PostRow | None:
        posts = snapshot.posts_by_org.get(candidate.id, [])
        return next((p for p in posts if p.role_code == role and p.active_on(period.due)), None)

    for post, answering, via in snapshot._through_successors(org, period, same_role):
        if answering.id != org.id:
            yield Slot(period, post, answering.id, via)
