"""Writes for responsibility lists: build a draft from the derivation, publish it as the next version.

Every function is keyword-only and atomic, and records one audit event per list row it writes, in the
same transaction. A published row is never modified (``ResponsibilityList.save`` enforces it);
publishing the next version only moves the previous one to ``superseded``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zeren.audit.services import batched_events, record_event
from zeren.common.actor import Actor, acting_user
from zeren.common.bulk import bulk_insert
from zeren.org.models import Organisation, Post, Unit

from .errors import NoOwner, NotADraft
from .models import ResponsibilityList
from .selectors import Derived, ListContext, owner_filter, subtree_owners

Status = ResponsibilityList.Status
SNAPSHOT_FIELDS = ("status", "version", "title", "on", "content_sha256", "published_at", "superseded_at")


def _snap(row: ResponsibilityList) -> dict[str, Any]:
    return {
        "owner": f"{row.owner_kind}:{row.owner_code}",
        "pack": row.pack_id,
        **{name: getattr(row, name) for name in SNAPSHOT_FIELDS},
        "published_by": row.published_by_id,
        "reviewed_by": row.reviewed_by_id,
    }


@dataclass(frozen=True)
class BuildResult:
    """``list`` is the row the derivation matches: a new draft (``created``), the open draft or the current
    published version (``unchanged``); ``superseded`` is the stale draft a new derivation replaced."""

    list: ResponsibilityList
    created: bool
    superseded: ResponsibilityList | None = None


def _supersede_draft(*, actor: Actor, draft: ResponsibilityList, note: str) -> None:
    before = _snap(draft)
    draft.status = Status.SUPERSEDED
    draft.save(update_fields=["status"])
    record_event(
        actor=actor,
        action="duties.supersede_draft",
        obj=draft,
        before=before,
        after=_snap(draft),
        unit_path=draft.unit.path,
        note=note,
    )


def _store(
    *, actor: Actor, derived: Derived, context: ListContext, rows: list[ResponsibilityList] | None = None
) -> BuildResult:
    """Keep ``derived`` unless it equals the owner's open draft or current version (``rows``: both, if
    the caller preloaded them)."""
    owner = derived.owner
    if rows is None:
        rows = list(
            ResponsibilityList.objects.filter(
                owner_filter(owner), status__in=[Status.DRAFT, Status.PUBLISHED]
            )
        )
    draft = next((r for r in rows if r.status == Status.DRAFT), None)
    published = next((r for r in rows if r.status == Status.PUBLISHED), None)
    if draft is not None and draft.content_sha256 == derived.sha256:
        return BuildResult(draft, created=False)
    if published is not None and published.content_sha256 == derived.sha256:
        if draft is not None:  # the change the draft recorded was undone: it must not be published
            _supersede_draft(actor=actor, draft=draft, note="现行版本已与当前岗位和分管情况一致，旧草稿作废")
        return BuildResult(published, created=False, superseded=draft)
    if draft is not None:
        _supersede_draft(actor=actor, draft=draft, note="岗位或分管情况变化，生成新草稿")
    row = ResponsibilityList(
        post=owner if isinstance(owner, Post) else None,
        organisation=owner if isinstance(owner, Organisation) else None,
        unit=owner.unit,
        pack=context.pack,
        title=derived.title,
        on=context.on,
        content=derived.content,
        content_sha256=derived.sha256,
        created_by=acting_user(actor),
    )
    row.save()
    record_event(
        actor=actor,
        action="duties.build_draft",
        obj=row,
        after=_snap(row),
        unit_path=row.unit.path,
        note=f"依据 {context.on:%Y-%m-%d} 的岗位与分管情况生成",
    )
    return BuildResult(row, created=True, superseded=draft)


@transaction.atomic
def build_draft(
    *,
    actor: Actor,
    post: Post | None = None,
    organisation: Organisation | None = None,
    on: dt.date | None = None,
    context: ListContext | None = None,
) -> BuildResult:
    """Derive the owner's list on ``on`` and keep it as a draft — unless it equals the open draft or
    the current published version (then nothing is written and that row is returned)."""
    if (post is None) == (organisation is None):
        raise NoOwner("责任清单属于一个岗位或一个机构")
    context = context or ListContext(on=on)
    derived = context.derive_post(post) if post is not None else context.derive_organisation(organisation)  # type: ignore[arg-type]
    return _store(actor=actor, derived=derived, context=context)


@transaction.atomic
def publish_list(
    *, actor: Actor, draft: ResponsibilityList, reviewed_by: Any = None, at: dt.datetime | None = None
) -> ResponsibilityList:
    """Freeze ``draft`` as the owner's next version (第N版); the previous version becomes superseded.

    ``at`` is the publication time (default: now); only code passes it — the demo, which records a
    history of past years — never a page or the API."""
    locked = list(
        ResponsibilityList.objects.select_for_update().filter(owner_filter(draft.owner)).order_by("pk")
    )
    current = next((r for r in locked if r.pk == draft.pk), None)
    if current is None or current.status != Status.DRAFT:
        raise NotADraft(
            f"责任清单 #{draft.pk} 不是待发布的草稿"
            f"（{current.get_status_display() if current else '不存在'}）"
        )
    now = at or timezone.now()
    previous = next((r for r in locked if r.status == Status.PUBLISHED), None)
    if previous is not None:
        before = _snap(previous)
        previous.status = Status.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at"])
        record_event(
            actor=actor,
            action="duties.supersede_list",
            obj=previous,
            before=before,
            after=_snap(previous),
            unit_path=previous.unit.path,
            note=f"被草稿 #{draft.pk} 取代",
        )
    before = _snap(current)
    current.status = Status.PUBLISHED
    current.version = max((r.version or 0 for r in locked), default=0) + 1
    current.published_at = now
    current.published_by = acting_user(actor)
    current.reviewed_by = acting_user(reviewed_by) or acting_user(actor)
    current.save(update_fields=["status", "version", "published_at", "published_by", "reviewed_by"])
    record_event(
        actor=actor,
        action="duties.publish_list",
        obj=current,
        before=before,
        after=_snap(current),
        unit_path=current.unit.path,
    )
    draft.refresh_from_db()
    return current


@dataclass
class UnitReport:
    unit: str
    on: dt.date
    counts: Counter[str] = field(default_factory=Counter)
    list_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The run summary as ``zeren lists derive --json`` prints it."""
        return {
            "unit": self.unit,
            "on": self.on.isoformat(),
            "counts": dict(sorted(self.counts.items())),
            "lists": self.list_ids,
        }


@transaction.atomic
def build_unit_lists(
    *,
    actor: Actor,
    unit: Unit,
    on: dt.date | None = None,
    publish: bool = False,
    published_at: dt.datetime | None = None,
) -> UnitReport:
    """Derive and draft the list of every active post and organisation in ``unit``'s subtree.

    One pass with one :class:`ListContext` (the catalogue and all portfolios loaded once). Owners whose
    derivation is empty (no known role, no kind, no portfolio) are skipped. With ``publish`` every
    resulting open draft is published as the next version.

    The same rows and audit events as ``build_draft`` then ``publish_list`` owner by owner, written in
    bulk (``_Batch``): the subtree's open rows are read (and, to publish, locked) once, the new lists are
    inserted through the database's bulk path already in their final state, and the events are recorded
    in the order the owner-by-owner calls would record them, batched.
    """
    context = ListContext(on=on)
    posts, organisations = subtree_owners(unit, context.on)
    context.load_posts(posts)
    posts_by_org: dict[int, list[Post]] = {}
    for post in posts:
        posts_by_org.setdefault(post.organisation_id, []).append(post)
    report = UnitReport(unit=unit.code, on=context.on)
    in_subtree = ResponsibilityList.objects.filter(unit__path__startswith=unit.path)
    open_rows = in_subtree.filter(status__in=[Status.DRAFT, Status.PUBLISHED]).select_related("unit")
    if publish:
        open_rows = open_rows.select_for_update(of=("self",))
    existing: dict[tuple[str, int], list[ResponsibilityList]] = {}
    for row in open_rows:
        existing.setdefault(_owner_key(row), []).append(row)
    batch = _Batch(actor=actor, context=context, at=published_at or timezone.now())
    if publish:
        for post_id, organisation_id, version in (
            in_subtree.order_by()
            .values("post_id", "organisation_id")
            .annotate(top=Max("version"))
            .values_list("post_id", "organisation_id", "top")
        ):
            key = ("post", post_id) if post_id is not None else ("organisation", organisation_id)
            batch.versions[key] = version or 0
    derived = [context.derive_post(p) for p in posts]
    derived += [context.derive_organisation(o, posts_by_org.get(o.pk, [])) for o in organisations]
    results: list[ResponsibilityList] = []
    for item in derived:
        kind = "post" if isinstance(item.owner, Post) else "organisation"
        if item.empty:
            report.counts[f"{kind}s_skipped_empty"] += 1
            continue
        row, state = batch.store(item, existing.get((kind, item.owner.pk), []))
        report.counts[f"{kind}s_{state}"] += 1
        if publish and row.status == Status.DRAFT:
            rows = existing.get((kind, item.owner.pk), [])
            batch.publish(row, next((r for r in rows if r.status == Status.PUBLISHED), None))
            report.counts[f"{kind}s_published"] += 1
        results.append(row)
    with batched_events():  # nothing inside rolls back alone: any error leaves the whole call
        batch.write()
    report.list_ids = [row.pk for row in results]
    return report


def _owner_key(row: ResponsibilityList) -> tuple[str, int]:
    if row.post_id is not None:
        return ("post", row.post_id)
    return ("organisation", row.organisation_id)  # type: ignore[return-value]


class _Batch:
    """The writes and audit events of many ``_store``/``publish_list`` calls, made in bulk by ``write``."""

    def __init__(self, *, actor: Actor, context: ListContext, at: dt.datetime) -> None:
        self.actor, self.context, self.at = actor, context, at
        self.versions: dict[tuple[str, int], int] = {}  # owner -> highest version so far
        self.new: list[ResponsibilityList] = []
        self.superseded: list[ResponsibilityList] = []  # open drafts and current versions replaced
        self.published: list[ResponsibilityList] = []  # open drafts published
        self.events: list[Callable[[], object]] = []  # recorded once every row has its pk

    def event(self, **kwargs: Any) -> None:
        self.events.append(lambda: record_event(actor=self.actor, **kwargs))

    def store(self, derived: Derived, rows: list[ResponsibilityList]) -> tuple[ResponsibilityList, str]:
        """``_store``: the matching open draft or current version, else a new draft."""
        draft = next((r for r in rows if r.status == Status.DRAFT), None)
        published = next((r for r in rows if r.status == Status.PUBLISHED), None)
        if draft is not None and draft.content_sha256 == derived.sha256:
            return draft, "unchanged_draft"
        if published is not None and published.content_sha256 == derived.sha256:
            if draft is not None:
                self.supersede_draft(draft, "现行版本已与当前岗位和分管情况一致，旧草稿作废")
            return published, "unchanged_published"
        if draft is not None:
            self.supersede_draft(draft, "岗位或分管情况变化，生成新草稿")
        owner = derived.owner
        row = ResponsibilityList(
            post=owner if isinstance(owner, Post) else None,
            organisation=owner if isinstance(owner, Organisation) else None,
            unit=owner.unit,
            pack=self.context.pack,
            title=derived.title,
            on=self.context.on,
            content=derived.content,
            content_sha256=derived.sha256,
            created_by=acting_user(self.actor),
        )
        self.new.append(row)
        self.event(
            action="duties.build_draft",
            obj=row,
            after=_snap(row),
            unit_path=row.unit.path,
            note=f"依据 {self.context.on:%Y-%m-%d} 的岗位与分管情况生成",
        )
        return row, "drafted"

    def supersede_draft(self, draft: ResponsibilityList, note: str) -> None:
        before = _snap(draft)
        draft.status = Status.SUPERSEDED
        self.superseded.append(draft)
        self.event(
            action="duties.supersede_draft",
            obj=draft,
            before=before,
            after=_snap(draft),
            unit_path=draft.unit.path,
            note=note,
        )

    def publish(self, row: ResponsibilityList, previous: ResponsibilityList | None) -> None:
        """``publish_list`` of the open draft ``row``; ``previous`` is the owner's current version."""
        key = _owner_key(row)
        if previous is not None:
            replaced = _snap(previous)
            previous.status, previous.superseded_at = Status.SUPERSEDED, self.at
            self.superseded.append(previous)
            self.events.append(self._supersede_list(previous, replaced, _snap(previous), row))
        before = _snap(row)
        self.versions[key] = self.versions.get(key, 0) + 1
        row.status, row.version, row.published_at = Status.PUBLISHED, self.versions[key], self.at
        row.published_by = row.reviewed_by = acting_user(self.actor)
        if row.pk:
            self.published.append(row)
        self.event(
            action="duties.publish_list", obj=row, before=before, after=_snap(row), unit_path=row.unit.path
        )

    def _supersede_list(
        self,
        previous: ResponsibilityList,
        before: dict[str, Any],
        after: dict[str, Any],
        draft: ResponsibilityList,
    ) -> Callable[[], object]:
        def record() -> object:
            return record_event(
                actor=self.actor,
                action="duties.supersede_list",
                obj=previous,
                before=before,
                after=after,
                unit_path=previous.unit.path,
                note=f"被草稿 #{draft.pk} 取代",  # the draft's pk, known once it is written
            )

        return record

    def write(self) -> None:
        """Rows superseded first (a new row takes their place), then drafts published, then the new rows in
        bulk, then the events. Only the transitions ``save`` allows: draft or published to superseded (with
        its time), draft to published."""
        drafts = [r.pk for r in self.superseded if r.published_at is None]
        versions = [r.pk for r in self.superseded if r.published_at is not None]
        for i in range(0, len(drafts), 500):
            ResponsibilityList.objects.filter(pk__in=drafts[i : i + 500]).update(status=Status.SUPERSEDED)
        for i in range(0, len(versions), 500):
            ResponsibilityList.objects.filter(pk__in=versions[i : i + 500]).update(
                status=Status.SUPERSEDED, superseded_at=self.at
            )
        for row in self.published:
            ResponsibilityList.objects.filter(pk=row.pk).update(
                status=row.status,
                version=row.version,
                published_at=row.published_at,
                published_by=row.published_by,
                reviewed_by=row.reviewed_by,
            )
        if self.new:
            top = ResponsibilityList.objects.aggregate(top=Max("pk"))["top"] or 0
            bulk_insert(ResponsibilityList, self.new)
            ids: dict[tuple[int | None, int | None], int] = {
                (post, organisation): pk
                for pk, post, organisation in ResponsibilityList.objects.filter(pk__gt=top)
                .values_list("pk", "post_id", "organisation_id")
                .order_by()
            }
            for row in self.new:
                row.pk = ids[(row.post_id, row.organisation_id)]
        for record in self.events:
            record()
