"""The public portal (art. 74): a unit's lists and the title search a page at a time, the search
through the trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL), lists that share a title told
apart by what their post oversees, and the unit index after the results."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

from zeren.common.frozen import purging
from zeren.duties import portal
from zeren.duties.models import ResponsibilityList
from zeren.duties.services import build_draft, publish_list
from zeren.org.models import Person
from zeren.org.selectors import people_matching

from .conftest import DEPUTY, ON, SHACHE_DEPUTY, Demo, post


@pytest.fixture
def published(demo: Demo) -> list[ResponsibilityList]:
    return [
        publish_list(actor=None, draft=build_draft(actor=None, post=post(code), on=ON).list)
        for code in (DEPUTY, SHACHE_DEPUTY)
    ]


def test_the_title_search_finds_by_substring_and_nothing_else(published: list[ResponsibilityList]) -> None:
    shule, shache = published
    found = set(portal.published(query="副县长安全").values_list("pk", flat=True))
    assert found == {shule.pk, shache.pk}
    assert not portal.published(query="不存在的标题").exists()
    assert set(portal.published(unit=shule.unit, query="副县长").values_list("pk", flat=True)) == {shule.pk}


def test_the_title_search_reads_the_index_not_every_title(published: list[ResponsibilityList]) -> None:
    matching = portal.title_search(ResponsibilityList.objects.only("pk").order_by(), "副县长安全")
    sql, params = matching.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert portal.FTS_TABLE in plan  # the FTS5 trigram index answers the MATCH
        else:  # only a bitmap scan is left, and only the trigram index can answer LIKE '%…%' in one
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "list_title_trgm" in plan


def test_a_renamed_list_is_found_under_its_new_title_only(published: list[ResponsibilityList]) -> None:
    """The index follows every write of the table (triggers on SQLite, the index itself on PostgreSQL); a
    published list is frozen, so the rename is a raw UPDATE inside the one sanctioned bypass."""
    shule, _ = published
    with transaction.atomic(), purging(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE duties_responsibilitylist SET title = %s WHERE id = %s", ["疏勒县测试改名清单", shule.pk]
        )
    assert list(portal.published(query="测试改名").values_list("pk", flat=True)) == [shule.pk]
    assert shule.pk not in set(portal.published(query="副县长安全").values_list("pk", flat=True))


def test_the_unit_page_shows_results_first_with_the_portfolio_and_a_pager(
    published: list[ResponsibilityList],
) -> None:
    response = Client().get("/lists/", {"unit": "shule"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index('id="unit-shule"') < body.index('id="portal-units"')  # results before the index
    assert "分管" in body  # 副县长 lists are told apart by what the post oversees
    assert "共 1 条" in body


def test_people_are_found_by_name_prefix_or_code_through_the_name_index(db: None) -> None:
    Person.objects.bulk_create(
        [Person(code="p1", name="张伟"), Person(code="p2", name="张伟明"), Person(code="p3", name="王张伟")]
    )

    def names(query: str) -> list[str]:
        return sorted(people_matching(Person.objects.all(), query).values_list("name", flat=True))

    assert names("张伟") == ["张伟", "张伟明"]
    assert names("p3") == ["王张伟"]
    assert names("") == []
    if connection.vendor == "sqlite":
        sql, params = people_matching(Person.objects.all(), "张伟").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "INDEX" in plan
        assert "SCAN org_person" not in plan
