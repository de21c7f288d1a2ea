"""Writing a backup: a consistent read of every table, the media files, the manifest, one tar.gz."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from zeren.audit.models import HEAD_ID, AuditChainHead
from zeren.audit.services import record_event
from zeren.common.actor import Actor

from .archive import CHUNK, DATA_DIR, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA_DIR, BackupError
from .tables import backed_up_models, columns, encode


@dataclass
class BackupSummary:
    file: str
    size_bytes: int
    sha256: str
    tables: int
    rows: int
    media_files: int
    audit_head_seq: int
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT or Path(settings.VAR_DIR) / "media")


def _zeren_version() -> str:
    try:
        return metadata.version("zeren")
    except metadata.PackageNotFoundError:
        return ""


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _dump_tables(workdir: Path, members: dict[str, str], counts: dict[str, int]) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = []
    for model in backed_up_models():
        label = model._meta.label_lower
        fields = columns(model)
        attnames = [f.attname for f in fields]
        name = f"{DATA_DIR}/{label}.jsonl"
        digest = hashlib.sha256()
        rows = 0
        with (workdir / name).open("wb") as out:
            queryset = model._base_manager.order_by("pk").values_list(*attnames)
            for row in queryset.iterator(chunk_size=2000):
                line = json.dumps([encode(v) for v in row], ensure_ascii=False).encode("utf-8") + b"\n"
                digest.update(line)
                out.write(line)
                rows += 1
        members[name] = digest.hexdigest()
        counts[label] = rows
        tables.append({"model": label, "table": model._meta.db_table, "columns": attnames, "member": name})
    return tables


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for directory, _dirs, files in os.walk(root):
        for filename in files:
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                found.append((f"{MEDIA_DIR}/{path.relative_to(root).as_posix()}", path))
    return sorted(found)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def create_backup(target: Path, *, actor: Actor = None) -> BackupSummary:
    """Write the archive to ``target`` (atomically: a temporary file renamed at the end)."""
    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"备份目录不存在：{target.parent}")
    with transaction.atomic():
        record_event(actor=actor, action="ops.backup", object_type="ops.backup", note=target.name)
    members: dict[str, str] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="zeren-backup-") as tmp:
        workdir = Path(tmp)
        (workdir / DATA_DIR).mkdir()
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # one snapshot for every table
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tables = _dump_tables(workdir, members, counts)
            head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
            migrations = _applied_migrations()
        media = _media_files(media_root())
        for name, path in media:
            members[name] = _file_sha256(path)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "zeren_version": _zeren_version(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "tables": tables,
            "counts": counts,
            "media_files": len(media),
            "audit": {"head_seq": head.seq if head else 0, "head_hash": head.hash if head else ""},
            "members": members,
        }
        partial = target.with_name(f".{target.name}.partial")
        with tarfile.open(partial, mode="w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            for table in tables:
                archive.add(workdir / table["member"], arcname=table["member"], recursive=False)
            for name, path in media:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(target)
    return BackupSummary(
        file=str(target),
        size_bytes=target.stat().st_size,
        sha256=_file_sha256(target),
        tables=len(tables),
        rows=sum(counts.values()),
        media_files=len(media),
        audit_head_seq=manifest["audit"]["head_seq"],  # type: ignore[index]
        counts=counts,
    )
