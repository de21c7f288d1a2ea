from __future__ import annotations

import json

import pytest

from zeren.law import Document, LawParseError, cite, parse


@pytest.mark.parametrize(
    ("eid", "text"),
    [
        ("art_61", "第六十一条"),
        ("art_61__para_1", "第六十一条第一款"),
        ("art_61__para_1__point_3", "第六十一条第一款第（三）项"),
        ("art_18__para_2__point_6", "第十八条第二款第（六）项"),
        ("art_10_1", "第十条之一"),
        ("art_123", "第一百二十三条"),
        ("art_5__para_1__point_2__point_1", "第五条第一款第（二）项第一目"),
        ("chp_7", "第七章"),
        ("chp_2__sec_1", "第二章第一节"),
        ("part_1__chp_2", "第一编第二章"),
        ("art_1_dup2", "第一条"),
    ],
)
def test_cite(eid: str, text: str) -> None:
    assert cite(eid) == text


@pytest.mark.parametrize("bad", ["", "art", "art_x", "foo_1", "art_1__", "chp_1_2", "art_1__para_"])
def test_cite_rejects_non_ids(bad: str) -> None:
    with pytest.raises(LawParseError):
        cite(bad)


@pytest.mark.parametrize("bad", [None, b"\xe7\xac\xac", 3, ["第一条"]])
def test_parse_rejects_non_text(bad: object) -> None:
    with pytest.raises(LawParseError, match="needs str"):
        parse(bad)  # type: ignore[arg-type]


def test_law_parse_error_is_a_value_error() -> None:
    assert issubclass(LawParseError, ValueError)


def test_to_dict_is_json_and_has_the_schema(seed: Document) -> None:
    data = json.loads(json.dumps(seed.to_dict(), ensure_ascii=False))
    assert set(data) >= {"metadata", "warnings", "nodes"}
    for warning in data["warnings"]:
        assert set(warning) >= {"code", "message", "eid", "position"}
    node = data["nodes"][0]
    assert set(node) >= {
        "eid",
        "kind",
        "number",
        "label",
        "heading",
        "text",
        "children",
        "references",
        "content",
    }
    assert node["kind"] == "chapter"
    assert node["children"][0]["kind"] == "article"
    assert node["children"][0]["children"][0]["kind"] == "paragraph"


def test_conveniences(seed: Document) -> None:
    assert seed.find("art_99") is None
    nodes = list(seed.iter_nodes())
    assert nodes[0].eid == "chp_1"
    assert nodes[1].eid == "art_1"
    assert nodes[2].eid == "art_1__para_1"
    assert len(nodes) == 8 + 76 + 87 + 246
    assert [n.start for n in nodes] == sorted(n.start for n in nodes)
    article = seed.find("art_61")
    assert article is not None
    assert article.full_text().startswith("第六十一条")
    assert "（四）" in article.full_text() or "(四)" in article.full_text()
