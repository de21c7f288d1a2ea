from __future__ import annotations

import pytest

from tests.accidents.world import AccidentWorld, build_accident_world


@pytest.fixture
def aworld(db: None) -> AccidentWorld:
    return build_accident_world()
