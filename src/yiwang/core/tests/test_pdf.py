"""The shared PDF helper: Chinese text survives into the file, fonts are found or named."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from pypdf import PdfReader

from yiwang.core import pdf as pdfmod
from yiwang.core.pdf import PdfDocument, PdfFontMissing, find_cjk_font, render_document

try:
    find_cjk_font()
except PdfFontMissing:  # pragma: no cover - CI installs fonts-droid-fallback
    pytest.skip("no CJK TrueType font on this machine", allow_module_level=True)


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_notice_keeps_its_chinese_text_digits_and_table(caplog):
    caplog.set_level(logging.WARNING, logger="fpdf")
    data = render_document(
        title="政府信息公开申请告知书",
        subtitle="〔2026〕第 12 号",
        key_values=[("申请编号", "YSQ-2026-000012"), ("申请人", "张三"), ("电子邮箱", "")],
        paragraphs=["您于 2026 年 3 月 5 日提交的申请收悉。", "特此告知。"],
        signature=["某市人民政府办公室"],
        signed_on=date(2026, 3, 6),
    )
    assert data.startswith(b"%PDF-")
    text = text_of(data)
    expected_texts = (
        "政府信息公开申请告知书",
        "YSQ-2026-000012",
        "张三",
        "特此告知",
        "2026年3月6日",
    )
    for expected in expected_texts:
        assert expected in text
    assert "—" in text  # an empty value is shown as a dash, not left blank
    # every glyph came from an embedded font (digits and Latin from the fallback)
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]


def test_the_font_is_embedded_as_a_subset_so_files_stay_small():
    data = render_document(title="告知书", paragraphs=["予以公开。"])
    assert len(data) < 200_000  # the full CJK font is several megabytes
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    assert fonts  # fonts are embedded, not referenced by name only


def test_grid_tables_headings_and_long_text_flow_onto_more_pages():
    doc = PdfDocument(title="年度报告", footer="某市人民政府")
    doc.heading("三、收到和处理政府信息公开申请情况")
    rows = [[f"第 {i} 行", i, i * 2, "文字" * 10] for i in range(60)]
    doc.table(["项目", "自然人", "法人", "备注"], rows, col_widths=(50, 25, 25, 66))
    doc.paragraph("段落" * 400, indent=True)
    data = doc.to_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = text_of(data)
    assert "第 59 行" in text and "三、收到和处理政府信息公开申请情况" in text


def test_a_qr_code_is_drawn_as_an_image():
    doc = PdfDocument(title="证照")
    doc.qr("https://example.gov.cn/verify/ABC123", caption="扫码核验")
    data = doc.to_bytes()
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 1
    assert "扫码核验" in text_of(data)


def test_a_missing_configured_font_is_an_error_naming_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfmod.FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(PdfFontMissing, match="YIWANG_PDF_FONT"):
        find_cjk_font()
    with pytest.raises(PdfFontMissing):
        render_document(title="告知书")


def test_no_font_anywhere_tells_how_to_fix_it(monkeypatch):
    monkeypatch.delenv(pdfmod.FONT_ENV, raising=False)
    monkeypatch.setattr(pdfmod, "KNOWN_FONT_PATHS", ("/nonexistent/a.ttf",))
    with pytest.raises(PdfFontMissing, match=r"YIWANG_PDF_FONT.*fonts-droid-fallback"):
        find_cjk_font()


def test_the_configured_font_is_used(monkeypatch):
    real = find_cjk_font()
    monkeypatch.setenv(pdfmod.FONT_ENV, str(real))
    assert find_cjk_font() == real


def test_the_font_is_parsed_once_per_process_and_documents_stay_independent():
    render_document(title="预热", paragraphs=["第一份。"])  # the font is parsed (if not yet)
    parsed = pdfmod._parsed_font.cache_info().misses

    first = render_document(title="答复告知书", paragraphs=["予以公开。ABC 123"])
    second = render_document(title="补正告知书", paragraphs=["请补正申请内容。XYZ 789"])

    assert pdfmod._parsed_font.cache_info().misses == parsed  # no font parsed again
    one, two = text_of(first), text_of(second)
    assert "予以公开" in one and "ABC 123" in one and "补正" not in one
    assert "请补正申请内容" in two and "XYZ 789" in two and "予以" not in two
    # each file embeds its own subset: the second one is not carrying the first one's glyphs
    assert len(second) < len(first) + 3000
