"""Which pack applies, decided in one place: the version in force on a day or for a year, and its rules.

The catalogue stores each loaded pack version's data; the pure ``Pack`` (``zeren.packs``) is read from
the pack directory of the same id — ``<dir>/<pack_id>`` for each directory of the ``ZEREN_PACK_DIRS``
setting (another locality's packs, outside the code), then the built-in ``zeren/packs/<pack_id>`` — and
cached per process. ``pure_pack_of(version)`` also checks that the directory still holds the content of
that stored version, so a result is computed with the very pack version it records.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from zeren import packs
from zeren.common.errors import ZerenError
from zeren.packs.model import Pack
from zeren.packs.sections import Sections, read_sections

from .models import PackVersion

PACKS_DIR = Path(packs.__file__).parent


class PackUnavailable(ZerenError):
    """No loaded pack applies (not loaded, not yet in force, or its files changed since loading)."""

    code = "rules_unavailable"
    http_status = 409


class PackNotInForce(PackUnavailable, Http404):
    """No pack version is in force on the day asked (a page answers 404, a command says why)."""


def current_pack(pack_id: str | None = None, on: dt.date | None = None) -> PackVersion:
    """The pack version in force on ``on`` (default today): latest effective_from ≤ on, newest load first."""
    pack_id = pack_id or settings.ZEREN_DEFAULT_PACK
    on = on or timezone.localdate()
    versions = PackVersion.objects.filter(pack_id=pack_id).select_related("regulation_version__regulation")
    pack = (
        versions.filter(effective_from__lte=on)
        .exclude(effective_to__lte=on)
        .order_by("-effective_from", "-loaded_at")
    ).first()
    if pack is not None:
        return pack
    first = versions.order_by("effective_from").values_list("effective_from", flat=True).first()
    if first is None:
        raise PackNotInForce(f"政策包 {pack_id} 尚未加载（运行 zeren pack load）")
    if on < first:
        raise PackNotInForce(
            f"{on:%Y年%-m月%-d日}时政策包 {pack_id} 所依据的办法尚未施行（自 {first:%Y年%-m月%-d日}起施行）"
        )
    raise PackNotInForce(f"{on:%Y年%-m月%-d日}时政策包 {pack_id} 已失效，且没有接续的版本")


def pack_for_year(year: int, pack_id: str | None = None) -> PackVersion:
    """The pack in force at the end of ``year`` (or at its start, if it lapsed during the year)."""
    try:
        return current_pack(pack_id, on=dt.date(year, 12, 31))
    except PackNotInForce:
        return current_pack(pack_id, on=dt.date(year, 1, 1))


def pack_directory(pack_id: str) -> Path:
    """The directory holding ``pack_id``: the first of ``ZEREN_PACK_DIRS``, then the built-in packs."""
    searched = [*settings.ZEREN_PACK_DIRS, PACKS_DIR]
    for base in searched:
        directory = Path(base) / pack_id
        if (directory / "pack.yaml").is_file():
            return directory
    where = "、".join(str(Path(b) / pack_id) for b in searched)
    raise PackUnavailable(
        f"政策包 {pack_id} 的目录不存在（已查找：{where}；另行存放的政策包请设置 ZEREN_PACK_DIRS）"
    )


@lru_cache(maxsize=8)
def _load(directory: str) -> Pack:
    return packs.load_pack(directory)


def pure_pack(pack_id: str | None = None) -> Pack:
    """The pure ``Pack`` for ``pack_id`` (default: the configured pack), cached per process."""
    return _load(str(pack_directory(pack_id or settings.ZEREN_DEFAULT_PACK)))


def _stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """The directory's files by name, modification time and size: a change to any of them changes it."""
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.iterdir()) if p.is_file()
    )


# (directory, content hash) -> the files' stamp when they were last found to have that hash
_VERIFIED: dict[tuple[str, str], tuple[tuple[str, int, int], ...]] = {}


def pure_pack_of(version: PackVersion) -> Pack:
    """The pure ``Pack`` of a stored version, refusing a directory whose files have changed since it was
    loaded: a result must be computed with the very pack version it records. The files are read and
    hashed again only when their names, times or sizes changed since they last matched (parsing the YAML
    to find the regulation's file took a second or more of every assessment)."""
    from .services import pack_content_sha256, read_pack_files

    directory = pack_directory(version.pack_id)
    key, stamp = (str(directory), version.content_sha256), _stamp(directory)
    if _VERIFIED.get(key) != stamp:
        raw_yaml, regulation_text = read_pack_files(directory)
        if pack_content_sha256(raw_yaml, regulation_text) != version.content_sha256:
            _VERIFIED.pop(key, None)
            raise PackUnavailable(
                f"政策包 {version.pack_id} 的文件（{directory}）与已加载的版本"
                f"（{version.content_sha256[:12]}）不一致；请先运行 zeren pack load 加载当前文件"
            )
        _VERIFIED[key] = stamp
    return _load(str(directory))


def stored_sections(version: PackVersion) -> Sections:
    """The typed sections (duty and organisation readings, calendar, front matter, assessment) of a stored
    version, read from the data stored with it: a past year keeps the rules it was computed with."""
    return read_sections(version.data if isinstance(version.data, dict) else {})
