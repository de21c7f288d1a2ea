"""Exports: .docx laid out as a Chinese official document (GB/T 9704), PDF with real Chinese glyphs."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import skip_or_fail
from zeren.duties import exports
from zeren.duties.models import ResponsibilityList
from zeren.duties.services import build_draft, publish_list

from .conftest import ON, Demo, organisation

NOTO_SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LATIN_FONTS = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture
def published(demo: Demo) -> ResponsibilityList:
    draft = build_draft(actor=None, organisation=organisation("shule-transport"), on=ON).list
    return publish_list(actor=None, draft=draft)


def _east_asia(run: object) -> str | None:
    from docx.oxml.ns import qn

    r_fonts = run._element.rPr.rFonts  # type: ignore[attr-defined]
    return r_fonts.get(qn("w:eastAsia")) if r_fonts is not None else None


def test_docx_is_a4_with_official_document_margins_title_and_fonts(published: ResponsibilityList) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    started = time.perf_counter()
    data = exports.render_docx(published)
    seconds = time.perf_counter() - started

    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) if m is not None else None for m in sizes] == [210, 297]
    assert [round(m.mm) if m is not None else None for m in margins] == [37, 35, 28, 26]
    title = doc.paragraphs[0]
    assert title.text == "疏勒县交通运输局安全生产责任清单"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "（第1版）"
    assert texts[2].startswith(
        "根据《喀什地区落实〈地方党政领导干部安全生产责任制规定〉办法》（喀安委〔2021〕2号）"
    )
    heading = next(p for p in doc.paragraphs if p.text == "一、本部门（单位）职责")
    assert _east_asia(heading.runs[0]) == "黑体"
    body = next(p for p in doc.paragraphs if p.text.startswith("1．"))
    assert body.text == "1．负责公路和城镇公交安全监管，指导危货运输许可（第二十五条第一款第（一）项）"
    assert _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert body.runs[0].font.name == "FangSong"
    assert body.runs[0].font.size == Pt(16)
    day = timezone.localtime(published.published_at).date()
    assert texts[-3:-1] == ["疏勒县交通运输局", f"{day.year}年{day.month}月{day.day}日"]
    assert doc.core_properties.title == published.title
    assert seconds < 2


def test_exports_download_as_attachments_with_chinese_filenames(
    demo: Demo, published: ResponsibilityList
) -> None:
    response = Client().get(f"/lists/{published.pk}/export.docx")

    assert response.status_code == 200
    assert response["Content-Type"] == exports.DOCX_TYPE
    disposition = response["Content-Disposition"]
    match = re.fullmatch(r"attachment; filename\*=utf-8''(\S+)", disposition)
    assert match is not None
    assert unquote(match.group(1)) == "疏勒县交通运输局安全生产责任清单（第1版）.docx"


# -- PDF -----------------------------------------------------------------------------------------


def _require_pdf_stack() -> None:
    if not (NOTO_SERIF.exists() and NOTO_SANS.exists()):
        skip_or_fail("Debian fonts-noto-cjk is not installed (Noto Serif/Sans CJK)", "ZEREN_REQUIRE_BROWSER")
    try:
        import pypdfium2  # noqa: F401
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        skip_or_fail(f"WeasyPrint/Pango or pypdfium2 is unavailable: {exc}", "ZEREN_REQUIRE_BROWSER")


def _embedded_font_names(pdf: bytes) -> set[str]:
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    blob = pdf + b"".join(streams)
    names = re.findall(rb"/(?:BaseFont|FontName)\s*/([^\s/<>\[\]()]+)", blob)
    return {name.decode("latin-1").split("+")[-1].replace("-", "") for name in names}


def _title_area(pdf: bytes) -> object:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=2).to_pil().convert("L")
    width, _ = image.size
    # the title sits in the first lines below the 37 mm top margin: 37 mm ≈ 210 px at 144 dpi
    return image.crop((0, 180, width, 320))


def _ink(image: object) -> list[bool]:
    return [value < 128 for value in image.tobytes()]  # type: ignore[attr-defined]


def test_pdf_draws_the_chinese_title_with_embedded_cjk_fonts(
    published: ResponsibilityList, tmp_path: Path
) -> None:
    _require_pdf_stack()
    import pypdfium2 as pdfium

    started = time.perf_counter()
    pdf = exports.render_pdf(published)
    seconds = time.perf_counter() - started

    assert pdf.startswith(b"%PDF")
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    text = document[0].get_textpage().get_text_range()
    assert "疏勒县交通运输局安全生产责任清单" in text
    assert "第二十五条第一款第（一）项" in text.replace("\r\n", "")
    fonts = _embedded_font_names(pdf)
    assert any("NotoSerifCJK" in name for name in fonts), fonts
    assert any("NotoSansCJK" in name for name in fonts), fonts

    # the same HTML rendered where fontconfig only knows a Latin font: the Chinese turns into tofu
    html = tmp_path / "list.html"
    html.write_text(exports.render_html(published), encoding="utf-8")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{LATIN_FONTS}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
        "</fontconfig>",
        encoding="utf-8",
    )
    tofu_pdf = tmp_path / "tofu.pdf"
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from weasyprint import HTML; HTML(filename={str(html)!r}).write_pdf({str(tofu_pdf)!r})",
        ],
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert not any("CJK" in name for name in _embedded_font_names(tofu_pdf.read_bytes()))

    real, tofu = _ink(_title_area(pdf)), _ink(_title_area(tofu_pdf.read_bytes()))
    inked = sum(real)
    assert inked > 1000  # the title is drawn
    differing = sum(a != b for a, b in zip(real, tofu, strict=True))
    assert differing > 0.5 * inked  # …with glyphs, not with the boxes of a missing font
    assert seconds < 10
