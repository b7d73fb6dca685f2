"""Bounded text readers per format: PDF (pypdf), DOCX (streamed from word/document.xml),
XLSX (openpyxl, read-only). Each adds to a ``Budget`` and stops when it is spent."""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.search.extract.sniffing import decode_text, sniff_type
from yiwang.search.extract.types import max_bytes, max_chars, max_pages, max_seconds

logger = logging.getLogger(__name__)


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
            budget.add(decode_text(data[: budget.chars * 4]) or "")
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
