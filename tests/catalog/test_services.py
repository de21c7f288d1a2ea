from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from zeren.catalog.models import Duty, PackVersion, Sector
from zeren.catalog.services import load_pack_into_catalog
from zeren.packs import KASHGAR_PACK_DIR, PackError
from zeren.regulations.models import RegulationVersion

pytestmark = pytest.mark.django_db


def test_loading_the_kashgar_pack_stores_its_catalogue(kashgar_pack: PackVersion) -> None:
    assert kashgar_pack.pack_id == "kashgar_2021"
    assert str(kashgar_pack.effective_from) == "2021-04-10"
    assert kashgar_pack.regulation_version.regulation.slug == "kashgar-2021"
    assert kashgar_pack.articles.count() == 76
    assert [r.code for r in kashgar_pack.roles.all() if "art_14" in r.clauses] == ["government_principal"]
    # every point of arts. 4–52 is owned by exactly the entries the pack assigns
    clauses = set(Duty.objects.filter(pack=kashgar_pack).values_list("clause", flat=True))
    assert "art_4__para_1__point_2" in clauses
    assert "art_18__para_2__point_6" in clauses
    assert "art_52__para_1__point_2" in clauses


def test_loading_the_same_pack_again_changes_nothing(kashgar_pack: PackVersion) -> None:
    duties = Duty.objects.count()

    again = load_pack_into_catalog(directory=KASHGAR_PACK_DIR)

    assert again.created is False
    assert again.pack.pk == kashgar_pack.pk
    assert PackVersion.objects.count() == 1
    assert Duty.objects.count() == duties


def test_a_changed_pack_becomes_a_new_version(kashgar_pack: PackVersion, tmp_path: Path) -> None:
    pack_dir = tmp_path / "kashgar_2021"
    shutil.copytree(KASHGAR_PACK_DIR, pack_dir)
    data = yaml.safe_load((pack_dir / "pack.yaml").read_text(encoding="utf-8"))
    data["effective_from"] = "2022-01-01"
    (pack_dir / "pack.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    result = load_pack_into_catalog(directory=pack_dir)

    assert result.created is True
    assert PackVersion.objects.count() == 2
    assert str(result.pack.effective_from) == "2022-01-01"
    assert RegulationVersion.objects.count() == 1  # same text, same regulation version


def test_a_broken_pack_is_rejected_with_its_yaml_path_and_nothing_is_written(tmp_path: Path) -> None:
    pack_dir = tmp_path / "broken"
    shutil.copytree(KASHGAR_PACK_DIR, pack_dir)
    data = yaml.safe_load((pack_dir / "pack.yaml").read_text(encoding="utf-8"))
    data["roles"][0]["duties"][0]["clause"] = "art_99__para_1__point_1"
    (pack_dir / "pack.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    with pytest.raises(PackError) as caught:
        load_pack_into_catalog(directory=pack_dir)

    assert any(
        issue.path == "roles[0].duties[0].clause" and issue.clause == "art_99__para_1__point_1"
        for issue in caught.value.issues
    )
    assert PackVersion.objects.count() == 0
    assert Sector.objects.count() == 0
    assert RegulationVersion.objects.count() == 0
