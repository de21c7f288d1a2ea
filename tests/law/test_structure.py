from __future__ import annotations

import pytest

from zeren.law import Document, parse

# (article, points per paragraph): typed from reading the seed, not from the parser's output.
# Every article has at least one paragraph; a 0 is a paragraph without points.
SEED_ARTICLES: list[tuple[int, list[int]]] = [
    (1, [0, 0]), (2, [0]), (3, [0, 0, 0]), (4, [7]), (5, [4]), (6, [4]), (7, [5]), (8, [3]),
    (9, [2]), (10, [3]), (11, [2]), (12, [3]), (13, [0]), (14, [8]), (15, [7]), (16, [7]),
    (17, [9, 0, 0]), (18, [8, 6]), (19, [9]), (20, [13]), (21, [8]), (22, [6]), (23, [3]),
    (24, [6]), (25, [6]), (26, [2]), (27, [4]), (28, [9]), (29, [2]), (30, [2]), (31, [11]),
    (32, [2]), (33, [5]), (34, [3]), (35, [2]), (36, [4]), (37, [3]), (38, [5]), (39, [4]),
    (40, [5]), (41, [3]), (42, [5]), (43, [4]), (44, [3]), (45, [3]), (46, [6]), (47, [7]),
    (48, [2]), (49, [0]), (50, [7]), (51, [3]), (52, [2]), (53, [0]), (54, [0]), (55, [0, 0]),
    (56, [0]), (57, [0, 0]), (58, [0, 0]), (59, [0]), (60, [0]), (61, [4]), (62, [0, 0]),
    (63, [5]), (64, [0, 0]), (65, [0]), (66, [0]), (67, [0]), (68, [0]), (69, [0]), (70, [0]),
    (71, [0]), (72, [0]), (73, [0]), (74, [0]), (75, [0]), (76, [0]),
]  # fmt: skip
SEED_CHAPTERS = [
    (1, "总则", 1, 3),
    (2, "党委及其工作机关领导干部的安全生产职责", 4, 13),
    (3, "政府及其工作部门领导干部的安全生产职责", 14, 49),
    (4, "社会团体领导干部的安全生产职责", 50, 52),
    (5, "考核考察", 53, 59),
    (6, "表彰奖惩", 60, 62),
    (7, "责任追究", 63, 71),
    (8, "附则", 72, 76),
]


def test_seed_counts(seed: Document) -> None:
    assert seed.counts() == {
        "part": 0,
        "chapter": 8,
        "section": 0,
        "article": 76,
        "paragraph": 87,
        "point": 246,
    }
    assert sum(len(points) for _, points in SEED_ARTICLES) == 87
    assert sum(sum(points) for _, points in SEED_ARTICLES) == 246


@pytest.mark.parametrize(("number", "points"), SEED_ARTICLES)
def test_seed_article_shape(seed: Document, number: int, points: list[int]) -> None:
    article = seed.find(f"art_{number}")
    assert article is not None
    assert article.number == str(number)
    assert [p.eid for p in article.children] == [f"art_{number}__para_{i}" for i in range(1, len(points) + 1)]
    assert [len(p.children) for p in article.children] == points
    for paragraph, count in zip(article.children, points, strict=True):
        assert [pt.eid for pt in paragraph.children] == [
            f"{paragraph.eid}__point_{i}" for i in range(1, count + 1)
        ]


@pytest.mark.parametrize(("number", "heading", "first", "last"), SEED_CHAPTERS)
def test_seed_chapters(seed: Document, number: int, heading: str, first: int, last: int) -> None:
    chapter = seed.find(f"chp_{number}")
    assert chapter is not None
    assert chapter.heading == heading
    assert chapter.label == f"第{'一二三四五六七八'[number - 1]}章"
    assert [a.eid for a in chapter.children] == [f"art_{n}" for n in range(first, last + 1)]


def test_seed_articles_in_order(seed: Document) -> None:
    assert [a.eid for a in seed.articles()] == [f"art_{n}" for n in range(1, 77)]
    assert [n.eid for n in seed.nodes] == [f"chp_{n}" for n in range(1, 9)]


def test_katakana_article_31(seed: Document) -> None:
    article = seed.find("art_31")
    assert article is not None
    assert article.label == "第三十一条"
    assert seed.original_text[article.start : article.start + 5] == "第三十ー条"


def test_seed_node_texts(seed: Document) -> None:
    point = seed.find("art_61__para_1__point_3")
    assert point is not None
    assert point.label == "(三)"
    assert point.text == (
        "(三)年度安全生产先进企业的评选由地区安委会办公室负责组织,对被评选为安全生产先进企业的单位,"
        "奖励人民币10万-30万元,奖金由企业自筹。\n\n"
    )
    assert point.content == point.text[3:].strip()
    point = seed.find("art_18__para_2__point_6")
    assert point is not None
    assert point.content == "组织开展本行业(领域)安全生产专项检查。"
    chapter = seed.find("chp_7")
    assert chapter is not None
    assert chapter.heading == "责任追究"
    assert chapter.text == "第七章 \xa0责任追究\n\n"
    assert seed.find("chp_1") is not None
    assert seed.find("chp_1").heading == "总则"  # type: ignore[union-attr]
    article = seed.find("art_1")
    assert article is not None
    assert article.text == "第一条 \xa0"
    assert article.content == ""
    assert article.heading is None
    para = seed.find("art_1__para_1")
    assert para is not None
    assert para.text.startswith("本办法适用于喀什地区")
    assert para.label is None
    para2 = seed.find("art_17__para_2")
    assert para2 is not None
    assert (
        para2.content == "各部门(单位)分管安全工作的负责人具体组织制定并落实安全生产目标、任务、措施和考核。"
    )


def test_seed_preamble_trailer_and_nothing_lost(seed: Document) -> None:
    assert seed.preamble.startswith("政府信息公开指南")
    assert seed.preamble.endswith("制定本办法。\n\n\xa0\n\n")
    assert seed.trailer.strip().startswith("文件下载:")
    assert "第七十六条" not in seed.trailer
    assert seed.preamble + "".join(n.text for n in seed.iter_nodes()) + seed.trailer == seed.text
    assert len(seed.text) == len(seed.original_text)


def test_seed_has_no_structural_warnings(seed: Document) -> None:
    codes = [w["code"] for w in seed.warnings]
    assert "numbering_gap" not in codes
    assert "numbering_duplicate" not in codes


def _shape(text: str) -> list[tuple[str, str | None]]:
    return [(n.eid, n.heading) for n in parse(text).iter_nodes()]


def test_big_numbers_and_zh_variants() -> None:
    document = parse("第一百二十三条 甲。\n第一百二十四条 乙。\n第十条之一 丙。\n")
    assert [(a.eid, a.number, a.label) for a in document.articles()] == [
        ("art_123", "123", "第一百二十三条"),
        ("art_124", "124", "第一百二十四条"),
        ("art_10_1", "10-1", "第十条之一"),
    ]
    assert [w["code"] for w in document.warnings] == ["numbering_gap", "numbering_gap"]


def test_insert_article_after_its_base_is_in_sequence() -> None:
    document = parse("第一条 甲。\n第二条 乙。\n第二条之一 丙。\n第三条 丁。\n")
    assert [a.eid for a in document.articles()] == ["art_1", "art_2", "art_2_1", "art_3"]
    assert document.warnings == []


def test_zero_and_liang_numbers() -> None:
    text = "第十九条 文。\n第二〇条 甲。\n第一百零一条 乙。\n第两百条 丙。\n"
    assert [a.number for a in parse(text).articles()] == ["19", "20", "101", "200"]


def test_points_with_both_bracket_widths_and_paragraphs_after_points() -> None:
    text = "第一条 有下列情形之一的：\n（一）甲；\n(二)乙。\n\u3000\n有前款情形的，处罚。\n（一）丙；\n"
    document = parse(text)
    assert [n.eid for n in document.iter_nodes()] == [
        "art_1",
        "art_1__para_1",
        "art_1__para_1__point_1",
        "art_1__para_1__point_2",
        "art_1__para_2",
        "art_1__para_2__point_1",
    ]
    assert document.find("art_1__para_1__point_2").text == "(二)乙。\n\u3000\n"  # type: ignore[union-attr]


def test_subpoints_nest_under_points() -> None:
    text = "第五条 包括：\n（一）甲：\n1.子一；\n2.子二；\n（二）乙。\n"
    eids = [n.eid for n in parse(text).iter_nodes()]
    assert "art_5__para_1__point_1__point_1" in eids
    assert "art_5__para_1__point_1__point_2" in eids
    assert "art_5__para_1__point_2" in eids


def test_parts_chapters_sections_ids() -> None:
    text = (
        "第一编 总则\n第一章 基本\n第一节 一般\n第一条 甲。\n第二节 特别\n第二条 乙。\n"
        "第二编 分则\n第一章 具体\n第三条 丙。\n"
    )
    assert _shape(text) == [
        ("part_1", "总则"),
        ("part_1__chp_1", "基本"),
        ("part_1__chp_1__sec_1", "一般"),
        ("art_1", None),
        ("art_1__para_1", None),
        ("part_1__chp_1__sec_2", "特别"),
        ("art_2", None),
        ("art_2__para_1", None),
        ("part_2", "分则"),
        ("part_2__chp_1", "具体"),
        ("art_3", None),
        ("art_3__para_1", None),
    ]


def test_table_of_contents_goes_to_the_preamble() -> None:
    text = "某某条例\n目录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n"
    document = parse(text)
    assert [n.eid for n in document.nodes] == ["chp_1", "chp_2"]
    assert document.preamble == "某某条例\n目录\n第一章 总则\n第二章 附则\n"
    assert document.warnings == []


def test_duplicate_articles_get_distinct_ids_and_a_warning() -> None:
    document = parse("第一条 甲。\n第二条 乙。\n附：\n第一条 丙。\n")
    assert [a.eid for a in document.articles()] == ["art_1", "art_2", "art_1_dup2"]
    assert {w["code"] for w in document.warnings} == {"numbering_duplicate", "numbering_gap"}


def test_citation_at_line_start_is_not_an_article() -> None:
    document = parse("第一条 甲。\n第二条 乙，依照\n第一条的规定处理。\n")
    assert [a.eid for a in document.articles()] == ["art_1", "art_2"]


def test_no_structure_is_a_warning_not_an_error() -> None:
    document = parse("只是一段话。\n")
    assert document.nodes == []
    assert document.preamble == "只是一段话。\n"
    assert [w["code"] for w in document.warnings] == ["no_structure"]
