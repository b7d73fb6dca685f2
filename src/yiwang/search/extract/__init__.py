"""Attachments: what type a file really is, and the text inside it for the index.

- ``sniff_type(data)`` reads the content (magic bytes, the zip directory, the OLE directory),
  never the name: a renamed executable is not a PDF.
- ``check_attachment(filename, data)`` is what upload forms call: it refuses empty, oversized,
  unknown and disallowed files, and files whose extension claims another type.
- ``extract_text(filename, data)`` returns the text of a PDF, DOCX, XLSX or plain-text file
  for indexing. It is bounded: at most ``YIWANG_SEARCH_EXTRACT_MAX_BYTES`` of input,
  ``..._MAX_PAGES`` PDF pages, ``..._MAX_CHARS`` characters of output and
  ``..._SECONDS`` of work (checked between pages and paragraphs), and zip members are read
  only up to their declared size, so a hostile file cannot hang a worker. By default an
  unreadable file gives ``""`` (indexing must not fail because of one attachment);
  ``strict=True`` raises ``InvalidInput`` (附件无法读取) instead, for an upload form that
  wants to refuse it. Types without text (images, legacy .doc/.xls, OFD) give ``""`` in both
  modes.

DOCX is read straight from ``word/document.xml`` with a streaming parser rather than through
python-docx, which loads every part of the package into memory before giving any text: the
stream stops at the character cap and never builds the whole tree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.search.extract.readers import extract_text
from yiwang.search.extract.sniffing import sniff_type
from yiwang.search.extract.types import (
    ALLOWED_ATTACHMENT_TYPES,
    ATTACHMENT_TYPES,
    AttachmentType,
    max_bytes,
    max_chars,
    max_pages,
    max_seconds,
)

__all__ = [
    "ALLOWED_ATTACHMENT_TYPES",
    "ATTACHMENT_TYPES",
    "AttachmentType",
    "check_attachment",
    "extract_text",
    "max_bytes",
    "max_chars",
    "max_pages",
    "max_seconds",
    "sniff_type",
]


def _lazy_format(message, **params):
    """A message with values that is translated when shown (problem+json shows it in Chinese
    and in English); lists of labels are joined in the language of the moment."""

    def render() -> str:
        values = {
            k: str(_("、")).join(str(x) for x in v) if isinstance(v, list) else v
            for k, v in params.items()
        }
        return str(message) % values

    return lazy(render, str)()


def _extension(filename: str) -> str:
    name = (filename or "").strip().lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def check_attachment(
    filename: str,
    data: bytes,
    *,
    allowed: Iterable[str] = ALLOWED_ATTACHMENT_TYPES,
    limit_bytes: int | None = None,
    field: str = "file",
) -> AttachmentType:
    """The file's type when it may be attached; otherwise ``InvalidInput`` on ``field``."""
    allowed = frozenset(allowed)
    limit = limit_bytes or max_bytes()
    if not data:
        raise InvalidInput(field_errors=[FieldError(field, _("附件是空文件"), "empty")])
    if len(data) > limit:
        raise InvalidInput(
            field_errors=[
                FieldError(
                    field,
                    _lazy_format(_("附件不能超过 %(mb)s MB"), mb=max(1, limit // (1024 * 1024))),
                    "too_large",
                )
            ]
        )
    kind = sniff_type(data)
    if kind is None or kind not in allowed:
        labels = [ATTACHMENT_TYPES[k].label for k in ATTACHMENT_TYPES if k in allowed]
        raise InvalidInput(
            field_errors=[
                FieldError(
                    field,
                    _lazy_format(_("不支持的附件类型，仅限：%(types)s"), types=labels),
                    "unsupported_type",
                )
            ]
        )
    attachment = ATTACHMENT_TYPES[kind]
    extension = _extension(filename)
    if extension and extension not in attachment.extensions:
        raise InvalidInput(
            field_errors=[FieldError(field, _("附件的扩展名与内容不符"), "type_mismatch")]
        )
    return attachment
