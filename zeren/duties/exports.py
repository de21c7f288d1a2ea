"""Exports of a stored list: .docx laid out as a Chinese official document, and PDF via WeasyPrint.

Layout follows GB/T 9704-2012 (党政机关公文格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; title in 小标宋 二号 centred; body in 仿宋_GB2312 三号 with 2-character first-line indent and
fixed 28 pt line spacing; level-1 headings "一、" in 黑体; the issuing organ and date at the end. Where
a font is missing, Word falls back by the East Asian font name (w:eastAsia) we set on every run.

The PDF is rendered from ``duties/export.html`` with CSS ``@page`` A4 and the Noto CJK fonts (Debian
fonts-noto-cjk) so Chinese glyphs are embedded, not drawn as empty boxes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from zeren.law import to_chinese

from .models import ResponsibilityList

TITLE_FONT = ("方正小标宋简体", "Times New Roman")
BODY_FONT = ("仿宋_GB2312", "FangSong")
HEADING_FONT = ("黑体", "SimHei")
NOTE_FONT = ("楷体_GB2312", "KaiTi")
PAGE_NUMBER_FONT = ("宋体", "SimSun")  # GB/T 9704-2012 §7.5: 4号半角宋体阿拉伯数字
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _nested(title: str) -> str:
    """A title quoted inside 《》 uses 〈〉 for its own quotes."""
    return title.replace("《", "〈").replace("》", "〉")


def document_date(row: ResponsibilityList) -> dt.date:
    if row.published_at is not None:
        return timezone.localtime(row.published_at).date()
    return row.on


def export_context(row: ResponsibilityList) -> dict[str, Any]:
    header = row.content["header"]
    sections = [{**section, "number": to_chinese(i)} for i, section in enumerate(row.content["sections"], 1)]
    intro = (
        f"根据《{_nested(header['regulation_title'])}》"
        + (f"（{header['document_number']}）" if header.get("document_number") else "")
        + f"，按{chinese_date(dt.date.fromisoformat(header['on']))}的岗位设置和分管分工，"
        f"{header['owner_name']}的安全生产职责如下。每项职责注明所依据的条款和适用理由。"
    )
    return {
        "row": row,
        "header": header,
        "sections": sections,
        "intro": intro,
        "status_line": f"{row.label}" + ("" if row.published_at else "（草稿，未发布）"),
        "issuer": header.get("organisation") or header["unit"],
        "date": chinese_date(document_date(row)),
        "margins": MARGINS_MM,
    }


def filename(row: ResponsibilityList, extension: str) -> str:
    return f"{row.title}（{row.label}）.{extension}"


# -- docx --------------------------------------------------------------------------------------


def set_font(run: Any, fonts: tuple[str, str], size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    east_asia, latin = fonts
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asia)
    r_fonts.set(qn("w:ascii"), latin)
    r_fonts.set(qn("w:hAnsi"), latin)


def paragraph(doc: Any, text: str, fonts: tuple[str, str], size: float, **options: Any) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(options.get("line", 28))
    fmt.space_before = Pt(options.get("before", 0))
    fmt.space_after = Pt(options.get("after", 0))
    align = options.get("align")
    if align == "center":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(options.get("indent", 2 * size))
    set_font(paragraph.add_run(text), fonts, size, bold=options.get("bold", False))
    return paragraph


def official_document(*, title: str, author: str, subject: str = "") -> Any:
    """A new .docx in the GB/T 9704-2012 page layout: A4, the official margins, 仿宋 三号 body text."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT[1]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[0])
    core = doc.core_properties
    core.title, core.author, core.subject = title, author, subject
    add_page_numbers(doc)
    return doc


def _page_number(paragraph: Any) -> None:
    """ "— 1 —": an em dash, a space, the PAGE field, a space, an em dash (GB/T 9704-2012 §7.5)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        set_font(run, PAGE_NUMBER_FONT, 14)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._element.append(instruction)
        else:
            run.text = text or ""
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, 14)


def add_page_numbers(doc: Any) -> None:
    """Page numbers at the foot of every page, odd pages at the right edge and even pages at the left,
    each one character in from the edge (GB/T 9704-2012 §7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, align, indent in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            paragraph.paragraph_format.alignment = align
            setattr(paragraph.paragraph_format, indent, Pt(14))
            _page_number(paragraph)


def render_docx(row: ResponsibilityList) -> bytes:

    ctx = export_context(row)
    doc = official_document(title=row.title, author=ctx["issuer"], subject=ctx["header"]["regulation_title"])

    paragraph(doc, row.title, TITLE_FONT, 22, align="center", line=35, before=0, after=0)
    paragraph(doc, f"（{ctx['status_line']}）", BODY_FONT, 16, align="center", after=14)
    paragraph(doc, ctx["intro"], BODY_FONT, 16)
    for sec in ctx["sections"]:
        paragraph(doc, f"{sec['number']}、{sec['heading']}", HEADING_FONT, 16)
        for n, line in enumerate(sec["lines"], 1):
            paragraph(doc, f"{n}．{line['summary']}（{line['citation']}）", BODY_FONT, 16)
            paragraph(doc, f"适用理由：{line['reason']}", NOTE_FONT, 14, line=24)
        if not sec["lines"]:
            paragraph(doc, "本节无逐项列举的职责。", BODY_FONT, 16)
    paragraph(doc, ctx["issuer"], BODY_FONT, 16, align="right", before=28)
    paragraph(doc, ctx["date"], BODY_FONT, 16, align="right")
    paragraph(
        doc,
        f"政策包：{ctx['header']['pack_id']} {ctx['header']['pack_version']}"
        f" · 内容指纹 {row.content_sha256[:16]}",
        NOTE_FONT,
        10.5,
        line=18,
        before=14,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- pdf ---------------------------------------------------------------------------------------


def render_html(row: ResponsibilityList) -> str:
    return render_to_string("duties/export.html", export_context(row))


def render_pdf(row: ResponsibilityList) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(row)).write_pdf()
    return pdf
