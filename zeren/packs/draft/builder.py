"""Assemble a whole draft pack (a plain dict in the ``pack.yaml`` schema) from a parsed regulation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import tables
from .organisation import draft_organisation
from .sections import draft_accountability, draft_articles, draft_money, draft_obligations
from .tree import Tree, build_tree

FEATURES: tuple[tuple[str, str], ...] = (
    ("regulation_text", "法规原文与条款展示"),
    ("org_units", "组织单位、部门类型与行业目录"),
    ("responsibility_lists", "岗位与部门安全生产责任清单"),
    ("obligations", "周期性义务与到期提醒"),
    ("supervision", "督查督办与巡查"),
    ("assessment", "目标考核与履职评定"),
    ("rewards_fines", "奖励与罚款计算"),
    ("disclosure", "考核结果与责任清单公开"),
    ("accidents", "事故分级与报告时限"),
    ("accountability", "问责情形、方式与一票否决"),
    ("reorganisation", "机构改革职责承接"),
    ("pack_catalog", "政策包目录与生效日期"),
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_JURISDICTION_RE = re.compile(r"^(.{2,12}?(?:自治区|自治州|地区|省|市|州|盟|县|旗))")


def jurisdiction(*names: object) -> str | None:
    """The place a title or issuer starts with: ``喀什地区落实…办法`` → ``喀什地区``."""
    for name in names:
        if isinstance(name, str):
            match = _JURISDICTION_RE.match(name)
            if match:
                return match.group(1)
    return None


def _date(value: object) -> str | None:
    return value if isinstance(value, str) and _DATE_RE.match(value) else None


def draft_from_document(
    document: Mapping[str, Any], *, pack_id: str = "draft", regulation: str = "regulation.txt"
) -> dict[str, Any]:
    """Draft a pack from ``zeren.law.parse(text).to_dict()`` output."""
    return draft_from_tree(build_tree(document), pack_id=pack_id, regulation=regulation)


def draft_from_tree(
    tree: Tree, *, pack_id: str = "draft", regulation: str = "regulation.txt"
) -> dict[str, Any]:
    meta = tree.metadata
    org = draft_organisation(tree)
    obligations = draft_obligations(tree, org)
    used_bodies = {role["body"] for role in org.roles} | {
        owner["body"] for obligation in obligations for owner in obligation["owners"] if "body" in owner
    }
    issued = _date(meta.get("issue_date"))
    pack: dict[str, Any] = {
        "schema_version": 1,
        "draft": True,
        "id": pack_id,
        "title": meta.get("title"),
        "issuer": meta.get("issuer"),
        "document_number": meta.get("document_number"),
        "jurisdiction": jurisdiction(meta.get("issuer"), meta.get("title")),
        "regulation": regulation,
        "issued": issued,
        "published": _date(meta.get("publication_date")),
        "effective_from": issued,
        "effective_to": None,
        "features": [{"id": fid, "name": name} for fid, name in FEATURES],
        "bodies": [
            {"id": body, "name": tables.BODY_NAMES.get(body, body), "draft": True}
            for body in tables.BODY_NAMES
            if body in used_bodies
        ],
        "roles": org.roles,
        "traits": org.traits,
        "department_kinds": org.kinds,
        "sectors": org.sectors,
        "obligations": obligations,
        "money": draft_money(tree),
        "accountability": draft_accountability(tree),
        "local_choices": [],
        "articles": draft_articles(tree),
    }
    return pack


def cited_clauses(pack: Mapping[str, Any]) -> set[str]:
    """Every clause id a pack (draft or curated) cites, wherever it sits."""
    found: set[str] = set()

    def walk(value: object, key: str | None) -> None:
        if isinstance(value, Mapping):
            for sub_key, sub in value.items():
                walk(sub, str(sub_key))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key in {"clause", "clauses", "eid"}:
            found.add(value)

    walk(pack, None)
    return found


def without_draft_markers(pack: Any) -> Any:
    """A copy of ``pack`` with every ``draft`` key removed.

    For tests and for a reviewer's last step only: removing the markers is the statement "reviewed". The
    loader rejects a pack that still has them, so an unreviewed draft can never be loaded by mistake.
    """
    if isinstance(pack, Mapping):
        return {key: without_draft_markers(value) for key, value in pack.items() if key != "draft"}
    if isinstance(pack, list):
        return [without_draft_markers(item) for item in pack]
    return pack
