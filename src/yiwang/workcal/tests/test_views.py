"""The calendar page of the staff workbench, with and without the right to edit."""

import re
from datetime import date

import pytest
from django.urls import reverse

from yiwang.accounts.models import User
from yiwang.workcal import workdays
from yiwang.workcal.models import SpecialDay, WorkSchedule

pytestmark = pytest.mark.django_db

URL = "/workbench/calendar/"


def test_the_url_name_is_the_one_the_navigation_uses():
    assert reverse("workcal:calendar") == URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    r = client.get(URL)
    assert r.status_code == 302 and "login" in r["Location"]


def test_citizens_may_not_see_the_workbench_calendar(client):
    citizen = User.objects.create_user("citizen1", "x", kind="citizen")
    client.force_login(citizen)
    assert client.get(URL).status_code == 403


def test_staff_see_the_month_with_holidays_and_adjusted_workdays(client, handler):
    client.force_login(handler)
    r = client.get(URL, {"year": 2025, "month": 10})
    assert r.status_code == 200
    html = r.content.decode()
    assert "国庆节" in html
    # 11 October 2025 is a Saturday worked; 1 October a holiday; both labelled for screen readers
    assert re.search(r"workcal-day--workday[^>]*>\s*<span class=\"workcal-num\">11<", html)
    assert re.search(r"workcal-day--holiday[^>]*>\s*<span class=\"workcal-num\">1<", html)
    assert "设置某一天" not in html, "the edit forms are for platform admins only"


def test_a_fallback_year_carries_a_visible_warning(client, handler):
    client.force_login(handler)
    html = client.get(URL, {"year": 2031}).content.decode()
    assert 'role="alert"' in html and "2031 年尚未加载节假日安排" in html
    html = client.get(URL, {"year": 2025}).content.decode()
    assert "2025 年尚未加载节假日安排" not in html


def test_english_interface(client, handler):
    client.force_login(handler)
    html = client.get(URL, {"year": 2031}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "are not loaded; working days are counted by weekends only" in html


def test_platform_admin_sets_a_day_without_javascript(client, platform_admin):
    client.force_login(platform_admin)
    assert "设置某一天" in client.get(URL).content.decode()
    r = client.post(
        reverse("workcal:day_set"),
        {"date": "2025-09-29", "kind": "holiday", "name": "台风停工"},
    )
    assert r.status_code == 302 and "month=9" in r["Location"]
    assert not workdays.is_working_day(date(2025, 9, 29))
    page = client.get(r["Location"]).content.decode()
    assert "台风停工" in page


def test_a_bad_day_form_shows_the_error_next_to_the_field(client, platform_admin):
    client.force_login(platform_admin)
    r = client.post(reverse("workcal:day_set"), {"date": "2025-09-29", "kind": "workday"})
    assert r.status_code == 200  # the page again, with the error
    assert "调休上班日应为周六或周日" in r.content.decode()
    assert not SpecialDay.objects.filter(date=date(2025, 9, 29)).exists()


def test_handlers_cannot_post_edits(client, handler):
    client.force_login(handler)
    r = client.post(reverse("workcal:day_set"), {"date": "2025-09-29", "kind": "holiday"})
    assert r.status_code == 403


def test_upload_a_year_and_see_every_bad_row(client, platform_admin, tmp_path):
    client.force_login(platform_admin)
    bad = tmp_path / "2031.csv"
    bad.write_text("日期,类型\n2031-10-01,节假日\n2031-10-32,节假日\n2031-10-06,调休上班\n")
    with bad.open("rb") as f:
        r = client.post(reverse("workcal:import"), {"file": f})
    assert r.status_code == 200
    html = r.content.decode()
    assert "文件未导入：发现 2 处错误" in html
    assert "2031-10-32" in html and "An adjusted workday must be a Saturday or Sunday" in html
    assert workdays.year_status(2031).is_fallback

    good = tmp_path / "2031-ok.csv"
    good.write_text("日期,类型\n2031-10-01,节假日\n2031-10-11,调休上班\n")
    with good.open("rb") as f:
        r = client.post(reverse("workcal:import"), {"file": f})
    assert r.status_code == 302
    assert not workdays.year_status(2031).is_fallback


def test_working_hours_form(client, platform_admin):
    client.force_login(platform_admin)
    version = WorkSchedule.objects.get(is_active=True).version
    data = {
        "morning_start": "08:30",
        "morning_end": "12:00",
        "afternoon_start": "14:00",
        "afternoon_end": "17:30",
        "version": version,
    }
    assert client.post(reverse("workcal:hours"), data).status_code == 302
    assert str(WorkSchedule.objects.get(is_active=True)) == "08:30–12:00, 14:00–17:30"
    stale = client.post(reverse("workcal:hours"), data)  # the version the form showed is old
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()


def test_mark_a_hand_entered_year_complete(client, platform_admin):
    client.force_login(platform_admin)
    r = client.post(reverse("workcal:year_complete"), {"year": 2031, "complete": "on"})
    assert r.status_code == 302
    assert not workdays.year_status(2031).is_fallback


def test_export_download(client, handler):
    client.force_login(handler)
    r = client.get(reverse("workcal:export", args=[2026]), {"format": "csv"})
    assert r.status_code == 200 and "workcal-2026.csv" in r["Content-Disposition"]
    assert "2026-10-10,调休上班,国庆节" in r.content.decode("utf-8-sig")
