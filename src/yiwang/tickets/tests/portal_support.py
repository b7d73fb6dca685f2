"""Helpers for the citizen-side tests: reading the SMS outbox as the citizen's phone would,
small valid files, and moving a ticket through the staff steps."""

from __future__ import annotations

import json
import re

from django.conf import settings

from yiwang.tickets import services
from yiwang.tickets.services.attachments import UploadedFile
from yiwang.tickets.tests.factories import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def clear_outbox() -> None:
    settings.YIWANG_SMS_FILE.unlink(missing_ok=True)


def sms_to(phone: str) -> list[str]:
    """Texts the development SMS outbox holds for ``phone``, oldest first."""
    path = settings.YIWANG_SMS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [m["text"] for m in map(json.loads, lines) if m["phone"] == phone]


def latest_code(phone: str) -> str:
    texts = [t for t in sms_to(phone) if "验证码" in t]
    assert texts, f"no verification SMS for {phone}"
    return re.search(r"\d{6}", texts[-1]).group(0)


def close(w: World, ticket, *, reply: str = "管道已抢修，已恢复供水。", files=None):
    """Dispatch to the water company, sign, reply and approve: the ticket is 已办结."""
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.water)
    ticket = services.ticket_sign(actor=w.water_handler, ticket=ticket)
    ticket = reply_only(w, ticket, reply=reply, files=files, signed=True)
    return services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)


def reply_only(w: World, ticket, *, reply: str, files=None, signed: bool = False):
    """Up to the reply, which then waits for the dispatcher's review."""
    if not signed:
        ticket = services.ticket_dispatch(
            actor=w.dispatcher, ticket=ticket, lead_department=w.water
        )
        ticket = services.ticket_sign(actor=w.water_handler, ticket=ticket)
    attachments = [UploadedFile(name, content) for name, content in (files or [])]
    return services.ticket_reply(
        actor=w.water_handler, ticket=ticket, text=reply, attachments=attachments
    )
