"""Rich text of publications: a safe subset of HTML, and its plain text.

Staff paste text from word processors and web pages; whatever arrives, only these tags and
attributes survive, and links only to http, https or relative addresses (no javascript:,
data: or event handlers), so a publication page can never run script.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th",
    "td", "strong", "em", "a", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https"}
# Whole elements whose content is never text for the reader.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

# Text with none of these tags is plain text (perhaps mentioning "<" or a tag by name).
_MARKUP = re.compile(
    r"<\s*/?\s*(p|br|h[1-6]|ul|ol|li|table|tr|td|div|span|strong|em|b|i|a)\b[^<>]*>", re.I
)
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|tr|caption|table|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def sanitize_html(value: str) -> str:
    """The safe subset of ``value``; plain text (no tags) becomes paragraphs."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        return ""
    if not _MARKUP.search(value):
        paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
        return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in paragraphs)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def html_to_text(value: str) -> str:
    """Readable plain text of sanitised HTML (for the index, feeds and summaries)."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()
