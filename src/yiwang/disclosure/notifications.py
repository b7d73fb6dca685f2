"""What applicants and department staff are told about disclosure requests, and when.

Applicants with an account hear every step in their inbox (and by e-mail when they gave one
as the way to receive); applicants without an account follow the public request page with
the request number and phone. Staff hear of new requests, pending extensions and, from the
sweep, one digest per person of requests due soon or overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yiwang.disclosure.models.requests import DisclosureRequest
from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.org.models import Role

RECEIVED = "disclosure.request_received"
CORRECTION = "disclosure.correction_requested"
EXTENDED = "disclosure.extended"
ANSWERED = "disclosure.answered"
WITHDRAWN = "disclosure.treated_as_withdrawn"
NEW_REQUEST = "disclosure.new_request"
EXTENSION_PENDING = "disclosure.extension_pending"
DUE_SOON = "disclosure.due_soon"
OVERDUE = "disclosure.overdue"

register_event(
    RECEIVED,
    title=_("政府信息公开申请已收到：{{ number }}"),
    body=_("{{ department }}已收到您的政府信息公开申请，编号 {{ number }}，答复期限 {{ due }}。"),
    description=_("申请提交后告知申请人"),
)
register_event(
    CORRECTION,
    title=_("请补正政府信息公开申请：{{ number }}"),
    body=_(
        "您的申请 {{ number }} 需要补正：{{ items }}。请于 {{ due }} 前补正，逾期视为放弃申请。"
    ),
    description=_("补正告知"),
)
register_event(
    EXTENDED,
    title=_("政府信息公开申请延期答复：{{ number }}"),
    body=_(
        "您的申请 {{ number }} 延长答复期限 {{ days }} 个工作日，至 {{ due }}。理由：{{ reason }}"
    ),
    description=_("延期答复告知"),
)
register_event(
    ANSWERED,
    title=_("政府信息公开申请已答复：{{ number }}"),
    body=_("您的申请 {{ number }} 已办结，办理结果：{{ outcome }}。告知书可在申请页面下载。"),
    description=_("作出答复后告知申请人"),
)
register_event(
    WITHDRAWN,
    title=_("政府信息公开申请视为放弃：{{ number }}"),
    body=_("您未在 {{ due }} 前补正申请 {{ number }}，视为放弃申请，本机关不再处理。"),
    description=_("逾期未补正，视为放弃"),
)
register_event(
    NEW_REQUEST,
    title=_("新的政府信息公开申请：{{ number }}"),
    body=_("收到政府信息公开申请 {{ number }}，答复期限 {{ due }}。"),
    description=_("新申请告知本部门办理人员"),
)
register_event(
    EXTENSION_PENDING,
    title=_("延期答复待审批：{{ number }}"),
    body=_("申请 {{ number }} 请求延长答复期限 {{ days }} 个工作日。理由：{{ reason }}"),
    description=_("延期申请告知部门负责人审批"),
)
register_event(
    DUE_SOON,
    title=_("{{ count }} 件政府信息公开申请即将到期"),
    body=_("以下申请即将到期，请及时答复：{{ cases }}"),
    description=_("答复期限前提醒本部门办理人员（每次巡检每人一条汇总）"),
)
register_event(
    OVERDUE,
    title=_("{{ count }} 件政府信息公开申请已超期"),
    body=_("以下申请已超过法定答复期限：{{ cases }}"),
    description=_("超期后提醒本部门办理人员（每次巡检每人一条汇总）"),
)

DIGEST_LIST_LIMIT = 10


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def applicant_url(request: DisclosureRequest) -> str:
    return _url("disclosure:request_mine_detail", request.number)


def staff_url(request: DisclosureRequest) -> str:
    return _url("disclosure:request_staff_detail", request.pk)


def tell_applicant(request: DisclosureRequest, event: str, **context: Any) -> None:
    if not request.applicant_id or not request.applicant.is_active:
        return  # no account: the public request page (number + phone) shows every step
    channels = ("inbox", "email") if request.applicant.email else ("inbox",)
    notify_user(
        user=request.applicant,
        event=event,
        context={"number": request.number, **{k: str(v) for k, v in context.items()}},
        channels=channels,
        url=applicant_url(request),
    )


def department_staff(department_id: int, roles: Iterable[str] | None = None) -> list:
    """Active people of the department holding a role that handles requests."""
    wanted = list(roles or (Role.HANDLER, Role.SUPERVISOR, Role.DEPARTMENT_ADMIN))
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__department_id=department_id,
            memberships__grants__role__in=wanted,
        )
        .distinct()
        .order_by("pk")
    )


def tell_staff(
    request: DisclosureRequest, event: str, *, roles: Iterable[str] | None = None, **context: Any
) -> None:
    for user in department_staff(request.department_id, roles):
        notify_user(
            user=user,
            event=event,
            context={"number": request.number, **{k: str(v) for k, v in context.items()}},
            url=staff_url(request),
        )


def tell_staff_digest(user, event: str, requests: list[DisclosureRequest]) -> None:
    shown = [f"{r.number}（{r.due_on:%Y-%m-%d}）" for r in requests[:DIGEST_LIST_LIMIT]]
    if len(requests) > DIGEST_LIST_LIMIT:
        shown.append(f"… (+{len(requests) - DIGEST_LIST_LIMIT})")
    url = staff_url(requests[0]) if len(requests) == 1 else _url("disclosure:request_inbox")
    notify_user(
        user=user, event=event, url=url, context={"count": len(requests), "cases": "；".join(shown)}
    )
