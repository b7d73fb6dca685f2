# ruff: noqa: E501 — scenario steps read best on one line
"""The working-day clock: from acceptance, paused by 补正 and by special steps that do not
count, across holidays; warnings and overdue flags from the sweep; step timers."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from yiwang.approvals.models import ApplicationStatus, ClockPause
from yiwang.approvals.services.applications import application_resubmit, application_submit
from yiwang.approvals.services.clock import special_step_end, special_step_start
from yiwang.approvals.services.sweep import clock_sweep
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests.engine_support import open_tasks, town
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.notify.models import Notification
from yiwang.workcal import workdays

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def step(t, application, bpmn_id, decision, **extra):
    application.refresh_from_db()
    task = open_tasks(application)[bpmn_id]
    return task_complete(actor=t.handlers["scjgj"], task=task, decision=decision,
                         opinion=extra.pop("opinion", "意见"),
                         expected_version=application.version, **extra)  # fmt: skip


def test_the_limit_runs_in_working_days_from_acceptance_across_national_day():
    t = town()  # item: promised 5 working days
    with freeze_time(at("2025-09-29 10:00")):
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        assert application.due_date is None  # not accepted yet: no clock
    with freeze_time(at("2025-09-30 10:00")):
        step(t, application, "accept", "accept")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
    # 2025-09-30 + 5 working days skips the National Day holidays (10-01..10-08)
    assert application.due_date == workdays.add_working_days(date(2025, 9, 30), 5)
    assert application.due_date == date(2025, 10, 14)  # 10-11 (Saturday) is a workday
    assert Notification.objects.filter(recipient=t.citizen, event="approvals.accepted").exists()


def test_return_for_correction_gives_one_notice_and_pauses_the_clock():
    t = town()
    with freeze_time(at("2026-03-02 09:00")):  # Monday
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        step(t, application, "accept", "accept")
    application.refresh_from_db()
    due = application.due_date
    assert due == date(2026, 3, 9)
    with freeze_time(at("2026-03-03 10:00")):
        with pytest.raises(InvalidInput):  # a return without the list is refused
            step(t, application, "review", "return", notice=[])
        step(t, application, "review", "return", opinion="材料不全", notice=[
            {"item": "营业执照", "reason": "已过期"}, {"item": "广告设计图", "reason": "缺少尺寸"},
        ])  # fmt: skip
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION and application.is_paused
    assert [i["item"] for i in application.correction_notice["items"]] == ["营业执照", "广告设计图"]
    told = Notification.objects.get(recipient=t.citizen, event="approvals.returned")
    assert "营业执照" in told.body and "广告设计图" in told.body  # one notice, every item
    assert not open_tasks(application)  # the review waits for the applicant
    with freeze_time(at("2026-03-20 10:00")):  # a sweep while paused flags nothing
        assert clock_sweep()["overdue"] == 0
    with freeze_time(at("2026-03-06 15:00")):  # Friday: 3 working days later
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version,
                                           form_data={"note": "已补正"})  # fmt: skip
    assert application.status == ApplicationStatus.IN_PROGRESS and not application.is_paused
    assert application.paused_days == 3
    assert application.due_date == workdays.add_working_days(due, 3) == date(2026, 3, 12)
    assert set(open_tasks(application)) == {"review"}
    pause = ClockPause.objects.get(application=application)
    assert (pause.kind, pause.working_days) == ("correction", 3)


def test_correction_before_acceptance_keeps_the_clock_unstarted():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    step(t, application, "accept", "return", notice=["身份证明"])
    application.refresh_from_db()
    assert application.due_date is None and application.status == ApplicationStatus.CORRECTION
    with pytest.raises(PermissionDenied):
        application_resubmit(actor=t.handlers["scjgj"], application=application,
                             expected_version=application.version)  # fmt: skip
    application = application_resubmit(actor=t.citizen, application=application,
                                       expected_version=application.version)  # fmt: skip
    assert application.status == ApplicationStatus.SUBMITTED
    assert set(open_tasks(application)) == {"accept"}


def test_special_steps_pause_only_when_they_do_not_count():
    t = town()
    with freeze_time(at("2026-09-28 09:00")):  # Monday before National Day 2026
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        step(t, application, "accept", "accept")
    application.refresh_from_db()
    due = application.due_date
    assert due == workdays.add_working_days(date(2026, 9, 28), 5)
    expert, site = t.item.special_steps.order_by("sort_order", "pk")
    handler = t.handlers["scjgj"]
    with freeze_time(at("2026-09-29 09:00")):
        application = special_step_start(
            actor=handler, application=application, name=site.name,
            counts_toward_limit=site.counts_toward_limit, expected_version=application.version,
        )  # fmt: skip
        assert not application.is_paused  # 现场核查 counts toward the limit
    with freeze_time(at("2026-09-30 09:00")):
        application = special_step_end(actor=handler, application=application,
                                       expected_version=application.version)  # fmt: skip
        assert application.due_date == due
        with pytest.raises(Conflict):  # stale version
            special_step_start(actor=handler, application=application, name=expert.name,
                               counts_toward_limit=False, expected_version=application.version - 1)  # fmt: skip
        application = special_step_start(
            actor=handler, application=application, name=expert.name,
            counts_toward_limit=expert.counts_toward_limit, expected_version=application.version,
        )  # fmt: skip
        assert application.is_paused
    with freeze_time(at("2026-10-12 09:00")):  # after the holidays: 10-09 and 10-12 worked
        application = special_step_end(actor=handler, application=application,
                                       expected_version=application.version)  # fmt: skip
    paused = workdays.working_days_between(date(2026, 9, 30), date(2026, 10, 12))
    assert application.paused_days == paused
    assert application.due_date == workdays.add_working_days(due, paused)
    with pytest.raises(PermissionDenied):
        special_step_start(actor=t.handlers["gaj"], application=application, name="听证",
                           counts_toward_limit=False, expected_version=application.version)  # fmt: skip


def test_sweep_warns_then_flags_overdue_once_and_tells_the_department():
    t = town()
    with freeze_time(at("2026-03-02 09:00")):
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        step(t, application, "accept", "accept")
    application.refresh_from_db()
    assert application.due_date == date(2026, 3, 9)
    with freeze_time(at("2026-03-04 18:00")):
        assert clock_sweep()["warned"] == 0  # 3 working days left
    with freeze_time(at("2026-03-05 18:00")):
        first = clock_sweep()
        again = clock_sweep()
    assert (first["warned"], again["warned"]) == (1, 0)
    handler = t.handlers["scjgj"]
    assert (
        Notification.objects.filter(recipient=handler, event="approvals.clock_warning").count() == 1
    )
    with freeze_time(at("2026-03-10 09:00")):
        assert clock_sweep()["overdue"] == 1
        assert clock_sweep()["overdue"] == 0
    application.refresh_from_db()
    assert application.overdue_at is not None and application.warned_at is not None
    assert (
        Notification.objects.filter(recipient=handler, event="approvals.clock_overdue").count() == 1
    )


def test_a_step_timer_fires_on_working_days_and_warns_its_department():
    t = town()  # single_department: 审查 has a 5-working-day boundary timer
    with freeze_time(at("2026-09-28 10:00")):
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        step(t, application, "accept", "accept")
    application.refresh_from_db()
    review = open_tasks(application)["review"]
    # 5 working days from Monday 2026-09-28, across National Day, end on Saturday 2026-10-10
    # (an adjusted workday)
    assert timezone.localtime(review.due_at).date() == date(2026, 10, 10)
    assert timezone.localtime(application.timer_next_at).date() == date(2026, 10, 10)
    with freeze_time(at("2026-10-09 12:00")):  # calendar days passed, working days did not
        assert clock_sweep()["step_timers"] == 0
    with freeze_time(at("2026-10-11 09:00")):
        assert clock_sweep()["step_timers"] == 1
        assert clock_sweep()["step_timers"] == 0
    review.refresh_from_db()
    assert review.warned_at is not None and review.status == "open"
    assert Notification.objects.filter(recipient=t.handlers["scjgj"],
                                       event="approvals.step_overdue").count() == 1  # fmt: skip
    step(t, application, "review", "approve")  # the process goes on after the warning
    application.refresh_from_db()
    assert set(open_tasks(application)) == {"decide"}
