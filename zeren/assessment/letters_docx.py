"""A target responsibility letter as .docx, in the official-document layout of the responsibility lists.

The page, fonts and paragraph helpers are those of ``zeren.duties.exports`` (GB/T 9704-2012: A4, 小标宋
二号 title, 仿宋 三号 body at a fixed 28 pt, 2-character indent). The text is the pack's
``assessment.letter.paragraphs`` with ``{year} {unit} {issuer} {accidents_max} {deaths_max} {sign_by}``
filled in from the stored letter; the required-work list, each item with its clause, follows the first
paragraph that ends with a colon (the "shall complete the following daily work:" paragraph), or the
last paragraph when none does. Then the two parties' signature blocks side by side and the date line.
"""

from __future__ import annotations

import io
from typing import Any

from zeren.accidents.rules import citation
from zeren.duties.exports import (
    BODY_FONT,
    DOCX_TYPE,
    NOTE_FONT,
    TITLE_FONT,
    chinese_date,
    official_document,
    paragraph,
)

from .letters import fill_text, letter_template, pack_of
from .models import ResponsibilityLetter

__all__ = ["DOCX_TYPE", "filename", "letter_text", "render_docx"]

BLANK_DATE = "年    月    日"


def filename(letter: ResponsibilityLetter) -> str:
    return f"{letter.title}（{letter.unit_name}）.docx"


def letter_text(letter: ResponsibilityLetter) -> list[tuple[str, list[str]]]:
    """The letter's stored text (filled when generated, frozen when signed); older rows are filled now."""
    text = letter.text or fill_text(letter, letter_template(pack_of(letter)))
    return [(str(p), [str(line) for line in lines]) for p, lines in text]


def _signers(people: list[dict[str, Any]]) -> list[str]:
    if not people:
        return ["签署人：________________"]
    return [f"签署人：{p['post']} {p['name']}" for p in people]


def _block(cell: Any, party: str, name: str, people: list[dict[str, Any]], date: str) -> None:
    empty = cell.paragraphs[0]
    lines = [f"{party}：{name}（盖章）", *_signers(people), "", f"签订日期：{date}"]
    for line in lines:
        paragraph(cell, line, BODY_FONT, 16, indent=0)
    cell._element.remove(empty._element)


def render_docx(letter: ResponsibilityLetter) -> bytes:
    doc = official_document(
        title=letter.title, author=letter.issuer, subject=f"{letter.issuer}与{letter.unit_name}"
    )

    paragraph(doc, letter.title, TITLE_FONT, 22, align="center", line=35)
    if letter.status != ResponsibilityLetter.Status.SIGNED:
        paragraph(doc, "（草稿，待签订）", BODY_FONT, 16, align="center")
    paragraph(doc, f"甲方：{letter.issuer}", BODY_FONT, 16, indent=0, before=14)
    paragraph(doc, f"乙方：{letter.unit_name}", BODY_FONT, 16, indent=0, after=14)
    for text, work in letter_text(letter):
        paragraph(doc, text, BODY_FONT, 16)
        for line in work:
            paragraph(doc, line, BODY_FONT, 16)

    date = chinese_date(letter.signed_on) if letter.signed_on else BLANK_DATE
    paragraph(doc, "", BODY_FONT, 16)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _block(left, "甲方", letter.issuer, letter.issuer_signatories, date)
    _block(right, "乙方", letter.unit_name, letter.signatories, date)

    paragraph(
        doc,
        "依据：" + "、".join(citation(c) for c in letter.clauses),
        NOTE_FONT,
        10.5,
        line=18,
        before=14,
    )
    paragraph(doc, f"政策包：{letter.pack.pack_id} · 生效日期 {letter.pack.effective_from}", NOTE_FONT,
               10.5, line=18)  # fmt: skip
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
