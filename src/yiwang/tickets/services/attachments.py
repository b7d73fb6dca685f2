"""Attachments are checked by what they contain, not by what they claim to be."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.tickets.models import Attachment, Ticket, TicketEvent

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 9

# content type → (magic bytes test, allowed extensions)
_KINDS = {
    "image/jpeg": (lambda b: b[:3] == b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    "image/png": (lambda b: b[:8] == b"\x89PNG\r\n\x1a\n", {".png"}),
    "image/gif": (lambda b: b[:6] in (b"GIF87a", b"GIF89a"), {".gif"}),
    "image/webp": (lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP", {".webp"}),
    "application/pdf": (lambda b: b[:5] == b"%PDF-", {".pdf"}),
}


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def sniff(content: bytes) -> str | None:
    for content_type, (test, _exts) in _KINDS.items():
        if test(content):
            return content_type
    return None


def validate_files(files: list[UploadedFile | Any]) -> list[CheckedFile]:
    errors: list[FieldError] = []
    checked: list[CheckedFile] = []
    if len(files) > MAX_FILES:
        raise InvalidInput(field_errors=[FieldError("attachments", _("附件最多 9 个"), "too_many")])
    for index, upload in enumerate(files):
        field = f"attachments.{index}"
        name = (upload.name or "file").rsplit("/", 1)[-1][-150:]
        content = upload.content
        if len(content) > MAX_BYTES:
            errors.append(FieldError(field, _("附件不能超过 10 MB"), "too_large"))
            continue
        if not content:
            errors.append(FieldError(field, _("附件是空文件"), "empty"))
            continue
        content_type = sniff(content)
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if content_type is None:
            errors.append(
                FieldError(field, _("只接受 JPG、PNG、GIF、WEBP 图片和 PDF 文件"), "bad_type")
            )
        elif extension not in _KINDS[content_type][1]:
            errors.append(FieldError(field, _("文件内容与扩展名不符"), "type_mismatch"))
        else:
            checked.append(
                CheckedFile(name, content, content_type, hashlib.sha256(content).hexdigest())
            )
    if errors:
        raise InvalidInput(field_errors=errors)
    return checked


def save_attachments(
    *, ticket: Ticket, event: TicketEvent | None, files: list[CheckedFile], uploaded_by: Any
) -> list[Attachment]:
    saved = []
    for f in files:
        attachment = Attachment(
            ticket=ticket, event=event, original_name=f.name, content_type=f.content_type,
            size=len(f.content), sha256=f.sha256,
            uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        )  # fmt: skip
        extension = f.name.rsplit(".", 1)[-1].lower()
        attachment.file.save(f"{f.sha256[:16]}.{extension}", ContentFile(f.content), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
