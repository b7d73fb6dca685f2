"""The ticket lifecycle as data: states, actions, and the roles allowed to take each action.

受理 → 派单 → 办理 → 答复 → 督办 → 办结 → 回访 → 评价 (国办发〔2020〕53号). Each action is also a
permission action ``tickets.<action>`` of the one permission function, so the roles here and
the data scopes of the people holding them decide together who may act on which ticket.

A city changes who may do what without touching code through the setting
``YIWANG_TICKET_WORKFLOW``, e.g. ``{"approve_reply": {"roles": ["dispatcher", "supervisor"]}}``
(roles) or ``{"reopen": {"sources": ["closed", "visited"]}}`` (states an action starts from).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import register_action
from yiwang.tickets.models import OPEN_STATUSES, Status

PREVIOUS = "__previous__"  # target: back to the state before the current one


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str | None  # None: the state does not change (a recorded step)
    roles: frozenset[str]
    owner: bool = False  # the requester may take this action on their own ticket
    public: bool = True  # shown on the citizen's tracking page (by department, never by name)


S = Status
R = Role
_OPEN = frozenset(OPEN_STATUSES)
_FINISHED = frozenset({S.CLOSED, S.VISITED, S.RATED})

DEFAULT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("create", _("受理"), frozenset(), S.PENDING_DISPATCH, frozenset({R.OPERATOR, R.DISPATCHER})),
    Transition("answer_now", _("即时办结"), frozenset({S.PENDING_DISPATCH}), S.CLOSED, frozenset({R.OPERATOR, R.DISPATCHER})),
    Transition("dispatch", _("派单"), frozenset({S.PENDING_DISPATCH}), S.PENDING_SIGN, frozenset({R.DISPATCHER})),
    Transition("sign", _("签收"), frozenset({S.PENDING_SIGN}), S.IN_PROGRESS, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN})),
    Transition("transfer", _("转派"), frozenset({S.PENDING_SIGN, S.IN_PROGRESS}), S.PENDING_SIGN, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN, R.DISPATCHER})),
    Transition("request_return", _("申请退单"), frozenset({S.PENDING_SIGN, S.IN_PROGRESS}), S.RETURN_REQUESTED, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN})),
    Transition("accept_return", _("同意退单"), frozenset({S.RETURN_REQUESTED}), S.PENDING_DISPATCH, frozenset({R.DISPATCHER})),
    Transition("reject_return", _("驳回退单"), frozenset({S.RETURN_REQUESTED}), PREVIOUS, frozenset({R.DISPATCHER})),
    Transition("request_extension", _("申请延期"), frozenset({S.IN_PROGRESS}), None, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN}), public=False),
    Transition("decide_extension", _("审批延期"), frozenset({S.IN_PROGRESS, S.PENDING_REVIEW, S.RETURN_REQUESTED}), None, frozenset({R.DISPATCHER, R.SUPERVISOR})),
    Transition("note", _("办理进展"), frozenset({S.PENDING_SIGN, S.IN_PROGRESS}), None, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN}), public=False),
    Transition("co_opinion", _("协办意见"), frozenset({S.PENDING_SIGN, S.IN_PROGRESS}), None, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN}), public=False),
    Transition("reply", _("答复"), frozenset({S.IN_PROGRESS}), S.PENDING_REVIEW, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN})),
    Transition("approve_reply", _("审核通过"), frozenset({S.PENDING_REVIEW}), S.CLOSED, frozenset({R.DISPATCHER})),
    Transition("reject_reply", _("退回重办"), frozenset({S.PENDING_REVIEW}), S.IN_PROGRESS, frozenset({R.DISPATCHER})),
    Transition("follow_up", _("回访"), frozenset({S.CLOSED}), S.VISITED, frozenset({R.OPERATOR, R.DISPATCHER})),
    Transition("rate", _("评价"), frozenset({S.CLOSED, S.VISITED}), S.RATED, frozenset({R.OPERATOR}), owner=True),
    Transition("reopen", _("重办"), _FINISHED, S.PENDING_SIGN, frozenset({R.DISPATCHER}), owner=True),
    Transition("rectify", _("差评整改"), frozenset(S.values) - {S.MERGED}, None, frozenset({R.HANDLER, R.DEPARTMENT_ADMIN})),
    Transition("merge", _("合并"), _OPEN, S.MERGED, frozenset({R.DISPATCHER})),
    Transition("supervise", _("督办"), _OPEN, None, frozenset({R.SUPERVISOR})),
    Transition("urge", _("催办"), _OPEN, None, frozenset({R.SUPERVISOR, R.DISPATCHER})),
    Transition("escalate", _("超期升级"), _OPEN, None, frozenset(), public=False),
)  # fmt: skip


def _configured(transition: Transition, overrides: dict[str, Any]) -> Transition:
    override = overrides.get(transition.action) or {}
    if "roles" in override:
        transition = replace(transition, roles=frozenset(str(r) for r in override["roles"]))
    if "sources" in override:
        transition = replace(transition, sources=frozenset(str(s) for s in override["sources"]))
    if "owner" in override:
        transition = replace(transition, owner=bool(override["owner"]))
    return transition


def _build() -> dict[str, Transition]:
    overrides = getattr(settings, "YIWANG_TICKET_WORKFLOW", {}) or {}
    unknown = set(overrides) - {t.action for t in DEFAULT_TRANSITIONS}
    if unknown:
        raise ValueError(f"YIWANG_TICKET_WORKFLOW names unknown actions: {sorted(unknown)}")
    return {t.action: _configured(t, overrides) for t in DEFAULT_TRANSITIONS}


TRANSITIONS: dict[str, Transition] = _build()


def get(action: str) -> Transition:
    return TRANSITIONS[action]


def permission_name(action: str) -> str:
    return f"tickets.{action}"


def actions_from(status: str) -> list[Transition]:
    """Actions that may start from ``status`` (before asking who may take them)."""
    return [t for t in TRANSITIONS.values() if status in t.sources]


def register_permissions() -> None:
    """Each action becomes a permission action; platform admins may take any of them."""
    for t in TRANSITIONS.values():
        roles = set(t.roles) | {R.PLATFORM_ADMIN}
        register_action(permission_name(t.action), roles=roles, owner=t.owner, description=t.label)
    staff = {
        R.OPERATOR,
        R.DISPATCHER,
        R.HANDLER,
        R.SUPERVISOR,
        R.DEPARTMENT_ADMIN,
        R.PLATFORM_ADMIN,
    }
    register_action("tickets.view", roles=staff, owner=True, description=_("查看工单"))
    register_action(
        "tickets.view_requester",
        roles={R.OPERATOR, R.DISPATCHER, R.HANDLER, R.SUPERVISOR, R.PLATFORM_ADMIN},
        owner=True,
        description=_("查看诉求人联系方式"),
    )
    register_action(
        "tickets.stats",
        roles={R.DISPATCHER, R.SUPERVISOR, R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN},
        description=_("查看工单统计"),
    )
    register_action("tickets.export", roles=staff, description=_("导出工单列表"))
    register_action(
        "tickets.catalogue.manage", roles={R.PLATFORM_ADMIN}, description=_("维护派单目录")
    )
    register_action(
        "tickets.knowledge.manage",
        roles={R.DEPARTMENT_ADMIN, R.DISPATCHER, R.PLATFORM_ADMIN},
        description=_("维护知识库"),
    )
