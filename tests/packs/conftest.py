"""Fixtures for pack tests: the real Kashgar pack, its raw YAML, and a writer for broken copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from zeren.packs import KASHGAR_PACK_DIR, Pack, load_pack


def _parser() -> Callable[[str], Any] | None:
    try:
        from zeren.law import parse
    except ImportError:  # pragma: no cover - the parser lands separately
        return None
    return parse


WritePack = Callable[[dict[str, Any]], Path]


@pytest.fixture(scope="session")
def kashgar_document() -> dict[str, Any]:
    parse = _parser()
    if parse is None:
        pytest.skip("zeren.law.parse is not available yet")
    text = (KASHGAR_PACK_DIR / "regulation.txt").read_text(encoding="utf-8")
    document: dict[str, Any] = parse(text).to_dict()
    return document


@pytest.fixture(scope="session")
def kashgar(kashgar_document: dict[str, Any]) -> Pack:
    return load_pack(KASHGAR_PACK_DIR, document=kashgar_document)


@pytest.fixture
def kashgar_raw() -> dict[str, Any]:
    text = (KASHGAR_PACK_DIR / "pack.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return raw


@pytest.fixture
def write_pack(tmp_path: Path) -> WritePack:
    """Write ``data`` as pack.yaml beside a copy of the Kashgar regulation and its sources."""

    def write(data: dict[str, Any]) -> Path:
        directory = tmp_path / "pack"
        directory.mkdir(exist_ok=True)
        shutil.copy(KASHGAR_PACK_DIR / "regulation.txt", directory / "regulation.txt")
        shutil.copytree(KASHGAR_PACK_DIR / "sources", directory / "sources", dirs_exist_ok=True)
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
        (directory / "pack.yaml").write_text(text, encoding="utf-8")
        return directory

    return write


def index_of(items: list[dict[str, Any]], item_id: str, key: str = "id") -> int:
    return next(i for i, item in enumerate(items) if item[key] == item_id)
