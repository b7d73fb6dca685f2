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

import io
import logging
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yiwang.core.config import env_int
from yiwang.core.errors import FieldError, InvalidInput

logger = logging.getLogger(__name__)


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
    if _decode_text(data[:8192], probe=True) is not None:
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


def _decode_text(data: bytes, *, probe: bool = False) -> str | None:
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


# --- checking uploads -----------------------------------------------------------------------


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


# --- extracting text ------------------------------------------------------------------------


class _Unreadable(Exception):
    pass


class _Budget:
    """Characters and time left for one extraction."""

    def __init__(self, chars: int, seconds: float):
        self.chars = chars
        self.deadline = time.monotonic() + seconds
        self.parts: list[str] = []

    def add(self, text: str) -> bool:
        """Keep text; False once the characters or the time are used up."""
        if text:
            text = text[: self.chars]
            self.parts.append(text)
            self.chars -= len(text)
        return self.chars > 0 and time.monotonic() < self.deadline

    def text(self) -> str:
        return "".join(self.parts).strip()


def extract_text(
    filename: str, data: bytes, *, strict: bool = False, limit_chars: int | None = None
) -> str:
    """The text of an attachment for the index (see the module notes for bounds and errors)."""
    if not data:
        return ""
    budget = _Budget(limit_chars or max_chars(), max_seconds())
    try:
        if len(data) > max_bytes():
            raise _Unreadable("too large")
        kind = sniff_type(data)
        if kind == "pdf":
            _pdf(data, budget)
        elif kind == "docx":
            _docx(data, budget)
        elif kind == "xlsx":
            _xlsx(data, budget)
        elif kind == "txt":
            budget.add(_decode_text(data[: budget.chars * 4]) or "")
        else:
            return ""
    except _Unreadable as exc:
        return _unreadable(filename, str(exc), strict)
    except Exception as exc:  # a parser's own error on a damaged or hostile file
        return _unreadable(filename, f"{type(exc).__name__}: {exc}", strict)
    return budget.text()


def _unreadable(filename: str, why: str, strict: bool) -> str:
    logger.info("attachment %r not readable: %s", (filename or "")[:100], why[:200])
    if strict:
        raise InvalidInput(field_errors=[FieldError("file", _("附件无法读取"), "unreadable")])
    return ""


def _pdf(data: bytes, budget: _Budget) -> None:
    from pypdf import PdfReader

    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # damaged PDFs warn on every object
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable("encrypted")
        for number, page in enumerate(reader.pages):
            if number >= max_pages():
                break
            if not budget.add((page.extract_text() or "") + "\n"):
                break
    finally:
        pypdf_logger.setLevel(level)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _zip_member(data: bytes, name: str) -> zipfile.ZipExtFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    if info.file_size > max_bytes() * 4:
        raise _Unreadable("member too large")
    return archive.open(info)  # reads at most the declared size, then checks the CRC


def _docx(data: bytes, budget: _Budget) -> None:
    from lxml import etree

    with _zip_member(data, "word/document.xml") as stream:
        paragraph: list[str] = []
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            tag = element.tag
            if tag == _W + "t":
                paragraph.append(element.text or "")
            elif tag == _W + "tab":
                paragraph.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                paragraph.append("\n")
            elif tag == _W + "p":
                if not budget.add("".join(paragraph) + "\n"):
                    return
                paragraph = []
                element.clear(keep_tail=False)
            elif tag == _W + "tc":
                paragraph.append(" ")


def _xlsx(data: bytes, budget: _Budget) -> None:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(i.file_size for i in archive.infolist()) > max_bytes() * 4:
            raise _Unreadable("package too large")
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            if not budget.add(f"{sheet.title}\n"):
                return
            for row in _rows(sheet):
                if not budget.add(row):
                    return
    finally:
        book.close()


def _rows(sheet) -> Iterator[str]:
    for values in sheet.iter_rows(values_only=True):
        cells = [str(v) for v in values if v is not None and str(v).strip()]
        if cells:
            yield " ".join(cells) + "\n"
