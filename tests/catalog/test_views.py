from __future__ import annotations

import pytest
from django.test import Client

from zeren.catalog.models import PackVersion

pytestmark = pytest.mark.django_db


def _fireworks_code(pack: PackVersion) -> str:
    return pack.sectors.get(name="烟花爆竹").code


def test_sector_page_shows_each_supervising_department_with_its_article(
    client: Client, kashgar_pack: PackVersion
) -> None:
    body = client.get(f"/catalog/sectors/{_fireworks_code(kashgar_pack)}/").content.decode()

    assert "烟花爆竹" in body
    for name, clause in [
        ("应急管理部门", "art_19__para_1"),
        ("公安部门", "art_22__para_1__point_2"),
        ("市场监督管理部门", "art_31__para_1__point_3"),
    ]:
        assert name in body
        assert f'href="/regulations/kashgar-2021/#{clause}"' in body


def test_kind_page_lists_own_duties_and_article_18_duties(client: Client, kashgar_pack: PackVersion) -> None:
    kind = next(k for k in kashgar_pack.department_kinds.all() if k.clauses and k.clauses[0] == "art_19")

    body = client.get(f"/catalog/kinds/{kind.code}/").content.decode()

    assert kind.name in body
    assert "第十九条第一款第（九）项" in body  # organise the committee office's duties
    assert "第十八条第一款第（二）项" in body  # a supervisory department's shared duty


def test_role_page_lists_the_duties_of_its_article(client: Client, kashgar_pack: PackVersion) -> None:
    role = next(r for r in kashgar_pack.roles.all() if "art_14" in r.clauses)

    body = client.get(f"/catalog/roles/{role.code}/").content.decode()

    for point in range(1, 9):
        assert f'href="/regulations/kashgar-2021/#art_14__para_1__point_{point}"' in body


def test_coverage_page_lists_all_76_articles(client: Client, kashgar_pack: PackVersion) -> None:
    body = client.get("/catalog/coverage/").content.decode()

    assert body.count('<tr id="cov-art_') == 76


def test_catalogue_without_a_loaded_pack_is_404(client: Client) -> None:
    assert client.get("/catalog/").status_code == 404
