# ruff: noqa: E501 — the BPMN fixture reads best on one line per element
"""补正 in joint review (联审联办): one department returns, the others keep reviewing and their
decisions stand; a second return joins the same notice; one pause; on resubmission only the
returning departments look again, their step limits moved on by the paused working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from yiwang.approvals.models import ApplicationStatus, ClockPause, Outcome
from yiwang.approvals.services.applications import application_resubmit, application_submit
from yiwang.approvals.services.definitions import definition_upload
from yiwang.approvals.services.sweep import clock_sweep
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests.engine_support import open_tasks, town
from yiwang.notify.models import Notification
from yiwang.workcal import workdays

pytestmark = pytest.mark.django_db

JOINT = """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
 <bpmn:process id="joint_review" name="联合审查" isExecutable="true">
  <bpmn:startEvent id="s"/>
  <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><camunda:properties><camunda:property name="step" value="accept"/></camunda:properties></bpmn:extensionElements></bpmn:userTask>
  <bpmn:parallelGateway id="fork"/>
  <bpmn:userTask id="market" name="市场监管审查" camunda:candidateGroups="市场监管局:handler"/>
  <bpmn:userTask id="police" name="公安审查" camunda:candidateGroups="公安局:handler"/>
  <bpmn:userTask id="tax" name="税务审查" camunda:candidateGroups="税务局:handler"/>
  <bpmn:boundaryEvent id="police_limit" attachedToRef="police" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:endEvent id="police_late"/>
  <bpmn:parallelGateway id="join"/>
  <bpmn:userTask id="decide" name="决定"><bpmn:extensionElements><camunda:properties><camunda:property name="step" value="decide"/></camunda:properties></bpmn:extensionElements></bpmn:userTask>
  <bpmn:endEvent id="e"/>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="accept"/>
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="fork"/>
  <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="market"/>
  <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="police"/>
  <bpmn:sequenceFlow id="f5" sourceRef="fork" targetRef="tax"/>
  <bpmn:sequenceFlow id="f6" sourceRef="market" targetRef="join"/>
  <bpmn:sequenceFlow id="f7" sourceRef="police" targetRef="join"/>
  <bpmn:sequenceFlow id="f8" sourceRef="tax" targetRef="join"/>
  <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="decide"/>
  <bpmn:sequenceFlow id="f10" sourceRef="decide" targetRef="e"/>
  <bpmn:sequenceFlow id="f11" sourceRef="police_limit" targetRef="police_late"/>
 </bpmn:process>
</bpmn:definitions>"""

WORKER = {"accept": "scjgj", "market": "scjgj", "police": "gaj", "tax": "tax", "decide": "scjgj"}


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def act(t, application, bpmn_id, decision="approve", **extra):
    application.refresh_from_db()
    task = open_tasks(application)[bpmn_id]
    return task_complete(actor=t.handlers[WORKER[bpmn_id]], task=task, decision=decision,
                         opinion=extra.pop("opinion", "意见"),
                         expected_version=application.version, **extra)  # fmt: skip


def in_joint_review(t):
    """Submitted and accepted on Monday 2026-03-02 09:00: three departments reviewing."""
    definition_upload(actor=None, bpmn_xml=JOINT)
    t.item.process_key = "joint_review"
    t.item.save(update_fields=["process_key"])
    with freeze_time(at("2026-03-02 09:00")):
        application = application_submit(actor=t.citizen, item=t.item, form_data={})
        act(t, application, "accept", "accept")
    application.refresh_from_db()
    assert set(open_tasks(application)) == {"market", "police", "tax"}
    return application


def test_others_keep_reviewing_a_second_return_joins_the_notice_and_only_returners_reopen():
    t = town()
    application = in_joint_review(t)
    due = application.due_date
    with freeze_time(at("2026-03-03 10:00")):  # Tuesday: the police return
        act(
            t,
            application,
            "police",
            "return",
            notice=[{"item": "消防安全承诺书", "reason": "未签字"}],
        )
        application.refresh_from_db()
        assert application.status == ApplicationStatus.CORRECTION and application.is_paused
        assert set(open_tasks(application)) == {"market", "tax"}  # the others keep reviewing
        act(t, application, "market", "approve")  # and their decision stands
        act(
            t, application, "tax", "return", notice=[{"item": "银行开户信息", "reason": "账号缺位"}]
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION
    notice = application.correction_notice
    assert [(i["department"], i["item"]) for i in notice["items"]] == [
        (t.departments["gaj"].name, "消防安全承诺书"), (t.departments["tax"].name, "银行开户信息")]  # fmt: skip
    assert [r["task"] for r in notice["returns"]] == ["公安审查", "税务审查"]
    assert ClockPause.objects.filter(application=application).count() == 1  # paused once
    told = list(Notification.objects.filter(recipient=t.citizen, event="approvals.returned")
                .order_by("pk").values_list("body", flat=True))  # fmt: skip
    assert len(told) == 2 and "消防安全承诺书" in told[0] and "补充告知" in told[1]
    assert "银行开户信息" in told[1]
    police_due = application.tasks.get(bpmn_id="police").due_at
    with freeze_time(at("2026-03-05 10:00")):  # Thursday: two working days later
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version)  # fmt: skip
    assert application.status == ApplicationStatus.IN_PROGRESS and application.paused_days == 2
    assert application.due_date == workdays.add_working_days(due, 2)
    tasks = open_tasks(application)
    assert set(tasks) == {"police", "tax"}  # market is not asked again
    assert application.tasks.get(bpmn_id="market").decision == "approve"
    assert timezone.localtime(tasks["police"].due_at).date() == workdays.add_working_days(
        timezone.localtime(police_due).date(), 2)  # fmt: skip
    assert not tasks["police"].decision and tasks["police"].assignee is None
    with freeze_time(at("2026-03-05 11:00")):
        act(t, application, "police")
        act(t, application, "tax")
        act(t, application, "decide")
    application.refresh_from_db()
    assert (application.status, application.outcome) == (
        ApplicationStatus.COMPLETED,
        Outcome.APPROVED,
    )


def test_a_waiting_task_is_not_warned_and_its_step_limit_resumes_after_resubmission():
    t = town()
    application = in_joint_review(t)  # the police have 2 working days: until Wednesday night
    with freeze_time(at("2026-03-03 10:00")):
        act(t, application, "police", "return", notice=["消防安全承诺书"])
    with freeze_time(at("2026-03-05 08:00")):  # the limit ran out while waiting for the applicant
        assert clock_sweep()["step_timers"] == 0
        application.refresh_from_db()
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version)  # fmt: skip
    police = open_tasks(application)["police"]
    assert timezone.localtime(police.due_at).date() == date(2026, 3, 6)  # two working days on
    with freeze_time(at("2026-03-06 12:00")):
        assert clock_sweep()["step_timers"] == 0
    with freeze_time(at("2026-03-09 09:00")):
        assert clock_sweep()["step_timers"] == 1
        assert clock_sweep()["step_timers"] == 0  # once
    assert Notification.objects.filter(recipient=t.handlers["gaj"],
                                       event="approvals.step_overdue").count() == 1  # fmt: skip


def test_a_step_timer_moves_with_the_pause_when_it_had_not_fired():
    t = town()
    application = in_joint_review(t)
    with freeze_time(at("2026-03-03 10:00")):
        act(t, application, "police", "return", notice=["消防安全承诺书"])
    with freeze_time(at("2026-03-04 10:00")):  # resubmitted before the limit ran out
        application.refresh_from_db()
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version)  # fmt: skip
    assert timezone.localtime(application.timer_next_at).date() == date(2026, 3, 5)
    with freeze_time(at("2026-03-05 12:00")):  # the original limit has passed: no warning yet
        assert clock_sweep()["step_timers"] == 0
    with freeze_time(at("2026-03-06 09:00")):
        assert clock_sweep()["step_timers"] == 1
