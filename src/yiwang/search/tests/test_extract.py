"""Attachments: types are sniffed from content, text comes out of PDF/DOCX/XLSX/text files,
and damaged or hostile files neither raise (by default) nor run unbounded."""

from __future__ import annotations

import functools
import io
import time
import zipfile

import pytest

from yiwang.core.errors import InvalidInput
from yiwang.search.extract import check_attachment, extract_text, sniff_type
from yiwang.search.service import search

PARAGRAPH = "为进一步优化营商环境，市政务服务管理局决定在全市推行企业开办一网通办。"


@functools.cache  # embedding the CJK font is the slow part; the tests share the files
def make_pdf(*paragraphs: str, pages: int = 1) -> bytes:
    from yiwang.core.pdf import PdfDocument, PdfFontMissing

    try:
        doc = PdfDocument(title="关于推行企业开办一网通办的通知")
    except PdfFontMissing:
        pytest.skip("no CJK font for fpdf2")
    for number in range(pages):
        if number:
            doc.page_break()
        for text in paragraphs:
            doc.paragraph(text)
    return doc.to_bytes()


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "项目资金"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pdf_text_is_extracted():
    data = make_pdf(PARAGRAPH)
    assert sniff_type(data) == "pdf"
    text = extract_text("通知.pdf", data)
    assert "营商环境" in text
    assert "一网通办" in text


def test_docx_paragraphs_and_tables_are_extracted():
    data = make_docx(
        PARAGRAPH, "第二段：办理时限为3个工作日。", table=[["事项", "时限"], ["企业开办", "1日"]]
    )
    assert sniff_type(data) == "docx"
    text = extract_text("通知.docx", data)
    assert "营商环境" in text and "办理时限为3个工作日" in text
    assert "企业开办" in text and "1日" in text
    assert text.index("营商环境") < text.index("办理时限")


def test_xlsx_cells_are_extracted():
    data = make_xlsx([["项目名称", "金额（万元）"], ["老旧小区改造", 1250.5]])
    assert sniff_type(data) == "xlsx"
    text = extract_text("资金.xlsx", data)
    assert "老旧小区改造" in text and "1250.5" in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_plain_text_in_common_encodings(encoding):
    data = PARAGRAPH.encode(encoding)
    assert sniff_type(data) == "txt"
    assert extract_text("说明.txt", data) == PARAGRAPH


def test_type_comes_from_content_not_name():
    docx_data = make_docx(PARAGRAPH)
    # A Word file named .pdf is still read as Word...
    assert "营商环境" in extract_text("通知.pdf", docx_data)
    # ...but an upload whose name claims another type is refused.
    with pytest.raises(InvalidInput) as caught:
        check_attachment("通知.pdf", docx_data)
    assert caught.value.field_errors[0].code == "type_mismatch"
    assert check_attachment("通知.docx", docx_data).kind == "docx"


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 4, None),  # an .exe
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "xls"),
        (b"", None),
    ],
)
def test_sniffing(data, kind):
    assert sniff_type(data) == kind
    assert extract_text("x", data) == ""  # no text in these, and no error


def test_archives_and_executables_are_refused_as_attachments():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("run.exe", b"MZ")
    assert sniff_type(archive.getvalue()) == "zip"
    for name, data in [("a.zip", archive.getvalue()), ("a.pdf", b"MZ\x90\x00" + bytes(300))]:
        with pytest.raises(InvalidInput) as caught:
            check_attachment(name, data)
        error = caught.value.field_errors[0].as_dict()
        assert error["code"] == "unsupported_type"
        assert "不支持的附件类型" in error["message"] and "PDF" in error["message"]
        assert "Unsupported" in error["message_en"] or "unsupported" in error["message_en"]


def test_empty_and_oversized_attachments_are_refused():
    with pytest.raises(InvalidInput) as caught:
        check_attachment("a.pdf", b"")
    assert caught.value.field_errors[0].code == "empty"
    with pytest.raises(InvalidInput) as caught:
        check_attachment("a.txt", b"x" * 3000, limit_bytes=2048)
    assert caught.value.field_errors[0].code == "too_large"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 20,  # a header and garbage
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R",
        b"PK\x03\x04" + b"\x00" * 100,  # a broken zip
    ],
)
def test_damaged_files_give_no_text_or_a_clear_error(data):
    assert extract_text("坏文件", data) == ""
    if sniff_type(data) == "pdf":
        with pytest.raises(InvalidInput) as caught:
            extract_text("坏文件.pdf", data, strict=True)
        assert caught.value.field_errors[0].as_dict()["message"] == "附件无法读取"


def test_truncated_pdf_keeps_what_it_can_or_nothing():
    data = make_pdf(PARAGRAPH, pages=3)
    assert isinstance(extract_text("半截.pdf", data[: len(data) // 2]), str)


def test_encrypted_pdf_is_unreadable_not_an_error():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PARAGRAPH))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert extract_text("加密.pdf", out.getvalue()) == ""
    with pytest.raises(InvalidInput):
        extract_text("加密.pdf", out.getvalue(), strict=True)


def test_output_is_capped_and_fast_for_big_documents():
    data = make_docx(*([PARAGRAPH] * 5000))
    started = time.monotonic()
    text = extract_text("长文.docx", data, limit_chars=5000)
    assert len(text) <= 5000
    assert time.monotonic() - started < 2


def test_pdf_pages_are_capped(monkeypatch):
    monkeypatch.setenv("YIWANG_SEARCH_EXTRACT_MAX_PAGES", "2")
    text = extract_text("多页.pdf", make_pdf(PARAGRAPH, pages=5))
    assert text.count("营商环境") == 2


def test_docx_entity_expansion_is_not_performed():
    """A 'billion laughs' document.xml: entities are left unexpanded, nothing blows up."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>正文&e;</w:t></w:r></w:p></w:body></w:document>"
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", laughs)
    text = extract_text("炸弹.docx", archive.getvalue())
    assert len(text) < 100


def test_attachment_text_is_searchable(note):
    attached = extract_text("附件.docx", make_docx("附件一：老旧小区改造资金分配表"))
    note("att1", "关于下达2025年城建资金的通知", "正文见附件。", attachments_text=attached)
    note("att2", "关于城建资金的说明", "没有附件。")
    results = search("老旧小区改造")
    assert [h.object_id for h in results.hits] == ["att1"]
    assert "<mark>" in results.hits[0].snippet
