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

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from zeren.audit.services import record_event
from zeren.catalog.models import Obligation, PackVersion
from zeren.catalog.packs import pack_for_year
from zeren.common.actor import Actor
from zeren.common.bulk import bulk_insert
from zeren.policy.schedule import owed_periods, periods

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


def _row(pack: PackVersion, year: int, obligation: Obligation, slot: Slot) -> Occurrence:
    return Occurrence(
        pack=pack,
        obligation=obligation,
        obligation_code=obligation.code,
        clause=obligation.clause,
        year=year,
        period_label=slot.period.label,
        period_start=slot.period.start,
        period_end=slot.period.end,
        due=slot.period.due,
        post_id=slot.post.id,
        unit_id=slot.post.unit_id,
        organisation_id=slot.organisation_id,
    )


PLACED = ("due", "clause", "unit_id", "organisation_id", "period_start", "period_end")


def _successor_slot(
    missing: dict[Key, tuple[Obligation, Slot]],
    by_period: dict[tuple[str, str], list[Key]],
    key: Key,
    occurrence: Occurrence,
) -> Key | None:
    """The missing slot an open row of a reorganised organisation passes to (art. 72), if any.

    The same obligation and period, owed through the row's organisation; the successor's post of the
    row's own role first (the old principal's row to the new principal, never a deputy's), any such
    slot otherwise (a post whose role takes over the role's duties). ``by_period`` indexes the missing
    slots by (obligation, period) so a large year is not scanned once per row.
    """
    candidates = [
        k
        for k in by_period.get(key[:2], ())
        if k in missing and occurrence.organisation_id in missing[k][1].via
    ]
    role = getattr(occurrence, "post_role", None)
    same_role = [k for k in candidates if missing[k][1].post.role_code == role]
    chosen = same_role or candidates
    return chosen[0] if chosen else None


@transaction.atomic
def generate_occurrences(*, actor: Actor, year: int, pack: PackVersion | None = None) -> GenerationResult:
    """Bring ``year``'s occurrences in line with the pack and the org data (idempotent)."""
    pack = pack or pack_for_year(year)
    owed, unowned = _owed(pack, year)
    has_evidence = Exists(Evidence.objects.filter(occurrence=OuterRef("pk")))
    existing = {
        (o.obligation_code, o.period_label, o.post_id): o
        for o in Occurrence.objects.filter(year=year)
        .annotate(has_evidence=has_evidence, post_role=F("post__role_code"))
        .only("pk", "obligation_code", "period_label", "post_id", "year", "status", *PLACED)
        .order_by("pk")  # the moves below pair rows in this order: the same on every database
    }
    missing = {key: value for key, value in owed.items() if key not in existing}

    changes = Changes()  # the tallies' side of every row written here, applied in this transaction
    updated: list[Occurrence] = []
    for key, occurrence in existing.items():
        if key in owed and occurrence.status == Occurrence.Stored.OPEN:
            fresh = _row(pack, year, *owed[key])
            if any(getattr(occurrence, f) != getattr(fresh, f) for f in PLACED):
                changes.remove(occurrence)
                for f in PLACED:
                    setattr(occurrence, f, getattr(fresh, f))
                changes.add(occurrence)
                updated.append(occurrence)

    # Art. 72: an open occurrence whose organisation was reorganised moves to the successor's post.
    moved: list[Occurrence] = []
    removed: list[int] = []
    kept = 0
    by_period: dict[tuple[str, str], list[Key]] = {}
    for missing_key in missing:
        by_period.setdefault(missing_key[:2], []).append(missing_key)
    for key, occurrence in existing.items():
        if key in owed or occurrence.status != Occurrence.Stored.OPEN:
            continue
        target = _successor_slot(missing, by_period, key, occurrence)
        if target is not None:
            fresh = _row(pack, year, *missing.pop(target))
            changes.remove(occurrence)
            occurrence.post_id = fresh.post_id
            for f in PLACED:
                setattr(occurrence, f, getattr(fresh, f))
            changes.add(occurrence)
            moved.append(occurrence)
        elif occurrence.has_evidence:
            kept += 1  # no longer owed, but work was recorded against it: keep it for review
        else:
            changes.remove(occurrence)
            removed.append(occurrence.pk)

    # New rows through the database's bulk path (COPY / one executemany per large batch): the keys
    # were checked against the year's rows above, so nothing written here can conflict.
    new_rows = [_row(pack, year, obligation, slot) for obligation, slot in missing.values()]
    for row in new_rows:
        changes.add(row)
    created = bulk_insert(Occurrence, new_rows)
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
