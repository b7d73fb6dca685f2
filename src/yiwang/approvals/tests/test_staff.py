# ruff: noqa: E501 — decision tables read best on one line
"""The approval workbench: inbox by department with deadlines, decisions with opinions,
the one-time correction notice, countersign view, previews and statistics."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yiwang.approvals.models import ApplicationStatus
from yiwang.approvals.services.applications import application_submit
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests import applicant_support as kit
from yiwang.approvals.tests.engine_support import STARTUP_TASKS, open_tasks, startup_bundle, town
from yiwang.org.models import Role
from yiwang.org.tests.factories import staff

pytestmark = pytest.mark.django_db

DEPARTMENT_OF = {"accept": "zwfwj", "name_approval": "scjgj", "business_licence": "scjgj",
                 "seal_record": "gaj", "tax_registration": "tax", "social_insurance": "rsj"}  # fmt: skip


def startup(t, name="示范青禾科技有限公司"):
    return application_submit(actor=t.citizen, bundle=startup_bundle(t),
                              form_data={"company_name": name})  # fmt: skip


def decide(t, application, bpmn_id, decision="approve", opinion="符合要求"):
    application.refresh_from_db()
    task = open_tasks(application)[bpmn_id]
    return task_complete(actor=t.handlers[DEPARTMENT_OF[bpmn_id]], task=task, decision=decision,
                         opinion=opinion, expected_version=application.version)  # fmt: skip


def test_inbox_shows_only_my_departments_tasks_with_deadlines(client):
    t = town()
    application = startup(t)
    client.force_login(t.handlers["zwfwj"])
    page = client.get(reverse("approvals:staff_inbox"))
    assert page.status_code == 200
    assert application.number in page.content.decode()
    assert "综合窗口受理" in page.content.decode()
    client.force_login(t.handlers["tax"])
    assert application.number not in client.get(reverse("approvals:staff_inbox")).content.decode()
    decide(t, application, "accept", "accept")
    decide(t, application, "name_approval")
    body = client.get(reverse("approvals:staff_inbox")).content.decode()
    assert "税务登记信息确认" in body and "剩余" in body  # the step's 2-working-day limit
    assert "营业执照核发" not in body
    client.force_login(kit.office().enterprise)
    assert client.get(reverse("approvals:staff_inbox")).status_code == 403


def test_a_decision_with_an_opinion_from_the_task_page(client):
    t = town()
    application = startup(t)
    task = open_tasks(application)["accept"]
    client.force_login(t.handlers["zwfwj"])
    url = reverse("approvals:staff_task", args=[task.pk])
    page = client.get(url)
    assert page.status_code == 200 and "示范青禾科技有限公司" in page.content.decode()
    refused = client.post(url, {"decision": "not_accept", "opinion": "",
                                "expected_version": application.version})  # fmt: skip
    assert refused.status_code == 400
    assert "作出否定决定须写明理由" in refused.content.decode()
    done = client.post(url, {"decision": "accept", "opinion": "材料齐全，予以受理",
                             "expected_version": application.version})  # fmt: skip
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.decision == "accept" and task.opinion == "材料齐全，予以受理"
    again = client.post(url, {"decision": "accept", "expected_version": application.version})
    assert again.status_code == 409
    client.force_login(t.handlers["tax"])
    assert client.get(url).status_code == 404


def test_a_return_lists_every_problem_once(client):
    t = town()
    application = startup(t)
    task = open_tasks(application)["accept"]
    client.force_login(t.handlers["zwfwj"])
    url = reverse("approvals:staff_task", args=[task.pk])
    empty = client.post(url, {"decision": "return", "expected_version": application.version})
    assert empty.status_code == 400
    assert "一次性列明" in empty.content.decode()
    client.post(url, {"decision": "return", "opinion": "请补正",
                      "notice_other": "企业名称：缺少行政区划\n经营范围：表述不规范",
                      "expected_version": application.version})  # fmt: skip
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION
    assert [i["item"] for i in application.correction_notice["items"]] == ["企业名称", "经营范围"]
    assert application.correction_notice["items"][0]["reason"] == "缺少行政区划"


def test_countersign_shows_every_parallel_opinion(client):
    t = town()
    application = startup(t)
    decide(t, application, "accept", "accept")
    decide(t, application, "name_approval")
    decide(t, application, "seal_record", "reject", opinion="刻制单位资质不符")
    decide(t, application, "tax_registration", opinion="涉税信息已确认")
    client.force_login(t.handlers["scjgj"])
    page = client.get(reverse("approvals:staff_countersign", args=[application.number]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "2/4" in body
    assert "刻制单位资质不符" in body and "涉税信息已确认" in body
    assert body.count('data-testid="opinion"') == len(STARTUP_TASKS)
    assert "综合窗口受理" not in body  # sequential steps are not part of the joint review
    outsider = staff(f"outsider{t.n}", kit.office().other, Role.HANDLER)
    client.force_login(outsider)
    assert (
        client.get(reverse("approvals:staff_countersign", args=[application.number])).status_code
        == 404
    )


def test_material_previews_are_framed_for_staff_who_handle_the_application(client):
    from yiwang.approvals.services.definitions import definitions_load_shipped
    from yiwang.approvals.services.materials import material_upload

    town()
    definitions_load_shipped()
    o = kit.office()
    image = material_upload(actor=o.enterprise, name="身份证明.png", content=kit.PNG,
                            material_code="M01", material_name="法定代表人身份证明")  # fmt: skip
    pdf = material_upload(actor=o.enterprise, name="告知书.pdf", content=kit.PDF,
                          material_code="M02", material_name="名称自主申报告知书")  # fmt: skip
    application = application_submit(actor=o.enterprise, item=o.item, form_data={},
                                     materials={"M01": f"file:{image.pk}", "M02": f"file:{pdf.pk}",
                                                "M03": "shared_data"})  # fmt: skip
    client.force_login(o.handler)
    task = application.tasks.get()
    page = client.get(reverse("approvals:staff_task", args=[task.pk])).content.decode()
    preview = reverse("approvals:staff_material_preview", args=[pdf.pk])
    assert f'<iframe class="ap-preview" src="{preview}"' in page
    image_url = reverse("approvals:staff_material_preview", args=[image.pk])
    assert f'<img class="ap-preview-img" src="{image_url}"' in page
    response = client.get(preview)
    assert response.status_code == 200 and response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(o.other_admin)
    assert client.get(preview).status_code == 404


def test_parallel_reviewers_do_not_conflict_but_a_changed_application_does(client):
    t = town()
    application = startup(t)
    decide(t, application, "accept", "accept")
    decide(t, application, "name_approval")
    tasks = open_tasks(application)
    pages = {}
    for bpmn_id in ("seal_record", "tax_registration"):
        client.force_login(t.handlers[DEPARTMENT_OF[bpmn_id]])
        page = client.get(reverse("approvals:staff_task", args=[tasks[bpmn_id].pk]))
        pages[bpmn_id] = page.context["digest"], page.context["application"].version
    for bpmn_id, (digest, version) in pages.items():  # both rendered before either decided
        client.force_login(t.handlers[DEPARTMENT_OF[bpmn_id]])
        response = client.post(reverse("approvals:staff_task", args=[tasks[bpmn_id].pk]),
                               {"decision": "approve", "opinion": "同意", "digest": digest,
                                "expected_version": version})  # fmt: skip
        assert response.status_code == 302
    client.force_login(t.handlers["rsj"])
    stale = client.post(reverse("approvals:staff_task", args=[tasks["social_insurance"].pk]),
                        {"decision": "approve", "digest": "something-else",
                         "expected_version": version})  # fmt: skip
    assert stale.status_code == 409
