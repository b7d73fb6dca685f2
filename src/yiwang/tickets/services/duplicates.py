"""查重 at intake: every new request is fingerprinted (yiwang.routing.duplicates) and compared
with the open tickets of the last ``YIWANG_DUPLICATE_WINDOW_DAYS`` (30) in the same area.

- An exact repeat — the same normalised text, from the same requester or about the same
  place, while the earlier ticket is still open — is merged into that ticket at once by the
  system (``ticket_merge`` with no actor; the requester is told, the timeline says why).
  Off unless ``YIWANG_DUPLICATE_AUTO_MERGE = True`` (a city decides; test suites that file
  the same request twice on purpose keep it off).
- Anything less certain is only suggested to the dispatcher on the ticket's page
  (``yiwang.tickets.selectors.duplicates``), who merges with the ordinary merge action.
Indexing never blocks intake: a failure is logged and the ticket stands as accepted.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.routing import duplicates
from yiwang.routing.hotspots.places import extract_place
from yiwang.tickets.models import OPEN_STATUSES, Ticket

log = logging.getLogger(__name__)

KEY_PREFIX = "ticket:"
_NAMES_TTL = 300.0
_names_cache: tuple[float, tuple[str, ...]] = (0.0, ())


def window_days() -> int:
    return int(getattr(settings, "YIWANG_DUPLICATE_WINDOW_DAYS", 30))


def min_score() -> float:
    return float(getattr(settings, "YIWANG_DUPLICATE_MIN_SCORE", duplicates.DEFAULT_MIN_SCORE))


def auto_merge_enabled() -> bool:
    return bool(getattr(settings, "YIWANG_DUPLICATE_AUTO_MERGE", False))


def doc_key(ticket_id: int) -> str:
    return f"{KEY_PREFIX}{ticket_id}"


def ticket_id_of(key: str) -> int | None:
    if key.startswith(KEY_PREFIX) and key[len(KEY_PREFIX) :].isdigit():
        return int(key[len(KEY_PREFIX) :])
    return None


def known_place_names() -> tuple[str, ...]:
    """Department names and short names (districts, streets): they bound place names in the
    text. Re-read every five minutes, so a renamed department is picked up."""
    global _names_cache
    read_at, names = _names_cache
    if time.monotonic() - read_at < _NAMES_TTL:
        return names
    from yiwang.org.models import Department

    rows = Department.objects.values_list("name", "short_name")
    found = {n for pair in rows for n in pair if n and 2 <= len(n) <= 20}
    _names_cache = (time.monotonic(), tuple(sorted(found)))
    return _names_cache[1]


def requester_key(ticket: Ticket) -> str:
    if ticket.requester_id:
        return f"u:{ticket.requester_id}"
    if ticket.requester_phone_index:
        return f"p:{ticket.requester_phone_index[:60]}"
    return ""


def ticket_document(ticket: Ticket) -> duplicates.Document:
    place = extract_place(
        ticket.address or ticket.description, subject=ticket.subject, known=known_place_names()
    )
    if ticket.address and not place.key:
        place = extract_place(ticket.description, subject=ticket.subject, known=known_place_names())
    return duplicates.Document(
        key=doc_key(ticket.pk), subject=ticket.subject, text=ticket.description,
        area=(ticket.region_code or "")[:6], place=place.key, requester=requester_key(ticket),
        created_at=ticket.created_at,
    )  # fmt: skip


def window_start(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=window_days())


def duplicates_on_intake(ticket: Ticket) -> Ticket:
    """Index a new ticket; merge it into the open ticket it exactly repeats. Returns the
    ticket as it now stands. Never raises: intake has already succeeded."""
    try:
        with transaction.atomic():
            doc = ticket_document(ticket)
            matches = duplicates.find_similar(
                doc, since=window_start(), limit=20, min_score=1.0, index=True
            )
            target = _exact_repeat_of(ticket, matches) if auto_merge_enabled() else None
    except (DatabaseError, ValueError, TypeError):
        log.exception("duplicate check failed for ticket %s", ticket.pk)
        return ticket
    if target is None:
        return ticket
    from yiwang.tickets.services.closing import ticket_merge

    try:
        with transaction.atomic():
            return ticket_merge(
                actor=None, ticket=ticket, into=target,
                note=_("系统自动合并：与工单 %(case)s 内容相同") % {"case": target.case_number},
            )  # fmt: skip
    except Exception:  # a merge refused now (the target closed meanwhile) leaves a suggestion
        log.warning("automatic merge of %s into %s refused", ticket.pk, target.pk, exc_info=True)
        return Ticket.objects.get(pk=ticket.pk)


def _exact_repeat_of(ticket: Ticket, matches: list[duplicates.Match]) -> Ticket | None:
    repeats = [m for m in matches if m.exact and (m.same_requester or m.same_place)]
    ids = [i for i in map(ticket_id_of, (m.key for m in repeats)) if i and i != ticket.pk]
    if not ids:
        return None
    return (
        Ticket.objects.filter(pk__in=ids, status__in=OPEN_STATUSES, merged_into__isnull=True)
        .order_by("created_at", "pk")
        .first()
    )


def duplicates_forget(ticket_ids: list[int]) -> int:
    """Take tickets out of the index (closed, merged or deleted ones)."""
    return duplicates.remove_documents([doc_key(i) for i in ticket_ids])


def duplicates_prune(*, now: datetime | None = None, batch: int = 2000) -> dict[str, Any]:
    """Forget what left the window and what is no longer open. Safe to run twice at once."""
    expired = duplicates.purge(older_than=window_start(now))
    from yiwang.routing.models import TextFingerprint

    keys = TextFingerprint.objects.filter(doc_key__startswith=KEY_PREFIX).values_list(
        "doc_key", flat=True
    )
    closed = 0
    chunk: list[int] = []
    for key in keys.iterator(chunk_size=batch):
        ticket_id = ticket_id_of(key)
        if ticket_id is not None:
            chunk.append(ticket_id)
        if len(chunk) >= batch:
            closed += _forget_closed(chunk)
            chunk = []
    if chunk:
        closed += _forget_closed(chunk)
    return {"expired": expired, "closed": closed}


def _forget_closed(ids: list[int]) -> int:
    still_open = set(
        Ticket.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    return duplicates_forget([i for i in ids if i not in still_open])
