from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zeren.regulations.services import import_regulation

pytestmark = pytest.mark.django_db


def _find(nodes: list[dict[str, Any]], eid: str) -> dict[str, Any] | None:
    for node in nodes:
        if node["eid"] == eid:
            return node
        found = _find(node["children"], eid)
        if found:
            return found
    return None


def test_openapi_schema_lists_the_regulation_endpoints(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    assert "/api/regulations" in schema["paths"]
    assert "/api/regulations/{slug}" in schema["paths"]


def test_api_returns_the_same_tree_as_the_page(client: Client, seed_text: str) -> None:
    import_regulation(text=seed_text, slug="kashgar-2021")

    data = client.get("/api/regulations/kashgar-2021").json()

    assert data["title"] == "喀什地区落实《地方党政领导干部安全生产责任制规定》办法"
    assert [n["eid"] for n in data["nodes"]] == [f"chp_{i}" for i in range(1, 9)]
    point = _find(data["nodes"], "art_61__para_1__point_1")
    assert point is not None
    assert point["citation"] == "第六十一条第一款第（一）项"
    assert "前五位" in point["content"]
    assert data["warnings"] == []  # warnings are for administrators


def test_api_lists_regulations_with_their_current_version(client: Client, seed_text: str) -> None:
    import_regulation(text=seed_text, slug="kashgar-2021")

    data = client.get("/api/regulations").json()

    assert data[0]["slug"] == "kashgar-2021"
    assert data[0]["current_version"]["number"] == 1
    assert data[0]["current_version"]["document_number"] == "喀安委〔2021〕2号"


def test_api_unknown_version_is_404(client: Client, seed_text: str) -> None:
    import_regulation(text=seed_text, slug="kashgar-2021")
    assert client.get("/api/regulations/kashgar-2021/versions/9").status_code == 404
