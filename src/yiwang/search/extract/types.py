"""The attachment types the platform knows, those a publication may carry, and the bounds
of one extraction (environment variables, read at call time)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yiwang.core.config import env_int


@dataclass(frozen=True)
class AttachmentType:
    kind: str
    label: str
    extensions: tuple[str, ...]
    mime: str
    has_text: bool = False


ATTACHMENT_TYPES: dict[str, AttachmentType] = {
    t.kind: t
    for t in (
        AttachmentType("pdf", "PDF", (".pdf",), "application/pdf", True),
        AttachmentType(
            "docx",
            "Word (.docx)",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
        ),
        AttachmentType(
            "xlsx",
            "Excel (.xlsx)",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            True,
        ),
        AttachmentType(
            "pptx",
            "PowerPoint (.pptx)",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        AttachmentType("doc", "Word (.doc)", (".doc", ".wps"), "application/msword"),
        AttachmentType("xls", "Excel (.xls)", (".xls", ".et"), "application/vnd.ms-excel"),
        AttachmentType("ppt", "PowerPoint (.ppt)", (".ppt",), "application/vnd.ms-powerpoint"),
        AttachmentType("ofd", "OFD", (".ofd",), "application/ofd"),
        AttachmentType("zip", "ZIP", (".zip",), "application/zip"),
        AttachmentType("png", "PNG", (".png",), "image/png"),
        AttachmentType("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg"),
        AttachmentType("gif", "GIF", (".gif",), "image/gif"),
        AttachmentType("txt", _("纯文本"), (".txt", ".csv"), "text/plain", True),
    )
}

# What a government publication may carry (政府网站 practice: documents, spreadsheets, the
# national OFD format and images). Archives are not: their content cannot be checked.
ALLOWED_ATTACHMENT_TYPES: frozenset[str] = frozenset(
    {"pdf", "docx", "xlsx", "doc", "xls", "ofd", "png", "jpeg", "gif", "txt"}
)


def max_bytes() -> int:
    return max(1024, env_int("YIWANG_SEARCH_EXTRACT_MAX_BYTES", default=50 * 1024 * 1024))


def max_pages() -> int:
    return max(1, env_int("YIWANG_SEARCH_EXTRACT_MAX_PAGES", default=300))


def max_chars() -> int:
    return max(1000, env_int("YIWANG_SEARCH_EXTRACT_MAX_CHARS", default=200_000))


def max_seconds() -> int:
    return max(1, env_int("YIWANG_SEARCH_EXTRACT_SECONDS", default=10))


# --- sniffing -------------------------------------------------------------------------------
