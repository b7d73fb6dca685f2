"""Supervision statistics (督办统计): volumes and the closed-loop rates, by database aggregation.

Every figure is computed from ``tickets_visible(user, action="tickets.stats")``, so a district
supervisor sees their district and the hotline centre sees the city. The period selects
tickets by the day they were received (受理时间, local dates, both ends included).

Definitions (shown on the page too):
- on-time rate (按时办结率): closed tickets with a handling deadline, closed by that deadline
  (an approved extension moves the deadline); answered-at-once tickets have none.
- reply rate (答复率): tickets with a reply, over tickets received (merged ones excluded).
- satisfaction rate (满意率): 非常满意 + 满意 + 基本满意 over all ratings (one per round).
- reopen rate (重办率): tickets reopened at least once, over tickets ever closed.
- average handling time (平均办理用时): working days from 受理 to 办结, per the working-day
  calendar. Working days between two dates are W(end) − W(start), with W(d) the working days
  from a fixed day to d, so the average is Σ W(closing days) − Σ W(receiving days) over the
  count: the database groups by day, and workcal is asked once per distinct day, never once
  per ticket.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.permissions import require
from yiwang.tickets.models import (
    OPEN_STATUSES,
    Channel,
    Rating,
    RatingLevel,
    SlaState,
    Status,
    Ticket,
    TicketType,
)
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.workcal import workdays

STATS_ACTION = "tickets.stats"
MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 30
SATISFIED_LEVELS = (
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.BASICALLY_SATISFIED,
)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(self.value * 100, 1)


@dataclass(frozen=True)
class Row:
    key: Any
    label: str
    count: int


@dataclass
class DepartmentRow:
    department_id: int | None
    name: str
    received: int = 0
    closed: int = 0
    on_time: Rate = Rate(0, 0)
    replied: int = 0
    overdue: int = 0  # ever overdue (超期件数)
    open_overdue: int = 0
    reopened: int = 0
    satisfaction: Rate = Rate(0, 0)
    bad_reviews: int = 0
    avg_working_days: float | None = None
    reply_quality: float | None = None  # mean 答复质量 score of its scored replies


@dataclass(frozen=True)
class BadReviews:
    total: int
    rectified: int
    pending: int  # not rectified, deadline not yet passed
    overdue: int  # not rectified, deadline passed


@dataclass
class TicketStats:
    start: date
    end: date
    received: int
    merged: int
    closed: int
    answered_at_once: int
    open_now: int
    open_overdue: int
    on_time: Rate
    replied: Rate
    satisfaction: Rate
    reopen: Rate
    avg_working_days: float | None
    bad_reviews: BadReviews
    by_channel: list[Row] = field(default_factory=list)
    by_type: list[Row] = field(default_factory=list)
    by_category: list[Row] = field(default_factory=list)
    by_department: list[DepartmentRow] = field(default_factory=list)
    by_day: list[Row] = field(default_factory=list)
    by_rating: list[Row] = field(default_factory=list)


# --- the period --------------------------------------------------------------------------------


def default_period(today: date | None = None) -> tuple[date, date]:
    end = today or timezone.localdate()
    return end - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end


def check_period(start: date | None, end: date | None) -> tuple[date, date]:
    """Fill a missing end with today and a missing start with 30 days before the end;
    refuse a reversed or over-long period with field errors."""
    end = end or timezone.localdate()
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > end:
        raise InvalidInput(
            field_errors=[FieldError("start", _("开始日期不能晚于结束日期"), "period_order")]
        )
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(
            field_errors=[FieldError("start", _("统计期间不能超过 366 天"), "period_too_long")]
        )
    return start, end


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# --- the figures -------------------------------------------------------------------------------


def tickets_for_stats(*, user: Any, start: date, end: date) -> QuerySet[Ticket]:
    require(user, STATS_ACTION)
    return tickets_visible(user=user, action=STATS_ACTION).filter(
        created_at__gte=_local_midnight(start), created_at__lt=_local_midnight(end + timedelta(1))
    )


_CLOSED = Q(closed_at__isnull=False)
# 限时办理 only: tickets answered at once (即时办结) never reach a department
_HAS_DEADLINE = _CLOSED & Q(handle_deadline__isnull=False, lead_department__isnull=False)
_ON_TIME = _HAS_DEADLINE & Q(closed_at__lte=F("handle_deadline"))
_EVER_CLOSED = _CLOSED | Q(reopen_count__gt=0)
_OPEN = Q(status__in=OPEN_STATUSES)
_OPEN_OVERDUE = _OPEN & Q(sla_state=SlaState.OVERDUE)


def _counts(prefix: str = "") -> dict[str, Count]:
    """The conditional counts behind the summary and the department table."""
    return {
        f"{prefix}received": Count("pk"),
        f"{prefix}closed": Count("pk", filter=_CLOSED),
        f"{prefix}deadline": Count("pk", filter=_HAS_DEADLINE),
        f"{prefix}on_time": Count("pk", filter=_ON_TIME),
        f"{prefix}replied": Count("pk", filter=Q(replied_at__isnull=False)),
        f"{prefix}ever_closed": Count("pk", filter=_EVER_CLOSED),
        f"{prefix}reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        f"{prefix}overdue": Count("pk", filter=Q(overdue_at__isnull=False)),
        f"{prefix}open_overdue": Count("pk", filter=_OPEN_OVERDUE),
    }


def _working_day_totals(tickets: QuerySet[Ticket], group: str | None) -> dict[Any, tuple[int, int]]:
    """{group: (sum of working days from receipt to closing, number of tickets)}.

    Two GROUP BY queries (by receiving day, by closing day); workcal is asked once per
    distinct day. W(d) counts working days in (anchor, d] with the anchor on or before every
    day, so W(b) − W(a) is exactly working_days_between(a, b).
    """
    closed = tickets.filter(_CLOSED)
    keys = [group] if group else []
    grouped = {}
    for field_name in ("closed_at", "created_at"):
        grouped[field_name] = list(
            closed.annotate(day=TruncDate(field_name))
            .values(*keys, "day")
            .annotate(n=Count("pk"))
            .order_by()
        )
    days = {row["day"] for rows in grouped.values() for row in rows}
    if not days:
        return {}
    anchor = min(days)
    ordinal = {d: workdays.working_days_between(anchor, d) for d in days}
    sums: dict[Any, int] = defaultdict(int)
    counts: dict[Any, int] = defaultdict(int)
    for field_name, sign in (("closed_at", 1), ("created_at", -1)):
        for row in grouped[field_name]:
            key = row[group] if group else None
            sums[key] += sign * row["n"] * ordinal[row["day"]]
            if sign > 0:
                counts[key] += row["n"]
    return {key: (sums[key], counts[key]) for key in counts}


def _average(total: tuple[int, int] | None) -> float | None:
    if not total or not total[1]:
        return None
    return round(total[0] / total[1], 1)


def _rating_summary(ratings: QuerySet[Rating], now: datetime) -> tuple[Rate, BadReviews]:
    bad = Q(is_bad=True)
    unrectified = bad & Q(rectified_at__isnull=True)
    figures = ratings.aggregate(
        rated=Count("pk"),
        satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
        bad=Count("pk", filter=bad),
        rectified=Count("pk", filter=bad & Q(rectified_at__isnull=False)),
        late=Count("pk", filter=unrectified & Q(rectify_deadline__lt=now)),
    )
    late = figures["late"]
    return Rate(figures["satisfied"], figures["rated"]), BadReviews(
        total=figures["bad"],
        rectified=figures["rectified"],
        pending=figures["bad"] - figures["rectified"] - late,
        overdue=late,
    )


def _labelled(rows, key: str, labels: dict) -> list[Row]:
    out = [Row(r[key], str(labels.get(r[key], r[key] or "—")), r["n"]) for r in rows]
    return sorted(out, key=lambda r: (-r.count, r.label))


def _by_day(tickets: QuerySet[Ticket], start: date, end: date) -> list[Row]:
    counted = dict(
        tickets.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("day", "n")
    )
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [Row(d, d.isoformat(), counted.get(d, 0)) for d in days]


def _by_category(tickets: QuerySet[Ticket]) -> list[Row]:
    rows = tickets.values("category_id", "category__name", "category__parent__name").annotate(
        n=Count("pk")
    )
    out = []
    for r in rows.order_by():
        if r["category_id"] is None:
            label = str(_("未分类"))
        elif r["category__parent__name"]:
            label = f"{r['category__parent__name']} / {r['category__name']}"
        else:
            label = r["category__name"]
        out.append(Row(r["category_id"], label, r["n"]))
    return sorted(out, key=lambda r: (-r.count, r.label))


def _by_department(tickets: QuerySet[Ticket], ratings: QuerySet[Rating]) -> list[DepartmentRow]:
    """One row per lead department (主办); tickets not dispatched form their own row."""
    rows = (
        tickets.values("lead_department_id", "lead_department__name")
        .annotate(**_counts(), reply_quality=Avg("reply_assessment__overall"))
        .order_by()
    )
    rated = {
        r["ticket__lead_department_id"]: r
        for r in ratings.values("ticket__lead_department_id")
        .annotate(
            n=Count("pk"),
            satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
            bad=Count("pk", filter=Q(is_bad=True)),
        )
        .order_by()
    }
    days = _working_day_totals(tickets, "lead_department_id")
    out = []
    for r in rows:
        dept_id = r["lead_department_id"]
        rating = rated.get(dept_id, {})
        out.append(
            DepartmentRow(
                department_id=dept_id,
                name=r["lead_department__name"] or str(_("未派单（含即时办结）")),
                received=r["received"],
                closed=r["closed"],
                on_time=Rate(r["on_time"], r["deadline"]),
                replied=r["replied"],
                overdue=r["overdue"],
                open_overdue=r["open_overdue"],
                reopened=r["reopened"],
                satisfaction=Rate(rating.get("satisfied", 0), rating.get("n", 0)),
                bad_reviews=rating.get("bad", 0),
                avg_working_days=_average(days.get(dept_id)),
                reply_quality=None if r["reply_quality"] is None else round(r["reply_quality"], 1),
            )
        )
    # departments first by volume; the undispatched row last
    return sorted(out, key=lambda d: (d.department_id is None, -d.received, d.name))


def ticket_stats(
    *, user: Any, start: date | None = None, end: date | None = None, now: datetime | None = None
) -> TicketStats:
    """The supervision figures for the tickets ``user`` may see, received in [start, end]."""
    start, end = check_period(start, end)
    now = now or timezone.now()
    tickets = tickets_for_stats(user=user, start=start, end=end)
    live = tickets.exclude(status=Status.MERGED)
    summary = live.aggregate(
        **_counts(),
        answered_at_once=Count("pk", filter=_CLOSED & Q(lead_department__isnull=True)),
        open_now=Count("pk", filter=_OPEN),
    )
    merged = tickets.filter(status=Status.MERGED).count()
    ratings = Rating.objects.filter(ticket__in=live.values("pk"))
    satisfaction, bad_reviews = _rating_summary(ratings, now)
    levels = dict(
        ratings.values("level").annotate(n=Count("pk")).order_by().values_list("level", "n")
    )
    return TicketStats(
        start=start,
        end=end,
        received=summary["received"] + merged,
        merged=merged,
        closed=summary["closed"],
        answered_at_once=summary["answered_at_once"],
        open_now=summary["open_now"],
        open_overdue=summary["open_overdue"],
        on_time=Rate(summary["on_time"], summary["deadline"]),
        replied=Rate(summary["replied"], summary["received"]),
        satisfaction=satisfaction,
        reopen=Rate(summary["reopened"], summary["ever_closed"]),
        avg_working_days=_average(_working_day_totals(live, None).get(None)),
        bad_reviews=bad_reviews,
        by_channel=_labelled(
            tickets.values("channel").annotate(n=Count("pk")).order_by(),
            "channel",
            dict(Channel.choices),
        ),
        by_type=_labelled(
            tickets.values("ticket_type").annotate(n=Count("pk")).order_by(),
            "ticket_type",
            dict(TicketType.choices),
        ),
        by_category=_by_category(tickets),
        by_department=_by_department(live, ratings),
        by_day=_by_day(tickets, start, end),
        by_rating=[
            Row(level, str(label), levels.get(level, 0))
            for level, label in sorted(RatingLevel.choices, reverse=True)
        ],
    )
