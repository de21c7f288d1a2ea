"""Generating a year's occurrences from the pack's recurring obligations and the org data.

Idempotent and set-based: the owed set is computed in memory (``owners.owed_slots``), the existing
rows of the year are read in one query, missing rows written through the database's bulk path
(``zeren.common.bulk``: COPY on PostgreSQL, large ``executemany`` batches on SQLite), changed open
rows bulk-updated,
open rows whose owner passed to a successor (art. 72) moved, and open rows no longer owed (their post
was abolished) deleted unless they carry evidence, the tallies (``tallies``) moved by the same rows in
the same transaction. Done and waived rows are never touched. One audit
event per run that changed anything; a run that changes nothing writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from django.db import transaction

from zeren.audit.services import record_event
from zeren.catalog.models import Obligation, PackVersion
from zeren.catalog.packs import pack_for_year
from zeren.common.actor import Actor
from zeren.common.bulk import db_value, insert_values
from zeren.policy.schedule import Period, owed_periods, periods

from .models import Evidence, Occurrence
from .owners import OrgSnapshot, Slot, owed_slots
from .tallies import Changes, apply

BATCH_SIZE = 2000
Key = tuple[str, str, int]  # (obligation code, period label, post id)


@dataclass(frozen=True)
class GenerationResult:
    year: int
    pack_id: int
    created: int
    updated: int
    moved: int
    removed: int
    kept: int
    unchanged: int
    unowned: int
    by_clause: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.moved or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _owed(pack: PackVersion, year: int) -> tuple[dict[Key, tuple[Obligation, Slot]], int]:
    snapshot = OrgSnapshot.load(pack=pack, year=year)
    calendar = snapshot.rules.calendar
    owed: dict[Key, tuple[Obligation, Slot]] = {}
    for obligation in pack.obligations.order_by("position"):
        due_rule = obligation.due or {}
        # Periods due before the regulation took effect (or after it lapsed) are not owed; in the first
        # year a period running into the entry into force falls due after it (pack ``calendar``).
        in_force = owed_periods(
            periods(obligation.frequency, year, due_rule.get("month_days"), due_rule.get("default_period")),
            pack.effective_from,
            pack.effective_to,
            calendar.first_due_after_effective_days,
        )
        for slot in owed_slots(snapshot, obligation.owners, in_force, obligation=obligation.code):
            key = (obligation.code, slot.period.label, slot.post.id)
            if key in owed:
                previous = owed[key][1]
                owed[key] = (obligation, Slot(previous.period, previous.post, previous.organisation_id,
                                              previous.via | slot.via))  # fmt: skip
            else:
                owed[key] = (obligation, slot)
    return owed, snapshot.stats.get("unowned", 0)


PLACED = ("due", "clause", "unit_id", "organisation_id", "period_start", "period_end")
Placed = tuple[dt.date, str, int, int | None, dt.date, dt.date]  # the values of PLACED, in that order


class Existing(NamedTuple):
    """One of the year's stored rows, as generation reads it (no model instance: a year has 100,000s)."""

    pk: int
    obligation_code: str
    period_label: str
    post_id: int
    status: str
    year: int
    due: dt.date
    clause: str
    unit_id: int
    organisation_id: int | None
    period_start: dt.date
    period_end: dt.date

    @property
    def placed(self) -> Placed:
        return (self.due, self.clause, self.unit_id, self.organisation_id, self.period_start, self.period_end)

    def placed_at(self, placed: Placed, post_id: int | None = None) -> Existing:
        """The row as it will be stored once ``placed`` (and, for a move, its new post) is written."""
        due, clause, unit_id, organisation_id, start, end = placed
        return self._replace(
            post_id=self.post_id if post_id is None else post_id, due=due, clause=clause, unit_id=unit_id,
            organisation_id=organisation_id, period_start=start, period_end=end,
        )  # fmt: skip


def _placed(obligation: Obligation, slot: Slot) -> Placed:
    period = slot.period
    return (period.due, obligation.clause, slot.post.unit_id, slot.organisation_id, period.start, period.end)


def _successor_slot(
    missing: dict[Key, tuple[Obligation, Slot]],
    by_period: dict[tuple[str, str], list[Key]],
    key: Key,
    organisation_id: int | None,
    role: str | None,
) -> Key | None:
    """The missing slot an open row of a reorganised organisation passes to (art. 72), if any.

    The same obligation and period, owed through the row's organisation; the successor's post of the
    row's own ``role`` first (the old principal's row to the new principal, never a deputy's), any such
    slot otherwise (a post whose role takes over the role's duties). ``by_period`` indexes the missing
    slots by (obligation, period) so a large year is not scanned once per row.
    """
    candidates = [
        k for k in by_period.get(key[:2], ()) if k in missing and organisation_id in missing[k][1].via
    ]
    same_role = [k for k in candidates if missing[k][1].post.role_code == role]
    chosen = same_role or candidates
    return chosen[0] if chosen else None


def _existing(year: int) -> dict[Key, Existing]:
    """The year's rows by key, in primary key order (the moves pair rows in this order on every database)."""
    rows = Occurrence.objects.filter(year=year).order_by("pk").values_list(*Existing._fields)
    return {(r[1], r[2], r[3]): Existing(*r) for r in rows.iterator(chunk_size=20_000)}


def _roles_and_evidence(rows: list[Existing]) -> tuple[dict[int, str], set[int]]:
    """The post role of each of ``rows`` and which of them carry evidence (a few queries per 900 rows)."""
    roles: dict[int, str] = {}
    evidenced: set[int] = set()
    pks = [r.pk for r in rows]
    for start in range(0, len(pks), 900):  # SQLite's 999 parameters a statement
        chunk = pks[start : start + 900]
        roles.update(Occurrence.objects.filter(pk__in=chunk).values_list("pk", "post__role_code"))
        evidenced.update(
            Evidence.objects.filter(occurrence_id__in=chunk).values_list("occurrence_id", flat=True)
        )
    return roles, evidenced


def _as_saved(pk: int, post_id: int, placed: Placed) -> Occurrence:
    """An instance carrying what ``bulk_update`` writes for a changed row: its key and placed fields."""
    return Occurrence(pk=pk, post_id=post_id, **dict(zip(PLACED, placed, strict=True)))


NEW_FIELDS = (
    "pack_id", "obligation_id", "obligation_code", "clause", "year", "period_label",
    "period_start", "period_end", "due", "post_id", "unit_id", "organisation_id",
)  # fmt: skip


def _insert_missing(
    pack: PackVersion, year: int, missing: dict[Key, tuple[Obligation, Slot]], changes: Changes
) -> int:
    """Write the missing rows as plain tuples (``insert_values``), each period's dates prepared once, and
    count them into ``changes``. The rows are those an ``Occurrence`` per slot would give (every other
    field its default; ``generated_at`` the time of this write)."""
    dates: dict[Period, tuple[Any, Any, Any]] = {}
    by_status, by_clause = changes.by_status, changes.by_clause
    status = Occurrence.Stored.OPEN.value  # a new row's default, as stored

    def rows() -> Iterator[tuple[Any, ...]]:
        for obligation, slot in missing.values():
            period, post = slot.period, slot.post
            prepared = dates.get(period)
            if prepared is None:
                prepared = dates[period] = (
                    db_value(Occurrence, "period_start", period.start),
                    db_value(Occurrence, "period_end", period.end),
                    db_value(Occurrence, "due", period.due),
                )
            by_status[(post.unit_id, year, period.due, status)] += 1
            by_clause[(post.unit_id, year, obligation.clause)] += 1
            yield (pack.pk, obligation.pk, obligation.code, obligation.clause, year, period.label,
                   *prepared, post.id, post.unit_id, slot.organisation_id)  # fmt: skip

    return insert_values(Occurrence, NEW_FIELDS, rows())


@transaction.atomic
def generate_occurrences(*, actor: Actor, year: int, pack: PackVersion | None = None) -> GenerationResult:
    """Bring ``year``'s occurrences in line with the pack and the org data (idempotent)."""
    pack = pack or pack_for_year(year)
    owed, unowned = _owed(pack, year)
    existing = _existing(year)
    missing = {key: value for key, value in owed.items() if key not in existing}

    changes = Changes()  # the tallies' side of every row written here, applied in this transaction
    updated: list[Occurrence] = []
    leaving: list[Existing] = []  # open rows no longer owed: moved, kept or removed below
    open_ = Occurrence.Stored.OPEN
    for key, row in existing.items():
        if row.status != open_:
            continue
        owed_here = owed.get(key)
        if owed_here is None:
            leaving.append(row)
            continue
        placed = _placed(*owed_here)
        if row.placed != placed:
            changes.remove(row)
            changes.add(row.placed_at(placed))
            updated.append(_as_saved(row.pk, row.post_id, placed))

    # Art. 72: an open occurrence whose organisation was reorganised moves to the successor's post.
    moved: list[Occurrence] = []
    removed: list[int] = []
    kept = 0
    by_period: dict[tuple[str, str], list[Key]] = {}
    for missing_key in missing:
        by_period.setdefault(missing_key[:2], []).append(missing_key)
    roles, evidenced = _roles_and_evidence(leaving) if leaving else ({}, set())
    for row in leaving:
        key = (row.obligation_code, row.period_label, row.post_id)
        target = _successor_slot(missing, by_period, key, row.organisation_id, roles.get(row.pk))
        if target is not None:
            obligation, slot = missing.pop(target)
            placed = _placed(obligation, slot)
            changes.remove(row)
            changes.add(row.placed_at(placed, slot.post.id))
            moved.append(_as_saved(row.pk, slot.post.id, placed))
        elif row.pk in evidenced:
            kept += 1  # no longer owed, but work was recorded against it: keep it for review
        else:
            changes.remove(row)
            removed.append(row.pk)

    # New rows through the database's bulk path (COPY / one executemany per large batch): the keys
    # were checked against the year's rows above, so nothing written here can conflict.
    created = _insert_missing(pack, year, missing, changes)
    if updated:
        Occurrence.objects.bulk_update(updated, list(PLACED), batch_size=BATCH_SIZE)
    if moved:
        Occurrence.objects.bulk_update(moved, ["post_id", *PLACED], batch_size=BATCH_SIZE)
    if removed:
        Occurrence.objects.filter(pk__in=removed, status=Occurrence.Stored.OPEN).delete()
    apply(changes)

    by_clause: dict[str, int] = {}
    for obligation, _slot in owed.values():
        by_clause[obligation.clause] = by_clause.get(obligation.clause, 0) + 1
    result = GenerationResult(
        year=year,
        pack_id=pack.pk,
        created=created,
        updated=len(updated),
        moved=len(moved),
        removed=len(removed),
        kept=kept,
        unchanged=len(existing) - len(updated) - len(moved) - len(removed) - kept,
        unowned=unowned,
        by_clause=dict(sorted(by_clause.items())),
    )
    if result.changed:
        record_event(
            actor=actor,
            action="obligations.generate",
            object_type="catalog.packversion",
            object_id=str(pack.pk),
            object_repr=f"{year}年度履职事项",
            after=result.as_dict(),
            note=f"生成{year}年度履职事项：新建{result.created}，更新{result.updated}，"
            f"随机构改革转移{result.moved}，移除{result.removed}",
        )
    return result
