"""The plain rows hotspot discovery reads: one message each (id, text, place, time, requester,
votes), from the tickets app or from a JSONL export of a message board."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MAX_TEXT = 5000  # enough for the matter; a 100,000-character paste reads like its first page


@dataclass(frozen=True)
class MessageRow:
    id: str
    subject: str
    text: str
    time: datetime | None = None
    place: str = ""  # an address given with the message; the text is read when empty
    area: str = ""  # a district name or region code the caller already knows
    requester: str = ""
    votes: int = 0  # support (点赞)
    against: int = 0  # 反对

    @classmethod
    def of(cls, **values: Any) -> MessageRow:
        """A row from loosely typed values: bad ones become empty, never an error."""
        return cls(
            id=str(values.get("id", "")).strip()[:64],
            subject=_text(values.get("subject"))[:200],
            text=_text(values.get("text"))[:MAX_TEXT],
            time=values.get("time") if isinstance(values.get("time"), datetime) else None,
            place=_text(values.get("place"))[:255],
            area=_text(values.get("area"))[:64],
            requester=str(values.get("requester") or "")[:64],
            votes=_count(values.get("votes")),
            against=_count(values.get("against")),
        )


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _count(value: Any) -> int:
    try:
        return max(0, min(int(value), 10**9))
    except (TypeError, ValueError, OverflowError):
        return 0


_TIME = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def parse_time(value: Any) -> datetime | None:
    """2019/2/28 11:25:05, 2019-02-28T11:25:05 or 2019/09/05 (naive, as the board wrote it)."""
    if isinstance(value, datetime):
        return value
    match = _TIME.search(str(value or ""))
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


# the board export's field names (messages-with-votes.jsonl) and plain English ones
_FIELDS = {
    "id": ("留言编号", "id"),
    "requester": ("留言用户", "requester", "user"),
    "subject": ("留言主题", "subject", "title"),
    "time": ("留言时间", "time", "created_at"),
    "text": ("留言详情", "text", "description", "detail"),
    "votes": ("点赞数", "votes", "support"),
    "against": ("反对数", "against"),
    "place": ("place", "address"),
}


def row_from_record(record: dict[str, Any], line_number: int = 0) -> MessageRow:
    def pick(name: str) -> Any:
        for key in _FIELDS[name]:
            if key in record:
                return record[key]
        return None

    identifier = pick("id")
    return MessageRow.of(
        id=identifier if identifier not in (None, "") else f"line-{line_number}",
        requester=pick("requester"),
        subject=pick("subject"),
        time=parse_time(pick("time")),
        text=pick("text"),
        votes=pick("votes"),
        against=pick("against"),
        place=pick("place"),
    )


def read_jsonl(path: str | Path, *, skipped: list[int] | None = None) -> Iterator[MessageRow]:
    """Rows of a JSONL file; a line that is not a JSON object is skipped (its number noted)."""
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                if skipped is not None:
                    skipped.append(number)
                continue
            yield row_from_record(record, number)


def rows_from(values: Iterable[dict[str, Any]]) -> list[MessageRow]:
    return [MessageRow.of(**v) for v in values]
