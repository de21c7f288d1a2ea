"""Restoring a backup: verify every checksum first, then one transaction for the rows, then the files.

Nothing is written until the whole archive has been read and every member's sha256 matched. The rows
go back with their primary keys by INSERT only (no UPDATE: the frozen-record and append-only triggers
stay armed), inside one transaction; the uploaded files are staged beside MEDIA_ROOT and swapped in
only once that transaction has committed.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from zeren.audit.services import record_event
from zeren.common.actor import Actor
from zeren.common.times import local_iso

from .archive import (
    MANIFEST,
    MEDIA_DIR,
    BackupError,
    open_archive,
    read_manifest,
    safe_member_name,
    verify_members,
)
from .backup import media_root
from .tables import SEEDED_TABLES, backed_up_models, decode

BATCH = 1000


@dataclass
class RestoreSummary:
    file: str
    rows: int
    media_files: int
    audit_head_seq: int
    created_at: str
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rows_in_use(tables: list[type[models.Model]]) -> int:
    return sum(model._base_manager.count() for model in tables if model._meta.db_table not in SEEDED_TABLES)


def _check_migrations(manifest: dict[str, Any]) -> None:
    applied = sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())
    archived = sorted([str(app), str(name)] for app, name in manifest.get("migrations", []))
    if archived != applied:
        extra = sorted({tuple(m) for m in archived} - {tuple(m) for m in applied})
        missing = sorted({tuple(m) for m in applied} - {tuple(m) for m in archived})
        raise BackupError(
            "备份的数据库结构版本与本程序不一致，未作任何恢复："
            f"备份多出迁移 {len(extra)} 个{'（如 ' + '.'.join(extra[0]) + '）' if extra else ''}，"
            f"缺少迁移 {len(missing)} 个{'（如 ' + '.'.join(missing[0]) + '）' if missing else ''}；"
            "请用生成该备份的同一版本恢复"
        )


def _load_table(archive: tarfile.TarFile, model: type[models.Model], entry: dict[str, Any]) -> int:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    names = list(entry["columns"])
    if set(names) != set(fields):
        raise BackupError(f"备份中数据表 {entry['model']} 的字段与本程序不一致，未作任何恢复")
    stream = archive.extractfile(entry["member"])
    if stream is None:
        raise BackupError(f"备份文件缺少数据表 {entry['model']}")
    rows = 0
    batch: list[models.Model] = []
    for line in stream:
        values = json.loads(line)
        batch.append(model(**{name: decode(fields[name], v) for name, v in zip(names, values, strict=True)}))
        if len(batch) >= BATCH:
            model._base_manager.bulk_create(batch)
            rows += len(batch)
            batch = []
    if batch:
        model._base_manager.bulk_create(batch)
        rows += len(batch)
    return rows


def _flush(statements: list[str]) -> None:
    """Empty every table; on PostgreSQL the foreign keys stay deferred for the inserts that follow."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:  # TRUNCATE refuses tables with pending deferred checks: run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _stage_media(archive: tarfile.TarFile, staging: Path) -> int:
    count = 0
    for member in archive:
        if member.name == MANIFEST or not member.name.startswith(f"{MEDIA_DIR}/"):
            continue
        relative = Path(*safe_member_name(member.name).parts[1:])
        destination = staging / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        stream = archive.extractfile(member)
        if stream is None:
            raise BackupError(f"备份文件成员不可读：{member.name}")
        with destination.open("wb") as out:
            shutil.copyfileobj(stream, out)
        count += 1
    return count


def _swap_media(staging: Path, root: Path) -> None:
    old = root.with_name(f".{root.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        root.rename(old)
    staging.rename(root)
    if old.exists():
        shutil.rmtree(old)


def restore_backup(source: Path, *, force: bool = False, actor: Actor = None) -> RestoreSummary:
    """Restore ``source`` into the configured database and MEDIA_ROOT (all or nothing)."""
    source = Path(source)
    with open_archive(source) as archive:
        manifest = read_manifest(archive)
        verify_members(archive, manifest)
    call_command("migrate", interactive=False, verbosity=0)
    _check_migrations(manifest)
    by_label = {model._meta.label_lower: model for model in backed_up_models()}
    entries = manifest["tables"]
    unknown = sorted({e["model"] for e in entries} - set(by_label))
    if unknown:
        raise BackupError(f"备份中的数据表本程序没有：{unknown[0]}，未作任何恢复")
    tables = [by_label[e["model"]] for e in entries]
    in_use = _rows_in_use(list(by_label.values()))
    if in_use and not force:
        raise BackupError(
            f"目标数据库不是空库（已有 {in_use} 行数据），拒绝覆盖；确认要以备份替换现有全部数据时加 --force"
        )
    root = media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    counts: dict[str, int] = {}
    try:
        with open_archive(source) as archive:
            media_files = _stage_media(archive, staging)
            with transaction.atomic():
                flush = connection.ops.sql_flush(
                    no_style(),
                    [m._meta.db_table for m in by_label.values()],
                    reset_sequences=False,
                    allow_cascade=True,
                )
                _flush(flush)
                for entry, model in zip(entries, tables, strict=True):
                    counts[entry["model"]] = _load_table(archive, model, entry)
                if counts != manifest["counts"]:
                    raise BackupError("恢复的行数与备份清单不符，已全部撤销")
                reset = connection.ops.sequence_reset_sql(no_style(), tables)
                if reset:
                    with connection.cursor() as cursor:
                        for statement in reset:
                            cursor.execute(statement)
                ContentType.objects.clear_cache()
                event = record_event(
                    actor=actor,
                    action="ops.restore",
                    object_type="ops.restore",
                    note=f"{source.name}（备份于 {local_iso(str(manifest.get('created_at', '')))}）",
                )
        _swap_media(staging, root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return RestoreSummary(
        file=str(source),
        rows=sum(counts.values()),
        media_files=media_files,
        audit_head_seq=event.seq,
        created_at=local_iso(str(manifest.get("created_at", ""))),  # written in UTC, read in the pack's zone
        counts=counts,
    )
