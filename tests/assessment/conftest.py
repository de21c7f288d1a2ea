from __future__ import annotations

from typing import Any

import pytest

from tests.accidents.world import AccidentWorld, build_accident_world


@pytest.fixture
def aworld(db: None) -> AccidentWorld:
    return build_accident_world()


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    """The Kashgar demo with its accidents (2025) and the 2025 obligation calendar."""
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.demo import build_demo
    from zeren.demo.accidents import build_demo_accidents
    from zeren.obligations.generation import generate_occurrences
    from zeren.packs import KASHGAR_PACK_DIR

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_demo()
    build_demo_accidents(year=2025)
    generate_occurrences(actor=None, year=2025)
    return {}
