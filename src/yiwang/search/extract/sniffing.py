"""What a file is, from its content (magic bytes, the zip directory, the OLE directory), never
its name: a renamed executable is not a PDF."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_type(data: bytes) -> str | None:
    """The type of a file from its content: a key of ``ATTACHMENT_TYPES``, or None."""
    if not data:
        return None
    head = data[:1024]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # A PDF may have junk before its header (the spec allows 1,024 bytes).
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(_OLE):
        return _sniff_ole(data)
    if decode_text(data[:8192], probe=True) is not None:
        return "txt"
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def _sniff_ole(data: bytes) -> str | None:
    # The compound file's directory holds the stream names in UTF-16; these are the streams
    # Word, Excel and PowerPoint (and WPS, which writes the same formats) always create.
    window = data[: 4 * 1024 * 1024]
    if "WordDocument".encode("utf-16-le") in window:
        return "doc"
    if "Workbook".encode("utf-16-le") in window or "Book".encode("utf-16-le") in window:
        return "xls"
    if "PowerPoint Document".encode("utf-16-le") in window:
        return "ppt"
    return None


def decode_text(data: bytes, *, probe: bool = False) -> str | None:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; None for binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: Iterable[str] = ("utf-16",)
    else:
        if b"\x00" in data:
            return None
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            # A probe may cut a multi-byte character at its end; judge what came before it.
            if probe and exc.start >= len(data) - 3 and exc.start > 0:
                text = data[: exc.start].decode(encoding, "ignore")
            else:
                continue
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls * 100 <= len(text[:4096])
