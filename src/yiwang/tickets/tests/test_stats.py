"""Supervision statistics: the figures on a small, hand-checked fixture around the 2025
National Day holiday, who sees which tickets, the page and the Excel export."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.org.models import Role, Scope
from yiwang.org.tests.factories import staff
from yiwang.tickets import services
from yiwang.tickets.models import Rating, SlaState, Ticket
from yiwang.tickets.selectors.stats import ticket_stats
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
START, END = date(2025, 9, 29), date(2025, 9, 30)
PAGE = reverse("tickets:stats")
EXPORT = reverse("tickets:stats_export")


def at(day: str, hm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=SH)


def _set(ticket: Ticket, **fields) -> None:
    # fixture timestamps: the services stamp "now"; the figures need known dates
    Ticket.objects.filter(pk=ticket.pk).update(**fields)


def _closed(w, *, lead, level=None, handler=None) -> Ticket:
    t = services.ticket_dispatch(actor=w.dispatcher, ticket=phone_request(w), lead_department=lead)
    t = services.ticket_sign(actor=handler or w.east_handler, ticket=t)
    t = services.ticket_reply(actor=handler or w.east_handler, ticket=t, text="已处理完毕。")
    t = services.ticket_review(actor=w.dispatcher, ticket=t, accept=True)
    if level is not None:
        t = services.ticket_rate(actor=w.operator, ticket=t, level=level, channel="phone")
    return t


@pytest.fixture
def fixture():
    """Six tickets received on 29–30 Sep 2025 (one more after the period):

    t1 east, received 09-30, closed 10-09 (1 working day: 10-01..10-08 is the holiday), on
       time, rated 非常满意.
    t2 east, received 09-29, closed 10-10 (3 working days), after its deadline, rated 不满意
       (bad review, rectified).
    t3 west, in progress and overdue.
    t4 east, closed, rated 非常不满意 (bad review, rectification overdue), reopened.
    t5 web, answered at once on 10-08 (0 working days), no handling deadline.
    t7 a repeat complaint merged into t3.
    t6 east, received 10-02: outside the period.
    """
    w = world()
    t1 = _closed(w, lead=w.east, level=5)
    _set(t1, created_at=at("2025-09-30"), dispatched_at=at("2025-09-30", "10:10"),
         handle_deadline=at("2025-10-14", "17:30"), replied_at=at("2025-10-09", "14:00"),
         closed_at=at("2025-10-09", "15:00"))  # fmt: skip
    t2 = _closed(w, lead=w.east, level=2)
    _set(t2, created_at=at("2025-09-29", "09:30"), handle_deadline=at("2025-10-09", "17:30"),
         closed_at=at("2025-10-10", "16:00"))  # fmt: skip
    Rating.objects.filter(ticket=t2).update(rectified_at=at("2025-10-13"))
    t3 = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.west
    )
    _set(t3, created_at=at("2025-09-30"), sla_state=SlaState.OVERDUE, overdue_at=at("2025-10-01"))
    t4 = _closed(w, lead=w.east, level=1)
    Rating.objects.filter(ticket=t4).update(rectify_deadline=timezone.now() - timedelta(days=1))
    t4 = services.ticket_reopen(actor=w.dispatcher, ticket=t4, reason="诉求人不满意")
    _set(t4, created_at=at("2025-09-30", "11:00"))
    t5 = services.ticket_answer_now(actor=w.operator, ticket=citizen_request(w), answer="已答复。")
    _set(t5, created_at=at("2025-09-30", "16:00"), closed_at=at("2025-10-08", "09:00"))
    t6 = _closed(w, lead=w.east, level=5)
    _set(t6, created_at=at("2025-10-02"), closed_at=at("2025-10-09"))
    t7 = services.ticket_merge(actor=w.dispatcher, ticket=phone_request(w), into=t3)
    _set(t7, created_at=at("2025-09-29", "12:00"))
    return w


def test_figures_on_the_fixture(fixture):
    s = ticket_stats(user=fixture.dispatcher, start=START, end=END)
    assert (s.received, s.merged, s.closed, s.answered_at_once) == (6, 1, 3, 1)
    assert (s.open_now, s.open_overdue) == (2, 1)
    assert (s.on_time.numerator, s.on_time.denominator) == (1, 2)  # t5 has no deadline
    assert (s.replied.numerator, s.replied.denominator) == (4, 5)  # t4 was replied before
    assert (s.satisfaction.numerator, s.satisfaction.denominator) == (1, 3)
    assert (s.reopen.numerator, s.reopen.denominator) == (1, 4)
    assert (s.bad_reviews.total, s.bad_reviews.rectified) == (2, 1)
    assert (s.bad_reviews.pending, s.bad_reviews.overdue) == (0, 1)
    # working days across the National Day holiday: (1 + 3 + 0) / 3, not calendar days
    assert s.avg_working_days == 1.3
    assert [(r.label, r.count) for r in s.by_day] == [("2025-09-29", 2), ("2025-09-30", 4)]
    assert {r.key: r.count for r in s.by_channel} == {"phone": 5, "web": 1}
    assert {r.key: r.count for r in s.by_rating} == {5: 1, 4: 0, 3: 0, 2: 1, 1: 1}
    rows = {d.department_id: d for d in s.by_department}
    east = rows[fixture.east.pk]
    assert (east.received, east.closed, east.reopened, east.bad_reviews) == (3, 2, 1, 2)
    assert (east.on_time.numerator, east.on_time.denominator) == (1, 2)
    assert east.avg_working_days == 2.0
    assert (rows[fixture.west.pk].received, rows[fixture.west.pk].open_overdue) == (1, 1)
    assert rows[None].received == 1 and s.by_department[-1].department_id is None


def test_each_supervisor_sees_their_own_scope(fixture):
    east_supervisor = staff("east-sup", fixture.east, (Role.SUPERVISOR, Scope.SUBTREE))
    s = ticket_stats(user=east_supervisor, start=START, end=END)
    assert s.received == 3
    assert {d.department_id for d in s.by_department} == {fixture.east.pk}
    # the city supervisor reaches every dispatched ticket, not the undispatched ones
    city = ticket_stats(user=fixture.supervisor, start=START, end=END)
    assert city.received == 4 and city.answered_at_once == 0
    with pytest.raises(PermissionDenied):
        ticket_stats(user=fixture.east_handler, start=START, end=END)


def test_period_is_checked():
    w = world()
    with pytest.raises(InvalidInput):
        ticket_stats(user=w.dispatcher, start=END, end=START)
    with pytest.raises(InvalidInput):
        ticket_stats(user=w.dispatcher, start=date(2024, 1, 1), end=date(2025, 6, 1))


def test_page_shows_figures_tables_and_chart_data(client, fixture):
    client.force_login(fixture.dispatcher)
    response = client.get(PAGE, {"start": "2025-09-29", "end": "2025-09-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "50.0%（1/2）" in html and "33.3%（1/3）" in html  # on-time, satisfaction
    assert fixture.east.name in html and "vendor/echarts.min.js" in html
    data = json.loads(re.search(r'id="stats-chart-data"[^>]*>(.*?)</script>', html, re.S)[1])
    assert data["day"]["series"][0]["data"] == [2, 4]
    assert {"channel", "category", "department", "rating"} <= set(data)
    # the navigation links here for people allowed to see it
    assert f'href="{PAGE}"' in html


def test_page_refuses_handlers_and_sends_visitors_to_login(client):
    w = world()
    assert client.get(PAGE).status_code == 302
    client.force_login(w.east_handler)
    assert client.get(PAGE).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_bad_period_is_a_form_error_not_a_crash(client):
    w = world()
    client.force_login(w.dispatcher)
    response = client.get(PAGE, {"start": "2025-10-01", "end": "2025-09-01"})
    assert response.status_code == 200
    assert "开始日期不能晚于结束日期" in response.content.decode()
    response = client.get(PAGE, {"start": "not-a-date"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_default_period_is_the_last_30_days(client):
    w = world()
    phone_request(w)
    client.force_login(w.dispatcher)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["stats"].received == 1
    assert response.context["stats"].end == timezone.localdate()


def test_excel_export_has_every_table(client, fixture):
    client.force_login(fixture.dispatcher)
    response = client.get(EXPORT, {"start": "2025-09-29", "end": "2025-09-30"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "tickets-stats-20250929-20250930.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "总体情况", "按来源渠道", "按诉求类型", "按诉求分类", "按主办部门", "按日受理量",
        "评价等级",
    ]  # fmt: skip
    summary = {row[0]: row[1] for row in book["总体情况"].iter_rows(min_row=3, values_only=True)}
    assert summary["受理总量"] == 6 and summary["按时办结率"] == 0.5
    assert summary["平均办理用时（工作日）"] == 1.3
    days = list(book["按日受理量"].iter_rows(min_row=3, values_only=True))
    assert days == [("2025-09-29", 2), ("2025-09-30", 4)]


def test_page_in_english(client):
    w = world()
    client.force_login(w.dispatcher)
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "On-time rate" in html and "Received per day" in html
