"""The staff inboxes (待派单, 待签收, 办理中, 即将超期, 已超期, 待审核, 督办 ...): each a filter
over ``tickets_visible``, counted in one query for the side menu."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Case, Count, DateTimeField, Exists, F, OuterRef, Q, QuerySet, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Department, Role
from yiwang.org.permissions import has_role, is_platform_admin, scope_queryset
from yiwang.tickets import sla
from yiwang.tickets.models import (
    OPEN_STATUSES,
    Category,
    ExtensionRequest,
    ExtensionStatus,
    PartyRole,
    SlaState,
    Status,
    Ticket,
    TicketEvent,
    TicketParty,
)
from yiwang.tickets.selectors.visibility import tickets_visible

R = Role
_HANDLING = frozenset({R.HANDLER, R.DEPARTMENT_ADMIN})
_WATCHING = frozenset({R.DISPATCHER, R.SUPERVISOR}) | _HANDLING
_EVERY_STAFF = frozenset(Role.values)


@dataclass(frozen=True)
class Inbox:
    key: str
    label: Promise
    roles: frozenset[str]  # who finds this box in their menu
    # narrow to tickets whose *current* department the viewer reaches: the box is about what
    # the viewer must act on, not everything they may look at (a co-handler sees it under 协办)
    responsible: bool = True
    by_deadline: bool = False  # most urgent first instead of newest first
    description: Promise | str = ""


INBOXES: tuple[Inbox, ...] = (
    Inbox("pending_dispatch", _("待派单"), frozenset({R.OPERATOR, R.DISPATCHER}), False,
          description=_("已受理、尚未派往承办部门的工单")),
    Inbox("pending_sign", _("待签收"), _WATCHING, by_deadline=True,
          description=_("已派单、等待承办部门签收的工单")),
    Inbox("in_progress", _("办理中"), _WATCHING, by_deadline=True,
          description=_("已签收、正在办理的工单")),
    Inbox("warning", _("即将超期"), _WATCHING, by_deadline=True,
          description=_("已用去时限 75% 以上的工单")),
    Inbox("overdue", _("已超期"), _WATCHING, by_deadline=True,
          description=_("已超过签收或办理时限的工单")),
    Inbox("review", _("待审核"), _WATCHING,
          description=_("待审核的答复、退单申请和延期申请")),
    Inbox("supervised", _("督办"), _WATCHING, by_deadline=True,
          description=_("督办中或被催办的工单")),
    Inbox("co_handling", _("协办"), _HANDLING, False,
          description=_("本部门作为协办单位、尚未提交协办意见的工单")),
    Inbox("follow_up", _("待回访"), frozenset({R.OPERATOR, R.DISPATCHER}), False,
          description=_("已办结、等待回访诉求人的工单")),
    Inbox("mine", _("我的已办"), _EVERY_STAFF, False,
          description=_("我经手处理过的工单")),
    Inbox("all", _("全部工单"), _EVERY_STAFF, False,
          description=_("我有权查看的全部工单")),
)  # fmt: skip
INBOX_BY_KEY = {box.key: box for box in INBOXES}

_OPEN = list(OPEN_STATUSES)
_HANDLE_PHASE = list(sla.HANDLE_PHASE)


def inboxes_for(user: Any) -> list[Inbox]:
    """The boxes in this person's menu, by the roles they hold."""
    if is_platform_admin(user):
        return list(INBOXES)
    return [box for box in INBOXES if has_role(user, *box.roles)]


def due_at_expression() -> Case:
    """The deadline of the phase the ticket is in: signing, then handling."""
    return Case(
        When(status=Status.PENDING_SIGN, then=F("sign_deadline")),
        When(status__in=_HANDLE_PHASE, then=F("handle_deadline")),
        default=None,
        output_field=DateTimeField(),
    )


def _overdue_now(now: datetime) -> Q:
    # the sweep marks overdue tickets; a deadline passed since its last run counts too
    return Q(status__in=_OPEN) & (
        Q(sla_state=SlaState.OVERDUE)
        | Q(status=Status.PENDING_SIGN, sign_deadline__lt=now)
        | Q(status__in=_HANDLE_PHASE, handle_deadline__lt=now)
    )


def _box_condition(key: str, user: Any, now: datetime) -> Q:
    if key == "pending_dispatch":
        return Q(status=Status.PENDING_DISPATCH)
    if key == "pending_sign":
        return Q(status=Status.PENDING_SIGN)
    if key == "in_progress":
        return Q(status=Status.IN_PROGRESS)
    if key == "warning":
        return Q(status__in=_OPEN, sla_state=SlaState.WARNING) & ~_overdue_now(now)
    if key == "overdue":
        return _overdue_now(now)
    if key == "review":
        pending_extension = ExtensionRequest.objects.filter(
            ticket=OuterRef("pk"), status=ExtensionStatus.PENDING
        )
        return Q(status__in=[Status.PENDING_REVIEW, Status.RETURN_REQUESTED]) | (
            Q(status__in=_OPEN) & Exists(pending_extension)
        )
    if key == "supervised":
        return Q(status__in=_OPEN) & (Q(supervised=True) | Q(urge_count__gt=0))
    if key == "co_handling":
        parties = scope_queryset(
            user, "tickets.co_opinion",
            TicketParty.objects.filter(role=PartyRole.CO, is_active=True, opinion=""),
            department_field="department",
        ).filter(ticket=OuterRef("pk"))  # fmt: skip
        return Q(status__in=[Status.PENDING_SIGN, Status.IN_PROGRESS]) & Exists(parties)
    if key == "follow_up":
        return Q(status=Status.CLOSED)
    if key == "mine":
        return Exists(TicketEvent.objects.filter(ticket=OuterRef("pk"), actor=user))
    return Q()  # "all"


def _responsible_condition(user: Any) -> Q | None:
    """Tickets whose current department the viewer reaches; None when that is every ticket."""
    everything = Ticket.objects.all()
    reached = scope_queryset(
        user, "tickets.view", everything, department_field="current_department"
    )
    if reached is everything:
        return None
    return Q(pk__in=reached.values("pk"))


def box_condition(box: Inbox, user: Any, now: datetime | None = None) -> Q:
    now = now or timezone.now()
    condition = _box_condition(box.key, user, now)
    if box.responsible:
        responsible = _responsible_condition(user)
        if responsible is not None:
            condition &= responsible
    return condition


def inbox_counts(*, user: Any, boxes: list[Inbox] | None = None) -> dict[str, int]:
    """How many tickets wait in each box, in one query."""
    boxes = inboxes_for(user) if boxes is None else boxes
    if not boxes:
        return {}
    now = timezone.now()
    aggregates = {
        box.key: Count("pk", filter=box_condition(box, user, now)) if box.key != "all"
        else Count("pk")
        for box in boxes
    }  # fmt: skip
    return tickets_visible(user=user).aggregate(**aggregates)


@dataclass
class InboxFilters:
    q: str = ""
    category: Category | None = None
    department: Department | None = None
    channel: str = ""
    ticket_type: str = ""
    status: str = ""
    sla_state: str = ""
    region: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""  # "due", "new", "old"; empty: the box's own order

    def as_dict(self) -> dict[str, Any]:
        return {
            "q": self.q, "category": self.category.code if self.category else "",
            "department": self.department.name if self.department else "",
            "channel": self.channel, "ticket_type": self.ticket_type, "status": self.status,
            "sla_state": self.sla_state, "region": self.region,
            "date_from": self.date_from or "", "date_to": self.date_to or "",
        }  # fmt: skip


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def apply_filters(queryset: QuerySet[Ticket], filters: InboxFilters) -> QuerySet[Ticket]:
    f = filters
    if f.q:
        text = f.q.strip()
        queryset = queryset.filter(
            Q(case_number__icontains=text)
            | Q(subject__icontains=text)
            | Q(description__icontains=text)
        )
    if f.category is not None:
        queryset = queryset.filter(category__path__startswith=f.category.path)
    if f.department is not None:
        path = f.department.path
        queryset = queryset.filter(
            Q(current_department__path__startswith=path) | Q(lead_department__path__startswith=path)
        )
    if f.channel:
        queryset = queryset.filter(channel=f.channel)
    if f.ticket_type:
        queryset = queryset.filter(ticket_type=f.ticket_type)
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.sla_state == SlaState.OVERDUE:
        queryset = queryset.filter(_overdue_now(timezone.now()))
    elif f.sla_state:
        queryset = queryset.filter(sla_state=f.sla_state).exclude(_overdue_now(timezone.now()))
    if f.region:
        queryset = queryset.filter(region_code__startswith=f.region)
    if f.date_from:
        queryset = queryset.filter(created_at__gte=_local_start(f.date_from))
    if f.date_to:
        queryset = queryset.filter(created_at__lt=_local_start(f.date_to + timedelta(days=1)))
    return queryset


def inbox_tickets(
    *, user: Any, box: Inbox, filters: InboxFilters | None = None
) -> QuerySet[Ticket]:
    """The tickets of one box for this viewer, filtered and ordered, ready to paginate."""
    filters = filters or InboxFilters()
    queryset = tickets_visible(user=user)
    if box.key != "all":
        queryset = queryset.filter(box_condition(box, user))
    queryset = apply_filters(queryset, filters).annotate(due_at=due_at_expression())
    sort = filters.sort or ("due" if box.by_deadline else "new")
    if sort == "due":
        order = [F("due_at").asc(nulls_last=True), "created_at", "pk"]
    elif sort == "old":
        order = ["created_at", "pk"]
    else:
        order = ["-created_at", "-pk"]
    return queryset.select_related(
        "category", "current_department", "current_assignee", "lead_department"
    ).order_by(*order)


@dataclass(frozen=True)
class Countdown:
    """What the deadline column says: a state (never shown by colour alone) and the time."""

    state: str  # "ok", "warning", "overdue", "none"
    label: Promise | str
    remaining: str  # "剩余 2 天 3 小时" / "超期 5 小时" / ""
    deadline: datetime | None


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return str(_("%(days)d 天 %(hours)d 小时") % {"days": days, "hours": hours})
    if hours:
        return str(_("%(hours)d 小时 %(minutes)d 分") % {"hours": hours, "minutes": mins})
    return str(_("%(minutes)d 分钟") % {"minutes": mins})


def _deadline_of(ticket: Ticket) -> datetime | None:
    if hasattr(ticket, "due_at"):  # annotated by inbox_tickets
        return ticket.due_at
    if ticket.status == Status.PENDING_SIGN:
        return ticket.sign_deadline
    if ticket.status in sla.HANDLE_PHASE:
        return ticket.handle_deadline
    return None


def countdown(ticket: Ticket, now: datetime | None = None) -> Countdown:
    """Time left in the current phase. Overdue is read from the clock, so a late sweep never
    shows a passed deadline as fine; "warning" is the sweep's 75% (in working time)."""
    now = now or timezone.now()
    deadline = _deadline_of(ticket)
    if deadline is None or ticket.status not in OPEN_STATUSES:
        return Countdown("none", "", "", None)
    left = deadline - now
    if left <= timedelta(0):
        late = str(_("已超期 %(span)s") % {"span": _span(left)})
        return Countdown("overdue", _("已超期"), late, deadline)
    remaining = str(_("剩余 %(span)s") % {"span": _span(left)})
    if ticket.sla_state == SlaState.WARNING:
        return Countdown("warning", _("即将超期"), remaining, deadline)
    return Countdown("ok", _("正常"), remaining, deadline)
