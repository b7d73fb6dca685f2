"""What the browser session remembers for a requester without an account, briefly.

Only ids and keyed hashes go into the session — never a phone number or a code."""

from __future__ import annotations

import time

from django.conf import settings

VERIFIED_KEY = "tickets_verified_phone"  # {"index": blind index, "until": epoch seconds}
TRACKED_KEY = "tickets_tracked"  # {ticket id: epoch seconds until which the check holds}
SUBMITTED_KEY = "tickets_submitted"  # case numbers filed from this browser (confirmation page)
KEEP = 10


def _seconds(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def remember_verified_phone(request, index: str) -> None:
    until = time.time() + _seconds("YIWANG_VERIFIED_PHONE_SECONDS", 1800)
    request.session[VERIFIED_KEY] = {"index": index, "until": until}


def verified_phone_index(request) -> str:
    entry = request.session.get(VERIFIED_KEY) or {}
    if entry.get("until", 0) < time.time():
        request.session.pop(VERIFIED_KEY, None)
        return ""
    return entry.get("index", "")


def remember_tracked(request, ticket_id: int) -> None:
    now = time.time()
    tracked = {k: v for k, v in (request.session.get(TRACKED_KEY) or {}).items() if v > now}
    tracked[str(ticket_id)] = now + _seconds("YIWANG_TRACK_SESSION_SECONDS", 1800)
    newest = sorted(tracked.items(), key=lambda kv: kv[1])[-KEEP:]
    request.session[TRACKED_KEY] = dict(newest)


def is_tracked(request, ticket_id: int) -> bool:
    return (request.session.get(TRACKED_KEY) or {}).get(str(ticket_id), 0) > time.time()


def remember_submitted(request, case_number: str) -> None:
    submitted = [c for c in request.session.get(SUBMITTED_KEY, []) if c != case_number]
    request.session[SUBMITTED_KEY] = [*submitted, case_number][-KEEP:]


def was_submitted_here(request, case_number: str) -> bool:
    return case_number in request.session.get(SUBMITTED_KEY, [])
