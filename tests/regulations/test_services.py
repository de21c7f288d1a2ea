from __future__ import annotations

import pytest

from zeren.regulations.models import Provision, Regulation, RegulationVersion
from zeren.regulations.services import RegulationImportError, import_regulation

pytestmark = pytest.mark.django_db


def test_import_stores_the_seed_as_version_1_with_its_clause_tree(seed_text: str) -> None:
    result = import_regulation(text=seed_text, source_name="regulation.txt", slug="kashgar-2021")

    version = result.version
    assert result.created is True
    assert version.number == 1
    assert version.regulation.title == "喀什地区落实《地方党政领导干部安全生产责任制规定》办法"
    assert version.document_number == "喀安委〔2021〕2号"
    assert str(version.issue_date) == "2021-04-10"
    assert str(version.publication_date) == "2021-08-05"
    provisions = Provision.objects.filter(version=version)
    assert provisions.filter(kind="chapter").count() == 8
    assert provisions.filter(kind="article").count() == 76
    assert provisions.filter(kind="paragraph").count() == 87
    assert provisions.filter(kind="point").count() == 246
    point = provisions.get(eid="art_61__para_1__point_3")
    assert point.citation == "第六十一条第一款第（三）项"
    assert point.parent is not None
    assert point.parent.eid == "art_61__para_1"
    assert point.parent.parent is not None
    assert point.parent.parent.eid == "art_61"
    assert "10万-30万元" in point.content


def test_importing_the_same_text_again_changes_nothing(seed_text: str) -> None:
    first = import_regulation(text=seed_text, slug="kashgar-2021")
    count = Provision.objects.count()

    again = import_regulation(text=seed_text, slug="kashgar-2021")

    assert again.created is False
    assert again.version.pk == first.version.pk
    assert RegulationVersion.objects.count() == 1
    assert Provision.objects.count() == count


def test_a_changed_text_becomes_a_new_version_and_keeps_the_old_one(seed_text: str) -> None:
    import_regulation(text=seed_text, slug="kashgar-2021")
    changed = seed_text.replace("奖励人民币5万元", "奖励人民币6万元")

    result = import_regulation(text=changed, slug="kashgar-2021")

    assert result.created is True
    assert result.version.number == 2
    assert Regulation.objects.count() == 1
    old = RegulationVersion.objects.get(number=1).provisions.get(eid="art_61__para_1__point_1")
    new = result.version.provisions.get(eid="art_61__para_1__point_1")
    assert "5万元" in old.content
    assert "6万元" in new.content


def test_a_text_without_articles_is_rejected_and_nothing_is_written() -> None:
    with pytest.raises(RegulationImportError, match="no"):
        import_regulation(text="这只是一段普通的文字，没有任何条文。", source_name="plain.txt")

    assert Regulation.objects.count() == 0
    assert RegulationVersion.objects.count() == 0
