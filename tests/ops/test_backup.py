"""`zeren backup` / `zeren restore`: a round trip keeps every row, every audit hash and every file's bytes;
a damaged archive, a foreign one or a non-empty database is refused before anything is written."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.color import no_style
from django.db import connection

from tests.accidents.world import build_accident_world
from zeren.audit.models import AuditEvent
from zeren.audit.verify import verify_chain
from zeren.cli import main
from zeren.obligations.generation import generate_occurrences
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.services import attach_file
from zeren.ops.archive import BackupError
from zeren.ops.backup import create_backup
from zeren.ops.restore import restore_backup
from zeren.ops.tables import backed_up_models
from zeren.org.models import Person

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n% zeren backup round trip \xe4\xb8\xad\n%%EOF\n"


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _world_with_evidence() -> Evidence:
    build_accident_world()
    generate_occurrences(actor=None, year=2024)
    occurrence = Occurrence.objects.order_by("pk").first()
    assert occurrence is not None, "the accident world owes no obligation in 2024"
    return attach_file(
        actor=None,
        occurrence=occurrence,
        upload=SimpleUploadedFile("纪要.pdf", PDF),
        effective_date=dt.date(2024, 3, 20),
    )


def _wipe_database() -> None:
    """What a freshly created database holds after `migrate` minus its seeded rows: nothing."""
    tables = [model._meta.db_table for model in backed_up_models()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    )


def _events() -> list[tuple[int, str]]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))


def _round_trip(media_root: Path, tmp_path: Path) -> None:
    evidence = _world_with_evidence()
    stored = media_root / evidence.file.name
    events = _events()
    people = sorted(Person.objects.values_list("code", "name"))
    archive = tmp_path / "zeren.tar.gz"

    summary = create_backup(archive)
    events_with_backup = _events()
    _wipe_database()
    stored.unlink()
    restored = restore_backup(archive)

    assert summary.media_files == 1
    assert restored.media_files == 1
    assert restored.rows == summary.rows
    after = _events()
    # every archived event back with its seq and hash; then the restore's own event, chained after them
    assert after[: len(events_with_backup)] == events_with_backup
    assert events_with_backup[: len(events)] == events
    assert len(after) == len(events_with_backup) + 1
    assert AuditEvent.objects.get(seq=after[-1][0]).action == "ops.restore"
    result = verify_chain()
    assert result.ok, result.problem
    assert result.checked == len(events_with_backup) + 1
    assert sorted(Person.objects.values_list("code", "name")) == people
    assert (media_root / Evidence.objects.get(pk=evidence.pk).file.name).read_bytes() == PDF


def test_a_round_trip_restores_every_row_audit_hash_and_file(
    db: Any, media_root: Path, tmp_path: Path
) -> None:
    _round_trip(media_root, tmp_path)


@pytest.mark.postgres
def test_a_round_trip_on_postgresql_passes_the_triggers(media_root: Path, tmp_path: Path) -> None:
    assert connection.vendor == "postgresql"
    _round_trip(media_root, tmp_path)


def test_restore_refuses_a_database_in_use_unless_forced(db: Any, media_root: Path, tmp_path: Path) -> None:
    build_accident_world()
    archive = tmp_path / "zeren.tar.gz"
    create_backup(archive)
    people = Person.objects.count()

    with pytest.raises(BackupError, match="不是空库"):
        restore_backup(archive)
    restore_backup(archive, force=True)

    assert Person.objects.count() == people
    assert verify_chain().ok


def _rewrite(
    archive: Path, target: Path, *, member: str, content: bytes | None = None, manifest: Any = None
) -> None:
    """A copy of ``archive`` with one member's bytes (or the manifest) replaced."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for info in source:
            stream = source.extractfile(info)
            data = stream.read() if stream else b""
            if info.name == member and content is not None:
                data = content
            if info.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def test_a_damaged_archive_is_refused_and_nothing_changes(db: Any, media_root: Path, tmp_path: Path) -> None:
    build_accident_world()
    archive = tmp_path / "zeren.tar.gz"
    create_backup(archive)
    before = _events()
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, member="data/org.person.jsonl", content=b'["x"]\n')
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    foreign = tmp_path / "foreign.tar.gz"
    foreign.write_bytes(gzip.compress(b"not a tar archive"))

    with pytest.raises(BackupError, match=r"org\.person\.jsonl 的校验和"):
        restore_backup(tampered, force=True)
    with pytest.raises(BackupError, match="已损坏"):
        restore_backup(truncated, force=True)
    with pytest.raises(BackupError, match="不是 Zeren 备份"):
        restore_backup(foreign, force=True)
    assert _events() == before


def test_a_failure_midway_rolls_the_whole_restore_back(db: Any, media_root: Path, tmp_path: Path) -> None:
    build_accident_world()
    archive = tmp_path / "zeren.tar.gz"
    create_backup(archive)
    people = sorted(Person.objects.values_list("pk", "code"))
    events = _events()
    wrong = tmp_path / "wrong-counts.tar.gz"

    def inflate(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["counts"]["org.person"] += 1
        return manifest

    _rewrite(archive, wrong, member="", manifest=inflate)

    with pytest.raises(BackupError, match="已全部撤销"):
        restore_backup(wrong, force=True)
    assert sorted(Person.objects.values_list("pk", "code")) == people
    assert _events() == events


def test_the_commands_answer_in_json(db: Any, media_root: Path, tmp_path: Path, capsys: Any) -> None:
    build_accident_world()
    archive = tmp_path / "zeren.tar.gz"

    assert main(["backup", str(archive), "--json"]) == 0
    backup = json.loads(capsys.readouterr().out)
    assert main(["restore", str(archive), "--json"]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert main(["restore", str(archive), "--force", "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)

    assert backup["ok"]
    assert backup["rows"] == restored["rows"]
    assert refused == {
        "ok": False,
        "error": {"code": "backup_refused", "message": refused["error"]["message"], "field": None},
    }
    assert "--force" in refused["error"]["message"]
