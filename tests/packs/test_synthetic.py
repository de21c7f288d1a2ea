"""The validator reads only the plain ``Document.to_dict()`` shape: small hand-built trees stand in
for the parser, so these tests pin the rules independently of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from zeren.packs import PackError, PackIssue, check_pack, load_pack
from zeren.packs.regulation import RegulationIndex


def node(eid: str, kind: str, text: str = "", *children: dict[str, Any]) -> dict[str, Any]:
    return {"eid": eid, "kind": kind, "number": None, "label": "", "heading": None, "text": text,
            "children": list(children)}  # fmt: skip


def article(n: int, points: int = 0) -> dict[str, Any]:
    pts = [node(f"art_{n}__para_1__point_{p}", "point", f"（{p}）项") for p in range(1, points + 1)]
    return node(f"art_{n}", "article", "", node(f"art_{n}__para_1", "paragraph", "款", *pts))


def document(*articles: dict[str, Any]) -> dict[str, Any]:
    return {"metadata": {}, "warnings": [], "nodes": [node("chp_1", "chapter", "第一章", *articles)]}


def minimal_pack() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "mini",
        "title": "迷你办法",
        "regulation": "regulation.txt",
        "effective_from": "2022-01-01",
        "features": [{"id": "regulation_text", "name": "原文"}, {"id": "accountability", "name": "问责"}],
        "bodies": [{"id": "party_committee", "name": "党委"}],
        "roles": [
            {
                "id": "party_principal",
                "name": "党委主要负责人",
                "body": "party_committee",
                "clauses": ["art_4"],
                "duties": [
                    {"clause": "art_4__para_1__point_1", "summary": "第一项"},
                    {"clause": "art_4__para_1__point_2", "summary": "第二项"},
                ],
            }
        ],
        "traits": [],
        "department_kinds": [],
        "sectors": [],
        "obligations": [],
        "duties": {"articles": {"first": 4, "last": 52}},
        "local_choices": [],
        "articles": [
            {"eid": "art_1", "classification": "declarative", "feature": "regulation_text"},
            {"eid": "art_4", "classification": "implemented", "feature": "accountability"},
        ],
    }


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    (tmp_path / "pack.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


DOC = document(article(1), article(4, points=2))


def test_a_minimal_pack_loads_against_a_synthetic_document(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, minimal_pack()), document=DOC)

    assert pack.regulation.articles == ("art_1", "art_4")
    assert pack.role("party_principal").duties[1].clause == "art_4__para_1__point_2"
    assert pack.accountability.forms == ()


def test_an_unassigned_point_names_the_owner_citing_its_article(tmp_path: Path) -> None:
    data = minimal_pack()
    data["roles"][0]["duties"].pop()

    issues = check_pack(write(tmp_path, data), document=DOC)

    assert issues == [
        PackIssue(
            "roles[0].duties",
            "art_4__para_1__point_2",
            "point art_4__para_1__point_2 is not assigned to any role, trait or department kind",
        )
    ]


def test_points_outside_articles_4_to_52_need_no_owner(tmp_path: Path) -> None:
    doc = document(article(1, points=3), article(4, points=2), article(53, points=2))
    data = minimal_pack()
    data["articles"].append({"eid": "art_53", "classification": "declarative", "feature": "regulation_text"})

    assert check_pack(write(tmp_path, data), document=doc) == []


def test_an_article_the_pack_does_not_classify(tmp_path: Path) -> None:
    doc = document(article(1), article(4, points=2), article(5))

    issues = check_pack(write(tmp_path, minimal_pack()), document=doc)

    assert issues == [PackIssue("articles", "art_5", "article art_5 is not classified")]


def test_a_department_kind_must_cite_its_article(tmp_path: Path) -> None:
    data = minimal_pack()
    data["department_kinds"] = [
        {"id": "office", "name": "办公室", "type": "party_organ", "clauses": ["art_4__para_1"], "duties": []}
    ]

    issues = check_pack(write(tmp_path, data), document=DOC)

    assert issues == [
        PackIssue(
            "department_kinds[0].clauses",
            "art_4__para_1",
            "department kind 'office' does not cite its article (e.g. art_19)",
        )
    ]


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    data = minimal_pack()
    del data["roles"]

    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, data), document=DOC)

    assert PackIssue("roles", None, "missing list") in caught.value.issues


def test_unreadable_yaml_is_one_issue(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("roles: [unclosed", encoding="utf-8")

    issues = check_pack(tmp_path, document=DOC)

    assert [(i.path, i.message.split(":")[0]) for i in issues] == [("pack.yaml", "not valid YAML")]


def test_the_index_skips_malformed_nodes() -> None:
    doc = {"nodes": [article(4, points=1), "junk", {"kind": "article"}, {"eid": "art_9", "children": "x"}]}

    index = RegulationIndex.from_document(doc)

    assert list(index.kinds) == ["art_4", "art_4__para_1", "art_4__para_1__point_1", "art_9"]
    assert index.points(4, 52) == ("art_4__para_1__point_1",)
