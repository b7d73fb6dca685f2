"""Small helpers for requests that arrive as free text (SMS, e-mail, Open311): a subject line,
a first guess at the request type, a phone number written in the text, and renaming the
service's field errors to the names the sending system used."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from yiwang.core.errors import InvalidInput
from yiwang.tickets.models import TicketType

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")

# First words that decide; order matters (a 举报 often also says 投诉). Only a first guess: the
# dispatcher sees the text and the type drives just the time limit.
_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (TicketType.REPORT, ("举报",)),
    (TicketType.COMPLAINT, ("投诉", "扰民", "乱收费", "不作为")),
    (TicketType.PRAISE, ("表扬", "感谢", "点赞", "锦旗")),
    (TicketType.SUGGESTION, ("建议", "希望增设", "能否增加")),
    (TicketType.CONSULT, ("咨询", "请问", "怎么办理", "如何办理", "需要什么材料", "在哪里办")),
)


def guess_type(text: str) -> str:
    for ticket_type, words in _TYPE_WORDS:
        if any(w in text for w in words):
            return str(ticket_type)
    if text.rstrip().endswith(("?", "？", "吗")):
        return str(TicketType.CONSULT)
    return str(TicketType.HELP)


def subject_from(text: str, limit: int = 40) -> str:
    """The first sentence, or the start of the text, as a subject line."""
    text = " ".join((text or "").strip().split("\n", 1)[0].split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip() or text
    return first if len(first) <= limit else first[: limit - 1] + "…"


def phone_in(text: str) -> str:
    match = _MOBILE_IN_TEXT.search(text or "")
    return re.sub(r"[\s-]", "", match.group(1)) if match else ""


@contextmanager
def fields_renamed(mapping: Mapping[str, str]) -> Iterator[None]:
    """Report the service's field errors under the caller's field names (``subject`` of the
    service is ``text`` of an SMS); errors that collapse onto one name are reported once."""
    try:
        yield
    except InvalidInput as exc:
        seen, renamed = set(), []
        for error in exc.field_errors:
            head, dot, rest = error.field.partition(".")
            name = mapping.get(error.field) or (mapping.get(head, head) + dot + rest)
            if (name, error.code) not in seen:
                seen.add((name, error.code))
                renamed.append(replace(error, field=name))
        exc.field_errors = renamed
        raise
