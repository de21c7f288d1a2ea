from __future__ import annotations

import pytest

from zeren.catalog.models import PackVersion
from zeren.catalog.services import load_pack_into_catalog
from zeren.packs import KASHGAR_PACK_DIR


@pytest.fixture
def kashgar_pack(db: None) -> PackVersion:
    return load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
