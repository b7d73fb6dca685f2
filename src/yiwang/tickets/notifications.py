"""What the requester and the departments are told, and when (dispatch, reply, close ...)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.tickets.models import Ticket

ACCEPTED = "tickets.accepted"
DISPATCHED = "tickets.dispatched"
REPLIED = "tickets.replied"
CLOSED = "tickets.closed"
MERGED = "tickets.merged"
ASSIGNED = "tickets.assigned"
WARNING = "tickets.sla_warning"
OVERDUE = "tickets.sla_overdue"
URGED = "tickets.urged"
BAD_RATING = "tickets.bad_rating"

register_event(
    ACCEPTED,
    title=_("您的诉求已受理：{{ case_number }}"),
    body=_(
        "您反映的「{{ subject }}」已受理，工单编号 {{ case_number }}。"
        "可凭编号和手机号查询办理进度。"
    ),
    sms=_("您反映的诉求已受理，工单编号{{ case_number }}，可凭编号和手机号在网站查询办理进度。"),
    description=_("诉求受理后告知诉求人"),
)
register_event(
    DISPATCHED,
    title=_("您的诉求已交办：{{ case_number }}"),
    body=_("工单 {{ case_number }} 已交由{{ department }}办理，办理时限至 {{ deadline }}。"),
    description=_("派单后告知诉求人"),
)
register_event(
    REPLIED,
    title=_("您的诉求已答复：{{ case_number }}"),
    body=_("{{ department }}已答复工单 {{ case_number }}：{{ reply }}"),
    sms=_("工单{{ case_number }}已办理答复，请登录网站查看答复并评价。"),
    description=_("答复审核通过后告知诉求人"),
)
register_event(
    CLOSED,
    title=_("您的诉求已办结：{{ case_number }}"),
    body=_(
        "工单 {{ case_number }} 已办结。欢迎对办理情况作出评价；"
        "如不满意，可在 {{ reopen_days }} 个工作日内申请重办。"
    ),
    sms=_("工单{{ case_number }}已办结，欢迎评价；不满意可在{{ reopen_days }}个工作日内申请重办。"),
    description=_("工单办结后告知诉求人"),
)
register_event(
    MERGED,
    title=_("您的诉求已并入工单 {{ target }}"),
    body=_(
        "您反映的「{{ subject }}」与工单 {{ target }} 属同一事项，已合并办理，办理结果将一并告知。"
    ),
    description=_("重复诉求合并后告知每位诉求人"),
)
register_event(
    ASSIGNED,
    title=_("新工单待签收：{{ case_number }}"),
    body=_("「{{ subject }}」已派至{{ department }}，请在 {{ sign_deadline }} 前签收。"),
    description=_("派单后告知承办部门人员"),
)
register_event(
    WARNING,
    title=_("{{ count }} 件工单即将超期"),
    body=_("以下工单将陆续到期，最早于 {{ deadline }}，请抓紧办理：{{ cases }}"),
    description=_("达到时限 75% 时提醒承办人员（每次巡检每人一条汇总）"),
)
register_event(
    OVERDUE,
    title=_("{{ count }} 件工单已超期"),
    body=_("以下工单已超期，已转入督办队列：{{ cases }}"),
    description=_("超期后提醒承办人员（每次巡检每人一条汇总）"),
)
register_event(
    URGED,
    title=_("催办：{{ case_number }}"),
    body=_("{{ note }}"),
    description=_("督办、催办时告知承办人员"),
)
register_event(
    BAD_RATING,
    title=_("差评待整改：{{ case_number }}"),
    body=_(
        "诉求人对工单「{{ subject }}」作出「{{ level }}」评价，请于 {{ deadline }} 前核实整改。"
    ),
    description=_("差评后告知承办部门整改"),
)


def tracking_url(ticket: Ticket) -> str:
    try:
        return reverse("tickets:track") + f"?case={ticket.case_number}"
    except Exception:  # the public pages may be disabled in a deployment
        return ""


def tell_requester(ticket: Ticket, event: str, **context: Any) -> None:
    """Inbox (+SMS) for a requester with an account; SMS alone for one without."""
    base = {"case_number": ticket.case_number, "subject": ticket.subject, **context}
    if ticket.requester_id and ticket.requester.is_active:
        notify_user(
            user=ticket.requester, event=event, context=base, channels=("inbox", "sms"),
            url=tracking_url(ticket),
        )  # fmt: skip
    elif ticket.requester_phone:
        from yiwang.tickets.tasks import send_requester_sms

        # only the id and event travel through the queue; the phone is read when it runs
        transaction.on_commit(
            partial(send_requester_sms.enqueue, ticket.pk, event, _plain(base)), robust=True
        )


def tell_all_requesters(ticket: Ticket, event: str, **context: Any) -> None:
    """The requester and everyone whose repeat complaint was merged into this ticket."""
    tell_requester(ticket, event, **context)
    for merged in Ticket.objects.filter(merged_into=ticket).select_related("requester"):
        tell_requester(merged, event, **{**context, "case_number": merged.case_number})


def tell_staff(users, event: str, ticket: Ticket, **context: Any) -> None:
    base = {"case_number": ticket.case_number, "subject": ticket.subject, **context}
    for user in users:
        notify_user(user=user, event=event, context=base, url=_staff_url(ticket))


DIGEST_LIST_LIMIT = 10


def tell_staff_digest(user, event: str, tickets: list[Ticket], **context: Any) -> None:
    """One message about several tickets (deadline warnings from a sweep)."""
    shown = [f"{t.case_number}「{t.subject}」" for t in tickets[:DIGEST_LIST_LIMIT]]
    if len(tickets) > DIGEST_LIST_LIMIT:
        shown.append(f"… (+{len(tickets) - DIGEST_LIST_LIMIT})")
    url = _staff_url(tickets[0]) if len(tickets) == 1 else _inbox_url(event)
    notify_user(
        user=user, event=event, url=url,
        context={"count": len(tickets), "cases": "；".join(shown), **context},
    )  # fmt: skip


def _inbox_url(event: str) -> str:
    try:
        box = "overdue" if event == OVERDUE else "warning"
        return reverse("tickets:inbox") + f"?box={box}"
    except Exception:
        return ""


def _staff_url(ticket: Ticket) -> str:
    try:
        return reverse("tickets:detail", args=[ticket.pk])
    except Exception:
        return ""


def _plain(context: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in context.items()}
