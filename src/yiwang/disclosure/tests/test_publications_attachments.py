"""Attachments: the type comes from the content, their text is found by search."""

from __future__ import annotations

import io

import pytest

from yiwang.core.errors import InvalidInput
from yiwang.disclosure.selectors.publications import search_publications
from yiwang.disclosure.services import publications as svc
from yiwang.disclosure.services.publications_attachments import attachment_add, attachment_remove
from yiwang.disclosure.tests.publications_factories import committed, draft, office

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def publish(o, p):
    with committed():
        p.refresh_from_db()
        p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
        p = svc.publication_review(
            actor=o.reviewer, publication=p, approve=True, expected_version=p.version
        )
        return svc.publication_publish(actor=o.publisher, publication=p, expected_version=p.version)


def test_docx_text_is_extracted_and_searchable():
    o = office()
    p = draft(o, title="关于公布收费目录清单的通知", body_html="<p>详见附件。</p>")
    item = attachment_add(
        actor=o.writer, publication=p, filename="收费目录清单.docx",
        data=docx_bytes("停车场临时停放收费标准每小时五元"),
    )  # fmt: skip
    assert "停车场临时停放" in item.extracted_text
    assert item.content_type.endswith("wordprocessingml.document")
    publish(o, p)
    hits = search_publications(query="临时停放").hits
    assert [h.title for h in hits] == [p.title]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("通知.pdf", b"MZ\x90\x00" + b"\x00" * 100, "unsupported_type"),  # a program
        ("通知.pdf", b"<html><script>alert(1)</script></html>", "unsupported_type"),
        ("通知.docx", b"%PDF-1.4 fake", "type_mismatch"),
        ("图片.png", b"", "empty"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100, "unsupported_type"),
    ],
)
def test_wrong_types_are_refused(name, data, code):
    o = office()
    p = draft(o)
    with pytest.raises(InvalidInput) as excinfo:
        attachment_add(actor=o.writer, publication=p, filename=name, data=data)
    assert excinfo.value.field_errors[0].code == code
    assert p.attachments.count() == 0


def test_only_drafts_take_attachments_and_names_are_cleaned():
    o = office()
    p = draft(o)
    item = attachment_add(
        actor=o.writer, publication=p, filename="C:\\Users\\张三\\现场\x07照片.png", data=PNG
    )
    assert item.original_name == "现场照片.png"
    attachment_remove(actor=o.writer, attachment=item)
    assert p.attachments.count() == 0
    attachment_add(actor=o.writer, publication=p, filename="现场照片.png", data=PNG)
    publish(o, p)
    with pytest.raises(InvalidInput):
        attachment_add(actor=o.writer, publication=p, filename="再来一张.png", data=PNG)


def test_a_draft_with_only_an_attachment_may_be_submitted():
    o = office()
    p = draft(o, body_html="")
    with pytest.raises(InvalidInput):
        svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
    attachment_add(actor=o.writer, publication=p, filename="全文.png", data=PNG)
    p.refresh_from_db()
    p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
    assert p.status == "pending"
