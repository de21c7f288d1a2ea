from __future__ import annotations

from zeren.law import Document, parse


def _refs(document: Document, eid: str) -> list[tuple[str, str | None]]:
    node = document.find(eid)
    assert node is not None
    return [(r.text, r.target) for r in node.references]


def test_seed_chapter_list(seed: Document) -> None:
    assert _refs(seed, "art_63__para_1__point_1") == [
        ("本实施办法第二章", "chp_2"),
        ("第三章", "chp_3"),
        ("第四章", "chp_4"),
    ]
    assert [t for _, t in _refs(seed, "art_68__para_1")] == ["chp_2", "chp_3", "chp_4"]


def test_seed_reference_offsets_are_document_offsets(seed: Document) -> None:
    node = seed.find("art_63__para_1__point_1")
    assert node is not None
    for ref in node.references:
        assert seed.text[ref.start : ref.end] == ref.text
        assert node.start <= ref.start < ref.end <= node.end


def test_seed_article_18_cites_article_17(seed: Document) -> None:
    assert _refs(seed, "art_18__para_1") == [("本实施办法第十七条", "art_17")]
    assert _refs(seed, "art_18__para_2") == [("本实施办法第十七条", "art_17")]


def test_seed_article_64_cites_situations_article_65_does_not_describe(seed: Document) -> None:
    assert _refs(seed, "art_64__para_1") == [("本办法第六十五条", "art_65")]
    mismatches = [w for w in seed.warnings if w["code"] == "reference_mismatch"]
    assert [(w["eid"], w["target"]) for w in mismatches] == [
        ("art_64__para_1", "art_65"),
        ("art_64__para_2", "art_65"),
    ]
    assert all("情形" in str(w["message"]) for w in mismatches)


def test_seed_has_no_unresolved_reference(seed: Document) -> None:
    assert [w for w in seed.warnings if w["code"] == "unresolved_reference"] == []


def test_seed_other_documents_are_not_resolved(seed: Document) -> None:
    # art 61 cites 《自治区安全生产目标管理办法》 without article numbers: nothing to resolve
    assert _refs(seed, "art_61__para_1") == []


TEXT = (
    "第一条 甲。\n"
    "乙。\n"
    "违反前两款规定的，依照本条第一款处理。\n"
    "第二条 依照前条和《刑法》第二十条、刑法第三条处理；有前款情形的，见第一条第二款、第三款。\n"
    "第三条 有下列情形之一的：\n"
    "（一）甲；\n"
    "（二）乙，前项除外。\n"
    "有前款第（一）项、第（二）项情形的，依照本法第九条处理。\n"
)


def test_relative_and_list_references() -> None:
    document = parse(TEXT)
    assert _refs(document, "art_1__para_3") == [("前两款", "art_1__para_1"), ("本条第一款", "art_1__para_1")]
    ref = document.find("art_1__para_3").references[0]  # type: ignore[union-attr]
    assert ref.targets == ["art_1__para_1", "art_1__para_2"]
    assert _refs(document, "art_2__para_1") == [
        ("前条", "art_1"),
        ("前款", None),
        ("第一条第二款", "art_1__para_2"),
        ("第三款", "art_1__para_3"),
    ]
    assert _refs(document, "art_3__para_1__point_2") == [("前项", "art_3__para_1__point_1")]
    assert _refs(document, "art_3__para_2") == [
        ("前款第（一）项", "art_3__para_1__point_1"),
        ("第（二）项", "art_3__para_1__point_2"),
        ("本法第九条", None),
    ]
    unresolved = [(w["eid"], w["target"]) for w in document.warnings if w["code"] == "unresolved_reference"]
    assert unresolved == [("art_2__para_1", "art_2__para_0"), ("art_3__para_2", "art_9")]
    assert [w for w in document.warnings if w["code"] == "reference_mismatch"] == []
