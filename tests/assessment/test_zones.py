"""Functional zones directly under the prefecture (art. 1 para 2) are assessed and ranked as the pack says:
the Kashgar pack ranks them with the counties (group ``prefecture_zones``), over their own subtree; a pack
that does not say so leaves them out; a zone a county manages counts in that county (本辖区)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.assessment import services
from zeren.assessment.facts import collect_facts
from zeren.catalog.packs import pure_pack
from zeren.org import services as org
from zeren.org.models import Unit
from zeren.packs import KASHGAR_PACK_DIR
from zeren.packs.errors import PackError
from zeren.packs.loader import load_pack

ON = dt.date(2026, 2, 1)
START = dt.date(2019, 1, 1)
K = "kashgar_2021"


def _zones(aworld: AccidentWorld) -> tuple[Unit, Unit]:
    """喀什经济开发区 under the prefecture (its 党工委, 管委会 and their principals); a park of 疏勒县."""
    kedz = org.create_unit(actor=None, code="kedz", name="喀什经济开发区", level="zone",
                           parent=aworld.org.kashgar, zone_kind="经济开发区")  # fmt: skip
    park = org.create_unit(actor=None, code="shule-park", name="疏勒县工业园区", level="zone",
                           parent=aworld.org.shule, zone_kind="工业园区")  # fmt: skip
    party = org.create_organisation(actor=None, code="kedz-party", unit=kedz, name="中共开发区工委",
                                    type="party_committee", start=START)  # fmt: skip
    admin = org.create_organisation(actor=None, code="kedz-admin", unit=kedz, name="开发区管委会",
                                    type="zone_administration", start=START)  # fmt: skip
    for code, body, title, role in (
        ("kedz-secretary", party, "党工委书记", "party_principal"),
        ("kedz-director", admin, "管委会主任", "government_principal"),
    ):
        post = org.create_post(
            actor=None, code=code, organisation=body, title=title, role_code=role, start=START
        )
        person = org.create_person(actor=None, code=f"{code}-p", name=f"{title}（测试）")
        org.appoint(actor=None, person=person, post=post, start=START)
    return kedz, park


def _accident(unit: Unit) -> None:
    accidents.record_accident(
        actor=None, unit=unit, sector_code="road_traffic", enterprise="某运输公司", description="测试事故",
        occurred_at=dt.datetime(2025, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone()), deaths=1,
    )  # fmt: skip


@pytest.mark.clause("art_1__para_2", "art_61__para_1__point_1", pack="kashgar_2021")
def test_a_prefecture_zone_is_assessed_and_ranked_with_the_counties(aworld: AccidentWorld) -> None:
    kedz, park = _zones(aworld)
    _accident(kedz)
    _accident(park)

    facts = {f.unit: f for f in collect_facts(pack=pure_pack(K), year=2025, on=ON)}
    run = services.run_assessment(actor=None, year=2025, on=ON)
    units = {u["unit"]: u for u in run.result["units"]}

    assert facts["kedz"].group == "counties"
    assert "shule-park" not in facts  # a county's zone counts in the county
    assert (facts["kedz"].deaths, facts["shule"].deaths, facts["shache"].deaths) == (1, 1, 0)
    assert {p.name for p in facts["kedz"].principals} == {"党工委书记（测试）", "管委会主任（测试）"}
    assert units["kedz"]["group"] == "counties"
    ranks = sorted(u["rank"] for u in units.values() if u["group"] == "counties")
    assert len(ranks) == 3  # 疏勒县, 莎车县 and the zone share one ranking
    assert units["kedz"]["rank"] >= 1


def _pack_without_zone_ranking(tmp_path: Path) -> Any:
    directory = tmp_path / "pack"
    shutil.copytree(KASHGAR_PACK_DIR, directory)
    yaml = directory / "pack.yaml"
    yaml.write_text(yaml.read_text().replace("prefecture_zones: true", "prefecture_zones: false"))
    return load_pack(directory)


def test_a_pack_that_does_not_rank_zones_leaves_them_out(aworld: AccidentWorld, tmp_path: Path) -> None:
    _zones(aworld)

    facts = {f.unit for f in collect_facts(pack=_pack_without_zone_ranking(tmp_path), year=2025, on=ON)}

    assert {"shule", "shache"} <= facts
    assert "kedz" not in facts


def test_zones_rank_only_in_a_group_of_counties(tmp_path: Path) -> None:
    directory = tmp_path / "pack"
    shutil.copytree(KASHGAR_PACK_DIR, directory)
    yaml = directory / "pack.yaml"
    text = yaml.read_text().replace(
        "      organisation_types: [party_organ, government_department, vertical_agency]\n",
        "      organisation_types: [party_organ, government_department, vertical_agency]\n"
        "      prefecture_zones: true\n",
        1,
    )
    yaml.write_text(text)

    with pytest.raises(PackError, match="functional zones rank only in a group of counties"):
        load_pack(directory)
