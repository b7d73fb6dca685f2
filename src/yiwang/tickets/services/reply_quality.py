"""答复质量 of ticket replies: scored by ``yiwang.routing.replies`` and kept in ReplyAssessment.

A reply is scored against the ticket's subject and description, with the working days from
受理 to 答复 and the ticket's own handling time limit. The score is stored with the reply
text's hash, so it is computed once per reply version: by ``reply_assessment_sweep`` (a
periodic job) for every replied ticket, or on demand when a staff page shows a ticket whose
reply has not been scored yet. The per-department averages in the statistics read the stored
scores.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.db.models import F, Q

from yiwang.routing.replies import ReplyScore, score_reply
from yiwang.routing.replies.scoring import DEFAULT_LIMIT_DAYS
from yiwang.tickets.models import ReplyAssessment, Ticket

logger = logging.getLogger("yiwang.tickets.reply_quality")
SWEEP_BATCH = 500


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def _limit_days(ticket: Ticket) -> int:
    try:
        from yiwang.tickets import sla

        limits = sla.limits_for(ticket_type=ticket.ticket_type, category_id=ticket.category_id)
        return int(limits.handle_days) or DEFAULT_LIMIT_DAYS
    except Exception:  # a time-limit lookup problem must not hide the score
        return DEFAULT_LIMIT_DAYS


def score_ticket_reply(ticket: Ticket) -> ReplyScore:
    return score_reply(
        message=ticket.description,
        subject=ticket.subject,
        reply=ticket.reply_text,
        asked_at=ticket.created_at,
        replied_at=ticket.replied_at,
        limit_days=_limit_days(ticket),
    )


def reply_assess(ticket: Ticket) -> ReplyAssessment | None:
    """Score the ticket's current reply and store it (None when there is no reply). An
    assessment of the same reply text is reused."""
    return _assess(ticket)[0]


def _assess(ticket: Ticket) -> tuple[ReplyAssessment | None, bool]:
    """(assessment, whether it was (re)computed now)."""
    if not ticket.reply_text or ticket.replied_at is None:
        return None, False
    digest = _hash(ticket.reply_text)
    existing = ReplyAssessment.objects.filter(ticket=ticket).first()
    if existing is not None and existing.reply_hash == digest:
        return existing, False
    score = score_ticket_reply(ticket)
    values = {
        "department_id": ticket.lead_department_id,
        "overall": score.overall,
        "relevance": score.relevance,
        "completeness": score.completeness,
        "timeliness": score.timeliness if score.timeliness is not None else 0,
        "working_days": score.working_days,
        "reasons": score.reasons,
        "reply_hash": digest,
    }
    with transaction.atomic():
        assessment, _created = ReplyAssessment.objects.update_or_create(
            ticket=ticket, defaults=values
        )
    return assessment, True


def reply_assessment_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Score replied tickets that have no assessment or whose assessment predates the reply;
    returns how many were (re)scored. Safe to run twice at once (update_or_create per
    ticket); a reply whose text is unchanged is not scored again."""
    stale = Ticket.objects.filter(replied_at__isnull=False).exclude(reply_text="")
    stale = stale.filter(
        Q(reply_assessment__isnull=True) | Q(reply_assessment__updated_at__lt=F("replied_at"))
    ).order_by("pk")[:limit]
    done = 0
    for ticket in stale:
        try:
            done += _assess(ticket)[1]
        except Exception:
            logger.exception("reply assessment failed for ticket %s", ticket.pk)
    return done
