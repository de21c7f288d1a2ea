"""Importer warnings (``zeren.law``: a code, an English message for developers, structured fields) worded
in Chinese for the regulation page. An untrusted value found in the source (a portal's spam or an injected
instruction) is never echoed: the page says what was ignored, not what it said."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zeren.law import cite

FIELDS = {"issuer": "发布机关", "document_number": "文号", "issue_date": "印发日期", "title": "标题"}


@dataclass(frozen=True)
class ShownWarning:
    title: str
    text: str
    eid: str  # the clause concerned ("" when none)
    clause: str  # the clause as people read it


def _clause(eid: object) -> str:
    if not eid:
        return ""
    try:
        return cite(str(eid).split("_dup")[0])
    except (ValueError, KeyError):
        return ""


def shown_warning(warning: Mapping[str, object]) -> ShownWarning:
    code = str(warning.get("code", ""))
    eid = str(warning.get("eid") or "")
    clause = _clause(eid)
    target = _clause(warning.get("target"))
    if code == "injected_metadata":
        field = str(warning.get("label") or FIELDS.get(str(warning.get("field")), "元数据"))
        return ShownWarning(
            "不可信的元数据",
            f"来源文本中“{field}”一项含有与正文无关的内容（疑似网页广告或插入的指令），已忽略，未采用。",
            eid,
            clause,
        )
    if code == "variant_normalised":
        count = warning.get("count", "")
        return ShownWarning(
            "异体字已规范", f"将 {count} 处异体字、全角或兼容字符替换为规范字符，条款文字不变。", eid, clause
        )
    if code == "numbering_gap":
        return ShownWarning(
            "编号不连续", f"{clause or '某条款'}的编号与前一条款不连续，请核对原文是否缺条。", eid, clause
        )
    if code == "numbering_duplicate":
        return ShownWarning(
            "编号重复", f"{clause or '某条款'}的编号在文中重复出现，后出现的一处另行编号。", eid, clause
        )
    if code == "no_structure":
        return ShownWarning(
            "未识别出条款结构", "文中没有找到编、章、节或条的标题，全文按一段保存。", eid, clause
        )
    if code == "unresolved_reference":
        return ShownWarning(
            "引用的条款不存在",
            f"{clause or '某条款'}引用了{target or '一个条款'}，本文件中没有该条款。",
            eid,
            clause,
        )
    if code == "reference_mismatch":
        return ShownWarning(
            "引用的情形不存在",
            f"{clause or '某条款'}引用了{target or '某条款'}所列的情形，但该条款未列情形。",
            eid,
            clause,
        )
    return ShownWarning("导入提示", "导入时发现一处需要核对的地方。", eid, clause)
