"""Official documents carry page numbers "— 1 —" (GB/T 9704-2012 §7.5): odd pages at the right, even at the
left, 4号 宋体. Every .docx the system writes (lists, letters, tour and assessment reports) starts from
``official_document``."""

from __future__ import annotations

import io
import zipfile

from zeren.duties.exports import official_document


def _parts() -> dict[str, str]:
    doc = official_document(title="标题", author="喀什地区安全生产委员会")
    doc.add_paragraph("正文")
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")}


def test_every_page_is_numbered_with_dashes_around_a_page_field() -> None:
    parts = _parts()
    footers = [text for name, text in parts.items() if name.startswith("word/footer")]

    assert len(footers) == 2  # odd (default) and even pages
    for footer in footers:
        assert "— " in footer
        assert " —" in footer
        assert "PAGE" in footer
        assert 'w:fldCharType="begin"' in footer
        assert "宋体" in footer
        assert 'w:val="28"' in footer  # 14 pt, 4号, in half-points


def test_odd_pages_right_even_pages_left() -> None:
    parts = _parts()
    document = parts["word/document.xml"]

    assert "<w:evenAndOddHeaders" in parts["word/settings.xml"]
    assert 'w:type="default"' in document
    assert 'w:type="even"' in document
    aligned = {
        "right" if 'w:jc w:val="right"' in text else "left"
        for name, text in parts.items()
        if name.startswith("word/footer")
    }
    assert aligned == {"right", "left"}
