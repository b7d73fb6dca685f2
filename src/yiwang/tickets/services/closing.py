"""即时办结, 回访, 评价 (好差评), 重办, and merging repeat complaints."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.tickets import notifications, sla
from yiwang.tickets.models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    KnowledgeEntry,
    Rating,
    RatingLevel,
    Status,
    Ticket,
    TicketParty,
)
from yiwang.tickets.services import transitions
from yiwang.tickets.services.handling import _text, reopen_window_days
from yiwang.workcal import workdays

BAD_RATING_RECTIFY_DAYS = 5


def ticket_answer_now(
    *, actor: Any, ticket: Ticket, answer: str = "", knowledge_entry: KnowledgeEntry | None = None
) -> Ticket:
    """即时办结: the operator answers a consultation at once (from the knowledge base)."""
    if knowledge_entry is not None and not answer:
        answer = knowledge_entry.answer
    answer = _text(answer, "answer")

    def effect(locked: Ticket):
        now = timezone.now()
        locked.reply_text = answer
        locked.replied_at = locked.closed_at = now
        locked.current_assignee = actor
        if knowledge_entry is not None:
            KnowledgeEntry.objects.filter(pk=knowledge_entry.pk).update(
                use_count=F("use_count") + 1
            )
        return {"knowledge_entry": knowledge_entry.pk if knowledge_entry else None}

    with transaction.atomic():
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="answer_now", note=answer, effect=effect
        )
        notifications.tell_all_requesters(
            updated, notifications.CLOSED, reopen_days=reopen_window_days()
        )
    return updated


def ticket_follow_up(
    *, actor: Any, ticket: Ticket, reached: bool, note: str = "", level: int | None = None
) -> Ticket:
    """回访: the call back to the requester; a rating given on the phone is recorded too."""
    note = _text(note, "note", required=False)
    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="follow_up", note=note, data={"reached": reached}
    )
    if level is not None:
        updated = ticket_rate(
            actor=actor, ticket=updated, level=level, comment=note, channel="phone"
        )
    return updated


def ticket_rate(
    *, actor: Any, ticket: Ticket, level: int, comment: str = "", channel: str = "web"
) -> Ticket:
    """好差评 on five levels, one per handling round; bad reviews get a rectification
    deadline (5 working days) and go back to the department."""
    if level not in RatingLevel.values:
        raise InvalidInput(
            field_errors=[FieldError("level", _("请选择评价等级"), "invalid_choice")]
        )
    comment = _text(comment, "comment", required=False)
    is_bad = level <= RatingLevel.DISSATISFIED
    holder: dict[str, Rating] = {}

    def effect(locked: Ticket):
        if Rating.objects.filter(ticket=locked, round=locked.reopen_count).exists():
            raise Conflict(_("本次办理已评价"), code="already-rated")
        deadline = None
        if is_bad:
            day = workdays.add_working_days(timezone.localdate(), BAD_RATING_RECTIFY_DAYS)
            deadline = sla.end_of_working_day(day)
        holder["rating"] = Rating.objects.create(
            ticket=locked, round=locked.reopen_count, level=level, comment=comment,
            rated_by=actor if getattr(actor, "is_authenticated", False) else None,
            channel=channel, is_bad=is_bad, rectify_deadline=deadline,
        )  # fmt: skip
        return {"level": level, "bad": is_bad}

    with transaction.atomic():
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="rate", note=comment, effect=effect
        )
        rating = holder["rating"]
        if is_bad and updated.lead_department_id:
            from yiwang.tickets.services.dispatch import _handlers_of

            notifications.tell_staff(
                _handlers_of(updated.lead_department), notifications.BAD_RATING, updated,
                level=rating.get_level_display(),
                deadline=date_format(
                    timezone.localtime(rating.rectify_deadline), "DATETIME_FORMAT"
                ),
            )  # fmt: skip
    return updated


def unrectified_bad_rating(ticket: Ticket) -> Rating | None:
    return (
        Rating.objects.filter(ticket=ticket, is_bad=True, rectified_at__isnull=True)
        .order_by("-round")
        .first()
    )


def ticket_rectify(*, actor: Any, ticket: Ticket, note: str) -> Ticket:
    """差评整改: the lead department reports what it did about a bad review; the review is
    marked rectified (on time or not, against its 5-working-day deadline)."""
    note = _text(note, "note")

    def effect(locked: Ticket):
        from yiwang.org.permissions import can

        if (
            actor is not None
            and locked.lead_department_id
            and not can(actor, "tickets.rectify", locked.lead_department)
        ):
            raise PermissionDenied(_("只有主办部门的人员可以报告差评整改"))
        rating = unrectified_bad_rating(locked)
        if rating is None:
            raise Conflict(_("没有待整改的差评"), code="nothing-to-rectify")
        now = timezone.now()
        Rating.objects.filter(pk=rating.pk).update(rectified_at=now)
        on_time = rating.rectify_deadline is None or now <= rating.rectify_deadline
        return {"rating": rating.pk, "on_time": on_time}

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="rectify", note=note, effect=effect
    )
    return updated


def reopen_allowed_until(ticket: Ticket):
    if ticket.closed_at is None:
        return None
    day = workdays.add_working_days(
        timezone.localtime(ticket.closed_at).date(), reopen_window_days()
    )
    return sla.end_of_working_day(day)


def ticket_reopen(*, actor: Any, ticket: Ticket, reason: str, by_requester: bool = False) -> Ticket:
    """重办: the requester is not satisfied; within the window the ticket goes back to the
    same lead department, with a fresh handling clock.

    ``by_requester`` marks a request from a requester without an account (actor None, who
    proved the phone on the tracking page): the window applies to them as to an account."""
    reason = _text(reason, "reason")
    is_requester = by_requester or (
        getattr(actor, "pk", None) is not None and actor.pk == ticket.requester_id
    )
    until = reopen_allowed_until(ticket)
    if is_requester and until is not None and timezone.now() > until:
        raise Conflict(_("已超过可申请重办的期限"), code="reopen-window-closed")

    def effect(locked: Ticket):
        if locked.lead_department_id is None:  # answered at once: back to the dispatcher
            locked.status = Status.PENDING_DISPATCH
            locked.reopen_count += 1
            return {"to": "dispatcher"}
        locked.reopen_count += 1
        sla.hand_to(locked, locked.lead_department_id, timezone.now(), restart_handling=True)
        locked.closed_at = None
        locked.overdue_at = None
        TicketParty.objects.filter(ticket=locked, department_id=locked.lead_department_id).update(
            is_active=True
        )
        return {"round": locked.reopen_count}

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="reopen", note=reason, effect=effect
    )
    return updated


def ticket_merge(*, actor: Any, ticket: Ticket, into: Ticket, note: str = "") -> Ticket:
    """Merge a repeat complaint into the ticket that handles the matter; every requester is
    told, and the merged ticket follows the target from then on."""
    if ticket.pk == into.pk:
        raise InvalidInput(field_errors=[FieldError("into", _("不能合并到自身"), "self_merge")])
    target = Ticket.objects.get(pk=into.pk)
    while target.merged_into_id is not None:  # follow a chain to the live ticket
        target = Ticket.objects.get(pk=target.merged_into_id)
    if target.status not in OPEN_STATUSES | FINISHED_STATUSES or target.pk == ticket.pk:
        raise Conflict(_("目标工单不可合并"), code="merge-target")
    from yiwang.org.permissions import can

    if actor is not None and not can(actor, "tickets.view", target):
        raise PermissionDenied()

    def effect(locked: Ticket):
        locked.merged_into = target
        locked.sla_next_at = None
        return {"into": target.pk, "into_case_number": target.case_number}

    with transaction.atomic():
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="merge", note=note, effect=effect
        )
        notifications.tell_requester(updated, notifications.MERGED, target=target.case_number)
    return updated
