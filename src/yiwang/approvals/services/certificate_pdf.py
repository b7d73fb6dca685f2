"""The certificate as a PDF: the shared ``yiwang.core.pdf`` document with a QR code to the
public verification page, and the signed payload embedded as a file (``yiwang-certificate.json``)
so the PDF itself can be verified."""

from __future__ import annotations

import io
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.approvals.models.certificates import Certificate
from yiwang.core.pdf import PdfDocument, chinese_date

EMBEDDED_NAME = "yiwang-certificate.json"


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_value_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def render(cert: Certificate, *, payload: bytes, verify_link: str) -> bytes:
    doc = PdfDocument(
        title=cert.title, subtitle=_("编号：%(number)s") % {"number": cert.number},
        author=cert.department.name, footer=_("电子证照 · SM2 签名 · 扫码核验"),
    )  # fmt: skip
    labels = cert.data.get("_labels", {}) if isinstance(cert.data.get("_labels"), dict) else {}
    rows = [(_("持证主体"), cert.holder_name)]
    if cert.holder_identifier:
        rows.append((_("主体代码"), cert.holder_identifier))
    for key, value in cert.data.items():
        if not key.startswith("_"):
            rows.append((str(labels.get(key, key)), _value_text(value)))
    rows.append((_("发证日期"), chinese_date(timezone.localdate(cert.issued_at))))
    rows.append((_("有效期至"), chinese_date(cert.valid_until) if cert.valid_until else _("长期")))
    doc.key_values(rows)
    doc.signature([cert.department.name], on=timezone.localdate(cert.issued_at))
    doc.qr(verify_link, caption=_("扫码核验真伪"))
    doc.paragraph(_("签名算法：SM2（SM3 摘要）　密钥标识：%(key)s") % {"key": cert.public_key_id})
    doc.paragraph(_("签名值：%(signature)s") % {"signature": cert.signature})
    embedded = {
        "payload": payload.decode("utf-8"),
        "signature": cert.signature,
        "key_id": cert.public_key_id,
        "algorithm": "SM2-with-SM3",
    }
    doc.pdf.set_subject(cert.number)
    doc.pdf.embed_file(
        bytes=json.dumps(embedded, ensure_ascii=False).encode("utf-8"),
        basename=EMBEDDED_NAME,
        desc="signed certificate payload",
        compress=False,
    )
    return doc.to_bytes()


def read_embedded(content: bytes) -> tuple[bytes, str, str] | None:
    """(payload, signature, key id) from a certificate PDF, or None when it has none."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not content or content.lstrip()[:5] != b"%PDF-" or len(content) > 20 * 1024 * 1024:
        return None
    try:
        attachments = PdfReader(io.BytesIO(content)).attachments
        raw = (attachments.get(EMBEDDED_NAME) or [None])[0]
        if raw is None:
            return None
        embedded = json.loads(raw.decode("utf-8"))
        return (
            str(embedded["payload"]).encode("utf-8"),
            str(embedded["signature"]),
            str(embedded["key_id"]),
        )
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
