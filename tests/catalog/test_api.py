from __future__ import annotations

import pytest
from django.test import Client

from zeren.catalog.models import PackVersion

pytestmark = pytest.mark.django_db


def test_sector_api_gives_supervisors_with_citations(client: Client, kashgar_pack: PackVersion) -> None:
    code = kashgar_pack.sectors.get(name="烟花爆竹").code

    data = client.get(f"/api/catalog/sectors/{code}").json()

    assert data["name"] == "烟花爆竹"
    primary = {s["kind_name"]: s["clauses"][0] for s in data["supervisors"]}
    assert primary["公安部门"] == {
        "clause": "art_22__para_1__point_2",
        "citation": "第二十二条第一款第（二）项",
    }
    assert primary["市场监督管理部门"]["clause"] == "art_31__para_1__point_3"
    assert primary["应急管理部门"]["clause"].startswith("art_19")


def test_obligations_api_reads_frequency_from_the_pack(client: Client, kashgar_pack: PackVersion) -> None:
    data = {o["clause"]: o for o in client.get("/api/catalog/obligations").json()}

    assert (data["art_4__para_1__point_2"]["frequency"], data["art_4__para_1__point_2"]["min_count"]) == (
        "annual",
        1,
    )
    assert data["art_14__para_1__point_2"]["frequency"] == "half_yearly"
    assert data["art_16__para_1__point_4"]["frequency"] == "quarterly"


def test_coverage_api_classifies_every_article(client: Client, kashgar_pack: PackVersion) -> None:
    rows = client.get("/api/catalog/coverage").json()

    assert len(rows) == 76
    assert {r["classification"] for r in rows} <= {"implemented", "declarative"}


def test_openapi_lists_catalogue_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/catalog/kinds/{code}", "/api/catalog/sectors/{code}", "/api/catalog/roles"} <= set(paths)
