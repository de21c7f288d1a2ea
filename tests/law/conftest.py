from __future__ import annotations

import os
from pathlib import Path

import pytest

from zeren.law import Document, parse

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "zeren" / "packs" / "kashgar_2021" / "regulation.txt"


def corpus_dir() -> Path:
    override = os.environ.get("ZEREN_CORPUS_DIR")
    return Path(override) if override else (REPO / ".." / "shared" / "corpus" / "laws").resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    folder = corpus_dir()
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        message = f"law corpus not found at {folder} (set ZEREN_CORPUS_DIR)"
        if os.environ.get("ZEREN_REQUIRE_CORPUS") == "1":
            pytest.fail(message + " and ZEREN_REQUIRE_CORPUS=1")
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text: str) -> Document:
    return parse(seed_text)
