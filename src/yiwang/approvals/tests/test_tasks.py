# ruff: noqa: E501 — BPMN fixtures and decision tables read best on one line
"""Completing approval tasks: joint review in parallel, gateways on form data, 409 and 403."""

from __future__ import annotations

import pytest

from yiwang.approvals.models import ApplicationStatus, Outcome
from yiwang.approvals.services.applications import application_submit
from yiwang.approvals.services.definitions import definition_upload
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests.engine_support import STARTUP_TASKS, open_tasks, startup_bundle, town
from yiwang.core.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from yiwang.org.models import Role
from yiwang.org.tests.factories import staff

pytestmark = pytest.mark.django_db

DEPARTMENT_OF = {"accept": "zwfwj", "name_approval": "scjgj", "business_licence": "scjgj",
                 "seal_record": "gaj", "tax_registration": "tax", "social_insurance": "rsj"}  # fmt: skip


def decide(t, application, bpmn_id, decision="approve", **extra):
    application.refresh_from_db()
    task = open_tasks(application)[bpmn_id]
    actor = extra.pop("actor", t.handlers[DEPARTMENT_OF.get(bpmn_id, "scjgj")])
    return task_complete(actor=actor, task=task, decision=decision, opinion=extra.pop("opinion", "符合要求"),
                         expected_version=application.version, **extra)  # fmt: skip


def started_startup(t):
    bundle = startup_bundle(t)
    application = application_submit(actor=t.citizen, bundle=bundle,
                                     form_data={"company_name": "示范青禾科技有限公司"})  # fmt: skip
    assert set(open_tasks(application)) == {"accept"}
    assert open_tasks(application)["accept"].department == t.departments["zwfwj"]
    decide(t, application, "accept", "accept")
    decide(t, application, "name_approval")
    return application


@pytest.mark.parametrize("order", [STARTUP_TASKS, tuple(reversed(STARTUP_TASKS)),
                                   ("tax_registration", "business_licence", "social_insurance",
                                    "seal_record")])  # fmt: skip
def test_four_departments_decide_in_parallel_in_any_order(order):
    t = town()
    application = started_startup(t)
    tasks = open_tasks(application)
    assert set(tasks) == set(STARTUP_TASKS)  # all four at the same time
    assert {tasks[k].department.short_name for k in tasks} == {
        "市场监管局",
        "公安局",
        "税务局",
        "人社局",
    }
    for done, bpmn_id in enumerate(order, start=1):
        decide(t, application, bpmn_id)
        application.refresh_from_db()
        if done < 4:
            assert application.status == ApplicationStatus.IN_PROGRESS
            assert len(open_tasks(application)) == 4 - done
    assert application.status == ApplicationStatus.COMPLETED
    assert application.outcome == Outcome.APPROVED
    issued = set(application.certificates.values_list("cert_type", flat=True))
    assert issued == {"name_approval", "business_licence", "seal_record", "tax_registration",
                      "social_insurance"}  # fmt: skip


def test_one_refusal_in_joint_review_is_a_partial_result():
    t = town()
    application = started_startup(t)
    for bpmn_id in STARTUP_TASKS:
        decision = "reject" if bpmn_id == "seal_record" else "approve"
        decide(t, application, bpmn_id, decision, opinion="刻制单位资质不符")
    application.refresh_from_db()
    assert application.outcome == Outcome.PARTIAL
    assert "seal_record" not in set(application.certificates.values_list("cert_type", flat=True))


def test_a_task_completed_twice_is_a_conflict():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    task = open_tasks(application)["accept"]
    version = application.version
    task_complete(actor=t.handlers["scjgj"], task=task, decision="accept", expected_version=version)
    with pytest.raises(Conflict):
        task_complete(actor=t.handlers["scjgj"], task=task, decision="accept",
                      expected_version=version)  # fmt: skip
    application.refresh_from_db()
    review = open_tasks(application)["review"]
    with pytest.raises(Conflict):  # a stale version is refused too
        task_complete(actor=t.handlers["scjgj"], task=review, decision="approve",
                      expected_version=version)  # fmt: skip


def test_wrong_role_or_department_is_forbidden():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    task = open_tasks(application)["accept"]
    supervisor = staff(f"sup{t.n}", t.departments["scjgj"], Role.SUPERVISOR)
    for actor in (t.handlers["gaj"], supervisor, t.citizen):
        with pytest.raises(PermissionDenied):
            task_complete(actor=actor, task=task, decision="accept",
                          expected_version=application.version)  # fmt: skip
    with pytest.raises(NotAuthenticated):
        task_complete(
            actor=None, task=task, decision="accept", expected_version=application.version
        )
    task.refresh_from_db()
    assert task.status == "open"


def test_bad_decisions_are_field_errors():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    task = open_tasks(application)["accept"]
    with pytest.raises(InvalidInput) as exc:
        task_complete(actor=t.handlers["scjgj"], task=task, decision="approve",
                      expected_version=application.version)  # fmt: skip
    assert exc.value.field_errors[0].field == "decision"
    with pytest.raises(InvalidInput) as exc:
        task_complete(actor=t.handlers["scjgj"], task=task, decision="not_accept", opinion="",
                      expected_version=application.version)  # fmt: skip
    assert exc.value.field_errors[0].field == "opinion"


def test_not_accepted_ends_the_application():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    decide(
        t,
        application,
        "accept",
        "not_accept",
        opinion="不属于本部门职责",
        actor=t.handlers["scjgj"],
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_ACCEPTED
    assert not open_tasks(application)


GATEWAY = """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
 <bpmn:process id="outdoor_ads" name="户外广告" isExecutable="true">
  <bpmn:startEvent id="s"/>
  <bpmn:userTask id="review" name="审查"/>
  <bpmn:exclusiveGateway id="size" name="面积判断" default="small"/>
  <bpmn:userTask id="expert" name="城管会审" camunda:candidateGroups="城管局:handler"/>
  <bpmn:userTask id="decide" name="决定"><bpmn:extensionElements><camunda:properties>
    <camunda:property name="step" value="decide"/></camunda:properties></bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:endEvent id="e"/>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="size"/>
  <bpmn:sequenceFlow id="large" sourceRef="size" targetRef="expert">
    <bpmn:conditionExpression>field("area", 0) &gt; 50 and district in ("明湖区", "云山区")</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="small" sourceRef="size" targetRef="decide"/>
  <bpmn:sequenceFlow id="f3" sourceRef="expert" targetRef="decide"/>
  <bpmn:sequenceFlow id="f4" sourceRef="decide" targetRef="e"/>
 </bpmn:process>
</bpmn:definitions>"""


@pytest.mark.parametrize(("form", "expected"), [
    ({"area": 80, "district": "明湖区"}, "expert"),
    ({"area": 80, "district": "临江区"}, "decide"),
    ({"area": 20, "district": "明湖区"}, "decide"),
])  # fmt: skip
def test_exclusive_gateway_routes_on_form_data(form, expected):
    t = town()
    t.handlers["cgj"] = staff(f"hcgj{t.n}", t.departments["cgj"], Role.HANDLER)
    definition_upload(actor=None, bpmn_xml=GATEWAY)
    t.item.process_key = "outdoor_ads"
    t.item.save(update_fields=["process_key"])
    application = application_submit(actor=t.citizen, item=t.item, form_data=form)
    # no 受理 step in this process: accepted (and the clock started) on submission
    assert application.status == ApplicationStatus.IN_PROGRESS and application.due_date
    decide(t, application, "review")
    application.refresh_from_db()
    tasks = open_tasks(application)
    assert set(tasks) == {expected}
    if expected == "expert":
        assert tasks["expert"].department == t.departments["cgj"]
        decide(t, application, "expert", actor=t.handlers["cgj"])
        application.refresh_from_db()
        assert set(open_tasks(application)) == {"decide"}
