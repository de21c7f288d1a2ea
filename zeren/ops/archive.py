"""The archive format: member names, the manifest, checksums and the refusal of a damaged archive."""

from __future__ import annotations

import hashlib
import json
import tarfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, ClassVar

from zeren.common.errors import ZerenError

FORMAT = "zeren-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"
CHUNK = 1 << 20


class BackupError(ZerenError):
    """A backup that cannot be written, or an archive that cannot be restored (damaged, foreign, refused)."""

    code: ClassVar[str] = "backup_refused"
    http_status: ClassVar[int] = 409


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while block := stream.read(CHUNK):
        digest.update(block)
    return digest.hexdigest()


def safe_member_name(name: str) -> PurePosixPath:
    """The member's path, refused unless it is a relative path under data/ or media/ without '..'."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or len(path.parts) < 2
        or path.parts[0] not in (DATA_DIR, MEDIA_DIR)
        or "\\" in name
    ):
        raise BackupError(f"备份文件包含不允许的成员路径：{name}")
    return path


@contextmanager
def open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    """The archive opened for reading; a missing, truncated or foreign file is a :class:`BackupError`."""
    if not path.is_file():
        raise BackupError(f"备份文件不存在：{path}")
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 - closed below
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"备份文件已损坏或不是 Zeren 备份（无法读取压缩包：{exc}）") from exc
    try:
        yield archive
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"备份文件已损坏（读取中断：{exc}）") from exc
    finally:
        archive.close()


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        stream = archive.extractfile(member)
        if stream is None:
            raise KeyError(MANIFEST)
        manifest = json.loads(stream.read().decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError("备份文件已损坏或不是 Zeren 备份：缺少可读的清单 manifest.json") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("不是 Zeren 备份文件：清单格式不符")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('format_version')} 不受支持（本程序支持第 {FORMAT_VERSION} 版）"
        )
    if not isinstance(manifest.get("members"), dict) or not isinstance(manifest.get("tables"), list):
        raise BackupError("备份文件已损坏：清单缺少成员或数据表列表")
    return manifest


def verify_members(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member listed, a regular file, with the manifest's sha256; nothing missing. Reads it all."""
    expected: dict[str, str] = manifest["members"]
    seen: set[str] = set()
    for member in archive:
        if member.name == MANIFEST:
            continue
        safe_member_name(member.name)
        if not member.isfile():
            raise BackupError(f"备份文件包含非普通文件成员：{member.name}")
        if member.name not in expected:
            raise BackupError(f"备份文件包含清单中没有的成员：{member.name}")
        if member.name in seen:
            raise BackupError(f"备份文件中成员重复：{member.name}")
        stream = archive.extractfile(member)
        if stream is None or sha256_of(stream) != expected[member.name]:
            raise BackupError(f"备份文件已损坏：{member.name} 的校验和（SHA-256）与清单不符，未作任何恢复")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"备份文件不完整：缺少 {len(missing)} 个成员（如 {missing[0]}），未作任何恢复")
