"""Import and export the roster workbook (花名册): the entry points used by the CLI and the tests."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.db import transaction

from zeren.audit.services import batched_events, record_event
from zeren.common.actor import Actor
from zeren.org.models import Unit

from .apply import apply_plan
from .export import pack_codes, roster_rows
from .reader import read_roster
from .result import MAX_REPORTED_ERRORS, RosterError, RosterResult
from .schema import SHEETS
from .validate import build_plan
from .writer import build_workbook, save_workbook

SHEET_ORDER = {spec.title: index for index, spec in enumerate(SHEETS)}
HEADER_ORDER = {(spec.title, c.header): index for spec in SHEETS for index, c in enumerate(spec.columns)}


class _Rollback(Exception):
    pass


def _ordered(errors: list[RosterError]) -> list[RosterError]:
    return sorted(
        errors, key=lambda e: (SHEET_ORDER.get(e.sheet, 99), e.row, HEADER_ORDER.get((e.sheet, e.column), 99))
    )


def import_roster(
    source: str | Path | IO[bytes], *, actor: Actor = None, dry_run: bool = False, source_name: str = ""
) -> RosterResult:
    """Validate the whole workbook, then upsert it atomically through the org services.

    With any error nothing is written. ``dry_run`` runs the very same writes and rolls them back,
    so a clean dry run means the real import will succeed. ``actor`` None is the system (the CLI).
    Raises ``RosterFileError`` when the file is not a readable workbook.
    """
    sheets = read_roster(source)
    result = RosterResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            plan = build_plan(sheets, pack_codes())
            result.errors, result.warnings = plan.errors, plan.warnings
            for spec in SHEETS:
                result.created[spec.title] = plan.created.get(spec.title, 0)
                result.updated[spec.title] = plan.updated.get(spec.title, 0)
                result.unchanged[spec.title] = plan.unchanged.get(spec.title, 0)
            if not result.errors:
                with batched_events():  # any error rolls the whole import back (below), so batching is safe
                    errors, warnings = apply_plan(plan, actor=actor)
                result.errors += errors
                result.warnings += warnings
            if not result.errors and not dry_run and result.changed:
                record_event(
                    actor=actor,
                    action="org.import_roster",
                    object_type="org.roster",
                    object_id=source_name[:255],
                    object_repr=f"花名册导入 {source_name}".strip(),
                    after={"created": result.created, "updated": result.updated},
                    note="命令行导入，操作人为系统" if actor is None else "",
                )
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors = _ordered(result.errors)
    result.bound_errors()
    result.warnings = _ordered(result.warnings)[:MAX_REPORTED_ERRORS]
    return result


def write_template(target: str | Path | IO[bytes]) -> None:
    """The empty workbook, with the loaded pack's code lists when there is one."""
    save_workbook(build_workbook(pack=pack_codes()), target)


def export_roster(target: str | Path | IO[bytes], *, unit: Unit | None = None) -> dict[str, int]:
    """Write the database (or ``unit``'s subtree) as the roster workbook; returns rows per sheet title."""
    rows = roster_rows(unit)
    save_workbook(build_workbook(rows, pack=pack_codes()), target)
    return {spec.title: len(rows[spec.key]) for spec in SHEETS}
