"""Every department kind of arts. 6–13 and 19–52 (responsibility lists, art. 74) owns exactly the points
of its own article, and its article names it. The table is typed from reading the regulation; the points
come from the parser, so a pack entry that drops, adds or misplaces a duty fails here."""

from __future__ import annotations

from typing import Any

import pytest

from zeren.law import parse
from zeren.packs import KASHGAR_PACK_DIR, load_pack

ARTICLES = [
    ("art_6", "党委组织部门"),
    ("art_7", "党委宣传部门"),
    ("art_8", "党委政法部门"),
    ("art_9", "党委统战部门"),
    ("art_10", "党委机构编制部门"),
    ("art_11", "党委农村工作部门"),
    ("art_12", "网信部门"),
    ("art_13", "党委其他工作机构"),
    ("art_19", "应急管理部门"),
    ("art_20", "发展改革部门"),
    ("art_21", "工业和信息化部门"),
    ("art_22", "公安部门"),
    ("art_23", "生态环境部门"),
    ("art_24", "住房和城乡建设部门"),
    ("art_25", "交通运输部门"),
    ("art_26", "水利部门"),
    ("art_27", "农业农村部门"),
    ("art_28", "文化广播和旅游部门"),
    ("art_29", "畜牧兽医部门"),
    ("art_30", "林业和草原部门"),
    ("art_31", "市场监督管理部门"),
    ("art_32", "财政部门"),
    ("art_33", "自然资源部门"),
    ("art_34", "气象部门"),
    ("art_35", "邮政管理部门"),
    ("art_36", "民航新疆管理局喀什分局"),
    ("art_37", "通信管理部门"),
    ("art_38", "教育部门"),
    ("art_39", "民政部门"),
    ("art_40", "商务部门"),
    ("art_41", "民族宗教事务部门"),
    ("art_42", "卫生健康部门"),
    ("art_43", "体育部门"),
    ("art_44", "粮食和物资储备部门"),
    ("art_45", "科技部门"),
    ("art_46", "司法行政部门"),
    ("art_47", "人力资源和社会保障部门"),
    ("art_48", "国有资产监督管理部门"),
    ("art_49", "政府其他工作部门"),
    ("art_50", "工会"),
    ("art_51", "妇联"),
    ("art_52", "共青团"),
]


@pytest.fixture(scope="module")
def seed() -> Any:
    return parse((KASHGAR_PACK_DIR / "regulation.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_pack(KASHGAR_PACK_DIR)


@pytest.mark.parametrize(("article", "phrase"), ARTICLES)
def test_the_kind_of_each_article_owns_exactly_its_points(
    seed: Any, pack: Any, article: str, phrase: str
) -> None:
    node = seed.find(article)
    points = {n.eid for n in seed.iter_nodes() if n.kind == "point" and n.eid.startswith(f"{article}__")}
    kinds = [k for k in pack.department_kinds if k.clauses and k.clauses[0] == article]

    assert phrase in node.full_text()
    assert len(kinds) == 1
    # an article without points (the catch-alls, arts. 13 and 49) is one duty: its paragraph
    assert {d.clause for d in kinds[0].duties} == (points or {f"{article}__para_1"})
