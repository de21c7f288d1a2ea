"""A pack kept outside the code (ZEREN_PACK_DIRS); a run refused when the pack files changed since loading."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.accidents.world import AccidentWorld
from zeren.accidents.errors import RulesUnavailable
from zeren.assessment import services
from zeren.catalog.packs import pack_directory, pack_for_year, pure_pack_of
from zeren.catalog.services import load_pack_into_catalog
from zeren.packs import KASHGAR_PACK_DIR

ON = dt.date(2026, 2, 1)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A copy of the Kashgar pack in a directory of its own, as another locality would keep its pack."""
    shutil.copytree(KASHGAR_PACK_DIR, tmp_path / KASHGAR_PACK_DIR.name)
    return tmp_path


def test_a_pack_directory_on_the_search_path_comes_first(elsewhere: Path) -> None:
    with override_settings(ZEREN_PACK_DIRS=[elsewhere]):
        assert pack_directory("kashgar_2021") == elsewhere / "kashgar_2021"
    assert pack_directory("kashgar_2021") == KASHGAR_PACK_DIR
    with pytest.raises(RulesUnavailable, match="ZEREN_PACK_DIRS"):
        pack_directory("atlantis_2030")


def test_a_run_is_refused_when_the_pack_files_changed_since_loading(
    aworld: AccidentWorld, elsewhere: Path
) -> None:
    directory = elsewhere / "kashgar_2021"
    with override_settings(ZEREN_PACK_DIRS=[elsewhere]):
        load_pack_into_catalog(directory=directory)
        version = pack_for_year(2025)
        assert pure_pack_of(version).id == "kashgar_2021"
        (directory / "pack.yaml").write_text(
            (directory / "pack.yaml").read_text(encoding="utf-8") + "\n# edited after loading\n",
            encoding="utf-8",
        )

        with pytest.raises(RulesUnavailable, match="zeren pack load"):
            services.run_assessment(actor=None, year=2025, on=ON)
        load_pack_into_catalog(directory=directory)  # loading the edited files makes a new version
        run = services.run_assessment(actor=None, year=2025, on=ON)

    assert run.pack.pk != version.pk
    assert run.pack.content_sha256 != version.content_sha256


def test_the_run_form_reports_changed_pack_files_instead_of_failing(
    aworld: AccidentWorld, elsewhere: Path
) -> None:
    directory = elsewhere / "kashgar_2021"
    admin = Client()
    admin.force_login(aworld.users["admin"])
    with override_settings(ZEREN_PACK_DIRS=[elsewhere]):
        load_pack_into_catalog(directory=directory)
        (directory / "pack.yaml").write_text(
            "# edited\n" + (directory / "pack.yaml").read_text(encoding="utf-8")
        )
        response = admin.post("/assessment/run/", {"year": 2025}, follow=True)

    assert response.status_code == 200
    assert "请先运行 zeren pack load" in response.content.decode()
