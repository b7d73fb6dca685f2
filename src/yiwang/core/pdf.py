"""PDF documents in Chinese: notices (告知书), certificates, reports.

One small builder over fpdf2 with an embedded CJK TrueType font, so every app produces PDFs
the same way: a titled document with paragraphs, headings, key–value tables, grid tables, an
optional QR code (segno) and a signature block; ``to_bytes()`` returns the file.

The font is the first that exists of ``YIWANG_PDF_FONT`` (environment or setting) and a list
of known paths (fonts-droid-fallback, installed by .ci/run; Noto/WenQuanYi on common systems).
fpdf2 embeds only the glyphs used (subsetting), so a notice stays small even with a 4 MB font.
Collections (.ttc) are not supported by fpdf2, so only .ttf/.otf paths are listed.
"""

from __future__ import annotations

import copy
import functools
import io
import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos
from fpdf.fonts import FontFace, SubsetMap, TTFFont

FONT_ENV = "YIWANG_PDF_FONT"
KNOWN_FONT_PATHS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/simhei.ttf",
)
# fonts-droid-fallback has no Latin letters or digits; fpdf2 takes those from a fallback font
LATIN_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)
FAMILY = "cjk"
LATIN_FAMILY = "latin"
BODY_SIZE = 12
LINE_HEIGHT = 7.5


class PdfFontMissing(ImproperlyConfigured):
    """No CJK TrueType font was found; the message names the setting to fix it."""


def _configured_font() -> str:
    return os.environ.get(FONT_ENV) or getattr(settings, FONT_ENV, "") or ""


def find_cjk_font() -> Path:
    """The font file to embed. An explicit setting that points nowhere is an error, not a
    silent fallback: the operator asked for that font."""
    configured = _configured_font()
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        raise PdfFontMissing(
            f"{FONT_ENV}={configured} does not exist (字体文件不存在); "
            "point it at a TrueType font with Chinese glyphs"
        )
    for candidate in KNOWN_FONT_PATHS:
        path = Path(candidate)
        if path.is_file():
            return path
    raise PdfFontMissing(
        f"No TrueType font with Chinese glyphs found (未找到中文字体). Set {FONT_ENV} to a .ttf "
        "file, or install fonts-droid-fallback (apt-get install fonts-droid-fallback)."
    )


# --- fonts parsed once per process ------------------------------------------------------
#
# Parsing a CJK font (cmap, widths and glyph table of ~50,000 glyphs) is most of the time a
# document takes. fpdf2's font object keeps what parsing yields (widths, glyph ids,
# descriptor) apart from what one document changes: the set of glyphs used and the fontTools
# font, which output subsets IN PLACE. So the parsed font is kept per process (per path,
# family and modification time) and each document gets a copy with its own subset map and a
# fresh, lazily read fontTools font over the file's bytes (also kept), without the OpenType
# layout tables (substitution and positioning rules that only text shaping reads, which
# fpdf2 does here in Python if at all; subsetting them was a third of the output time).


LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "morx", "kerx")


@functools.lru_cache(maxsize=8)
def _parsed_font(path: str, family: str, mtime_ns: int) -> tuple[TTFFont | None, bytes]:
    """The parsed font and the file's bytes; None for a font fpdf2 patches while parsing
    (no .notdef glyph), which a fresh read would lose: such a font is parsed every time."""
    data = Path(path).read_bytes()
    scratch = FPDF()
    scratch.add_font(family, fname=path)
    parsed = scratch.fonts[family.lower()]
    if parsed.ttfont.getGlyphOrder()[:1] != [".notdef"]:  # fpdf2 appended a drawn one
        return None, data
    return parsed, data


def _add_font(pdf: FPDF, family: str, path: Path) -> None:
    parsed, data = _parsed_font(str(path), family, path.stat().st_mtime_ns)
    if parsed is None:
        pdf.add_font(family, fname=str(path))
        return
    font = copy.copy(parsed)  # widths, glyph ids and descriptor are shared read-only
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    # a font without glyph names (post format 3) derives them from cmap, slowly: reuse them
    font.ttfont.setGlyphOrder(list(parsed.ttfont.getGlyphOrder()))
    for tag in LAYOUT_TABLES:  # PDF viewers never shape text: no need to subset these
        if tag in font.ttfont:
            del font.ttfont[tag]
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


@functools.cache
def _qr_png(data: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


class PdfDocument:
    """A portrait A4 document. Call the building methods in reading order, then ``to_bytes``.

    >>> doc = PdfDocument(title="政府信息公开申请告知书", subtitle="〔2026〕第 12 号")
    >>> doc.paragraph("张三：")
    >>> doc.key_values([("申请编号", "YSQ-2026-000012")])
    >>> pdf = doc.to_bytes()
    """

    def __init__(
        self,
        *,
        title: str,
        subtitle: str = "",
        author: str = "",
        font_path: str | Path | None = None,
        footer: str = "",
    ) -> None:
        self.title = title
        self._footer = footer
        pdf = _Pdf(footer=footer)
        pdf.set_title(title)
        if author:
            pdf.set_author(author)
        pdf.set_creator("yiwang")
        font = Path(font_path) if font_path else find_cjk_font()
        _add_font(pdf, FAMILY, font)
        latin = next((p for p in LATIN_FONT_PATHS if Path(p).is_file()), None)
        if latin:
            _add_font(pdf, LATIN_FAMILY, Path(latin))
            pdf.set_fallback_fonts([LATIN_FAMILY], exact_match=False)
        pdf.set_margins(22, 20, 22)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        self.pdf = pdf
        self._heading_text(title, size=19, gap_after=3)
        if subtitle:
            pdf.set_font(FAMILY, size=BODY_SIZE)
            pdf.multi_cell(0, LINE_HEIGHT, subtitle, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)

    # --- building blocks ----------------------------------------------------------------

    def _heading_text(self, text: str, *, size: float, gap_after: float, align: str = "C"):
        pdf = self.pdf
        pdf.set_font(FAMILY, size=size)
        pdf.text_mode = TextMode.FILL_STROKE  # a faux bold: the fallback font has no bold face
        pdf.set_line_width(0.25)
        pdf.multi_cell(0, size * 0.6, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.text_mode = TextMode.FILL
        pdf.set_line_width(0.2)
        pdf.ln(gap_after)

    def heading(self, text: str, *, level: int = 1) -> PdfDocument:
        size = {1: 15, 2: 13}.get(level, BODY_SIZE)
        self.pdf.ln(2)
        self._heading_text(text, size=size, gap_after=1.5, align="L")
        return self

    def paragraph(self, text: str, *, indent: bool = False, align: str = "L") -> PdfDocument:
        """One or more paragraphs (blank lines separate them); ``indent`` adds the customary
        two-character first-line indent of Chinese official documents."""
        pdf = self.pdf
        pdf.set_font(FAMILY, size=BODY_SIZE)
        for block in _blocks(text):
            if indent:
                # fpdf2 breaks lines at spaces, ideographic ones too, so an indent made of
                # U+3000 would wrap on its own: start the first line further right instead
                pdf.set_x(pdf.l_margin + 2 * BODY_SIZE * 0.3528)
                pdf.write(LINE_HEIGHT, block)
                pdf.ln(LINE_HEIGHT)
            else:
                pdf.multi_cell(
                    0, LINE_HEIGHT, block, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
            pdf.ln(1.5)
        return self

    def key_values(self, rows: Iterable[tuple[str, str]], *, key_width: float = 0.3) -> PdfDocument:
        """A two-column table of labels and values; empty values show as "—"."""
        rows = [(str(k), str(v) if v not in (None, "") else "—") for k, v in rows]
        if not rows:
            return self
        width = self.pdf.epw
        self.table(
            None,
            rows,
            col_widths=(width * key_width, width * (1 - key_width)),
            shade_first_column=True,
        )
        return self

    def table(
        self,
        header: Sequence[str] | None,
        rows: Iterable[Sequence[object]],
        *,
        col_widths: Sequence[float] | None = None,
        font_size: float = 10.5,
        align_numbers: bool = True,
        shade_first_column: bool = False,
    ) -> PdfDocument:
        """A grid table; cells wrap; numbers are right-aligned. ``header`` None: no heading row."""
        pdf = self.pdf
        pdf.set_font(FAMILY, size=font_size)
        # no emphasis: one face only (a second parse of a CJK font costs ~0.4 s per document)
        header_style = FontFace(emphasis=None, fill_color=(232, 236, 242))
        first_style = FontFace(fill_color=(246, 247, 249)) if shade_first_column else None
        with pdf.table(
            col_widths=tuple(col_widths) if col_widths else None,
            first_row_as_headings=header is not None,
            headings_style=header_style,
            line_height=font_size * 0.55,
            text_align="LEFT",
            padding=1.6,
        ) as grid:
            if header is not None:
                heading_row = grid.row()
                for cell in header:
                    heading_row.cell(str(cell), align="CENTER")
            for values in rows:
                row = grid.row()
                for position, value in enumerate(values):
                    text = "" if value is None else str(value)
                    numeric = align_numbers and _is_number(value)
                    style = first_style if (position == 0 and first_style) else None
                    row.cell(text, align="RIGHT" if numeric else "LEFT", style=style)
        pdf.ln(3)
        return self

    def qr(self, data: str, *, caption: str = "", size: float = 28) -> PdfDocument:
        """A QR code (e.g. the URL that verifies or tracks this document) at the right margin."""
        pdf = self.pdf
        if pdf.get_y() + size + 10 > pdf.h - pdf.b_margin:
            pdf.add_page()
        x = pdf.w - pdf.r_margin - size
        pdf.image(io.BytesIO(_qr_png(data)), x=x, y=pdf.get_y(), w=size, h=size)
        pdf.set_y(pdf.get_y() + size)
        if caption:
            pdf.set_font(FAMILY, size=8.5)
            pdf.set_x(x - 20)
            pdf.multi_cell(size + 20, 4.5, caption, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return self

    def signature(self, lines: Sequence[str], *, on: date | None = None) -> PdfDocument:
        """The issuing body and the date, right-aligned, as at the end of an official letter."""
        pdf = self.pdf
        pdf.ln(6)
        pdf.set_font(FAMILY, size=BODY_SIZE)
        for line in [*lines, *([chinese_date(on)] if on else [])]:
            pdf.multi_cell(0, LINE_HEIGHT, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return self

    def page_break(self) -> PdfDocument:
        self.pdf.add_page()
        return self

    def to_bytes(self) -> bytes:
        return bytes(self.pdf.output())


class _Pdf(FPDF):
    def __init__(self, *, footer: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer_text = footer

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, size=8.5)
        self.set_text_color(110, 110, 110)
        text = f"{self._footer_text}    - {self.page_no()} -".strip()
        self.cell(0, 5, text, align="C")
        self.set_text_color(0, 0, 0)


def _blocks(text: str) -> list[str]:
    lines = [line.strip() for line in str(text or "").replace("\r\n", "\n").split("\n")]
    blocks, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return blocks


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    text = str(value).replace(",", "").strip()
    try:
        float(text)
    except ValueError:
        return False
    return bool(text)


def chinese_date(on: date) -> str:
    """2026-03-05 → 2026年3月5日 (the date line of an official document)."""
    return f"{on.year}年{on.month}月{on.day}日"


def render_document(
    *,
    title: str,
    subtitle: str = "",
    paragraphs: Iterable[str] = (),
    key_values: Iterable[tuple[str, str]] = (),
    qr_data: str = "",
    qr_caption: str = "",
    signature: Sequence[str] = (),
    signed_on: date | None = None,
    footer: str = "",
) -> bytes:
    """The common case in one call: title, key–value table, paragraphs, signature, QR."""
    doc = PdfDocument(title=title, subtitle=subtitle, footer=footer)
    doc.key_values(key_values)
    for text in paragraphs:
        doc.paragraph(text, indent=True)
    if signature or signed_on:
        doc.signature(signature, on=signed_on)
    if qr_data:
        doc.qr(qr_data, caption=qr_caption)
    return doc.to_bytes()
