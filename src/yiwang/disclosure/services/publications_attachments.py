"""Attachments of publications: checked by content, their text extracted for search.

The type comes from the bytes (``yiwang.search.extract.check_attachment``), never from the
name or the browser's claim; the text of PDF, DOCX and XLSX files is extracted once, at
upload, with the extractor's bounds, and indexed with the publication.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.disclosure.models import Publication, PublicationAttachment, PublicationStatus
from yiwang.disclosure.services.publications import lock_version, record_event, save_version
from yiwang.org.permissions import require
from yiwang.search.extract import ATTACHMENT_TYPES, check_attachment, extract_text

ALLOWED_KINDS = ("pdf", "docx", "xlsx", "png", "jpeg", "gif")
MAX_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 20
MAX_NAME = 150


def _clean_name(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: MAX_NAME - len(extension) - 1] + dot + extension) if dot else name[:MAX_NAME]
    return name


def attachment_add(
    *, actor: Any, publication: Publication, filename: str, data: bytes
) -> PublicationAttachment:
    """Attach a file to a draft; the wrong type, an empty or too large file is refused."""
    require(actor, "disclosure.publication.edit", publication)
    kind = check_attachment(filename, data, allowed=ALLOWED_KINDS, limit_bytes=MAX_BYTES)
    name = _clean_name(filename)
    text = extract_text(name, data) if kind.has_text else ""
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        publication = lock_version(publication, None)
        if publication.status != PublicationStatus.DRAFT:
            raise InvalidInput(
                field_errors=[FieldError("file", _("只有草稿可以增删附件"), "not_draft")]
            )
        if publication.attachments.count() >= MAX_ATTACHMENTS:
            raise InvalidInput(field_errors=[FieldError("file", _("附件最多 20 个"), "too_many")])
        attachment = PublicationAttachment(
            publication=publication, original_name=name, content_type=kind.mime,
            size=len(data), sha256=digest, extracted_text=text,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        attachment.file.save(
            f"{digest[:16]}{ATTACHMENT_TYPES[kind.kind].extensions[0]}",
            ContentFile(data),
            save=False,
        )
        attachment.save()
        save_version(publication, [])
        record_event(publication, actor=actor, action="attach", note=name)
    return attachment


def attachment_remove(*, actor: Any, attachment: PublicationAttachment) -> None:
    publication = attachment.publication
    require(actor, "disclosure.publication.edit", publication)
    with transaction.atomic():
        publication = lock_version(publication, None)
        if publication.status != PublicationStatus.DRAFT:
            raise InvalidInput(
                field_errors=[FieldError("file", _("只有草稿可以增删附件"), "not_draft")]
            )
        name = attachment.original_name
        stored = attachment.file.name
        attachment.delete()
        save_version(publication, [])
        record_event(publication, actor=actor, action="detach", note=name)
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
