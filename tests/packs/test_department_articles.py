"""Every department kind of arts. 6–13 and 19–52 (responsibility lists, art. 74) owns exactly the points
of its own article, and its article names it. The table is typed from reading the regulation; the points
come from the parser, so a pack entry that drops, adds or misplaces a duty fails here."""

from __future__ import annotations

from typing import Any

import pytest

from zeren.law import parse
from zeren.packs import KASHGAR_PACK_DIR, load_pack

ARTICLES = [
    pytest.param("art_6", "党委组织部门", marks=pytest.mark.clause("art_6", pack="kashgar_2021")),
    pytest.param("art_7", "党委宣传部门", marks=pytest.mark.clause("art_7", pack="kashgar_2021")),
    pytest.param("art_8", "党委政法部门", marks=pytest.mark.clause("art_8", pack="kashgar_2021")),
    pytest.param("art_9", "党委统战部门", marks=pytest.mark.clause("art_9", pack="kashgar_2021")),
    pytest.param("art_10", "党委机构编制部门", marks=pytest.mark.clause("art_10", pack="kashgar_2021")),
    pytest.param("art_11", "党委农村工作部门", marks=pytest.mark.clause("art_11", pack="kashgar_2021")),
    pytest.param("art_12", "网信部门", marks=pytest.mark.clause("art_12", pack="kashgar_2021")),
    pytest.param("art_13", "党委其他工作机构", marks=pytest.mark.clause("art_13", pack="kashgar_2021")),
    pytest.param("art_19", "应急管理部门", marks=pytest.mark.clause("art_19", pack="kashgar_2021")),
    pytest.param("art_20", "发展改革部门", marks=pytest.mark.clause("art_20", pack="kashgar_2021")),
    pytest.param("art_21", "工业和信息化部门", marks=pytest.mark.clause("art_21", pack="kashgar_2021")),
    pytest.param("art_22", "公安部门", marks=pytest.mark.clause("art_22", pack="kashgar_2021")),
    pytest.param("art_23", "生态环境部门", marks=pytest.mark.clause("art_23", pack="kashgar_2021")),
    pytest.param("art_24", "住房和城乡建设部门", marks=pytest.mark.clause("art_24", pack="kashgar_2021")),
    pytest.param("art_25", "交通运输部门", marks=pytest.mark.clause("art_25", pack="kashgar_2021")),
    pytest.param("art_26", "水利部门", marks=pytest.mark.clause("art_26", pack="kashgar_2021")),
    pytest.param("art_27", "农业农村部门", marks=pytest.mark.clause("art_27", pack="kashgar_2021")),
    pytest.param("art_28", "文化广播和旅游部门", marks=pytest.mark.clause("art_28", pack="kashgar_2021")),
    pytest.param("art_29", "畜牧兽医部门", marks=pytest.mark.clause("art_29", pack="kashgar_2021")),
    pytest.param("art_30", "林业和草原部门", marks=pytest.mark.clause("art_30", pack="kashgar_2021")),
    pytest.param("art_31", "市场监督管理部门", marks=pytest.mark.clause("art_31", pack="kashgar_2021")),
    pytest.param("art_32", "财政部门", marks=pytest.mark.clause("art_32", pack="kashgar_2021")),
    pytest.param("art_33", "自然资源部门", marks=pytest.mark.clause("art_33", pack="kashgar_2021")),
    pytest.param("art_34", "气象部门", marks=pytest.mark.clause("art_34", pack="kashgar_2021")),
    pytest.param("art_35", "邮政管理部门", marks=pytest.mark.clause("art_35", pack="kashgar_2021")),
    pytest.param("art_36", "民航新疆管理局喀什分局", marks=pytest.mark.clause("art_36", pack="kashgar_2021")),
    pytest.param("art_37", "通信管理部门", marks=pytest.mark.clause("art_37", pack="kashgar_2021")),
    pytest.param("art_38", "教育部门", marks=pytest.mark.clause("art_38", pack="kashgar_2021")),
    pytest.param("art_39", "民政部门", marks=pytest.mark.clause("art_39", pack="kashgar_2021")),
    pytest.param("art_40", "商务部门", marks=pytest.mark.clause("art_40", pack="kashgar_2021")),
    pytest.param("art_41", "民族宗教事务部门", marks=pytest.mark.clause("art_41", pack="kashgar_2021")),
    pytest.param("art_42", "卫生健康部门", marks=pytest.mark.clause("art_42", pack="kashgar_2021")),
    pytest.param("art_43", "体育部门", marks=pytest.mark.clause("art_43", pack="kashgar_2021")),
    pytest.param("art_44", "粮食和物资储备部门", marks=pytest.mark.clause("art_44", pack="kashgar_2021")),
    pytest.param("art_45", "科技部门", marks=pytest.mark.clause("art_45", pack="kashgar_2021")),
    pytest.param("art_46", "司法行政部门", marks=pytest.mark.clause("art_46", pack="kashgar_2021")),
    pytest.param("art_47", "人力资源和社会保障部门", marks=pytest.mark.clause("art_47", pack="kashgar_2021")),
    pytest.param("art_48", "国有资产监督管理部门", marks=pytest.mark.clause("art_48", pack="kashgar_2021")),
    pytest.param("art_49", "政府其他工作部门", marks=pytest.mark.clause("art_49", pack="kashgar_2021")),
    pytest.param("art_50", "工会", marks=pytest.mark.clause("art_50", pack="kashgar_2021")),
    pytest.param("art_51", "妇联", marks=pytest.mark.clause("art_51", pack="kashgar_2021")),
    pytest.param("art_52", "共青团", marks=pytest.mark.clause("art_52", pack="kashgar_2021")),
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
