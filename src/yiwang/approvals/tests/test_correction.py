"""补正 after a one-time notice: the page lists every problem at its field or material, the
applicant fixes answers and replaces materials (library reuse as on the apply page), and
resubmits once; the clock resumes."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from freezegun import freeze_time

from yiwang.approvals.models import ApplicationStatus, MaterialFile
from yiwang.approvals.services.applications import application_resubmit, application_submit
from yiwang.approvals.services.certificates import certificate_issue
from yiwang.approvals.services.materials import material_remove, material_upload
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests.applicant_support import PDF, PNG
from yiwang.approvals.tests.engine_support import open_tasks, town
from yiwang.catalog.services import item_create
from yiwang.core.errors import Conflict
from yiwang.workcal import workdays

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "required": ["company_name", "capital"],
    "properties": {
        "company_name": {"type": "string", "title": "企业名称", "minLength": 4},
        "capital": {"type": "number", "title": "注册资本（万元）", "minimum": 1},
    },
}
MATERIALS = [
    {"code": "ID", "name": "法定代表人身份证明", "required": True, "accepts": "pdf,jpg,png"},
    {"code": "NA", "name": "名称自主申报告知书", "required": True,
     "certificate_type": "name_approval", "accepts": "pdf"},
    {"code": "SITE", "name": "住所使用证明", "required": True, "shared_data": "不动产登记",
     "accepts": "pdf"},
]  # fmt: skip
NOTICE = [
    {"item": "企业名称", "reason": "缺少行政区划"},
    {"item": "法定代表人身份证明", "reason": "照片不清晰"},
]


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def returned_application(t, *, accept_first: bool = False):
    """An application for a formed item, returned for correction with NOTICE."""
    item = item_create(
        actor=None, code=f"QY-BZ-{t.n:03d}", name="企业设立登记", item_type="licensing",
        department=t.departments["scjgj"], statutory_limit_days=15, promised_limit_days=3,
        form_schema=SCHEMA, materials=[dict(m) for m in MATERIALS],
    )  # fmt: skip
    name_notice = certificate_issue(
        actor=None, application=None, cert_type="name_approval", holder=t.citizen, data={},
        department=t.departments["scjgj"],
    )  # fmt: skip
    blurred = material_upload(actor=t.citizen, name="身份证.pdf", content=PDF,
                              material_code="ID", material_name="法定代表人身份证明")  # fmt: skip
    application = application_submit(
        actor=t.citizen, item=item, form_data={"company_name": "青禾科技", "capital": 100},
        materials={"ID": f"file:{blurred.pk}", "NA": f"certificate:{name_notice.pk}",
                   "SITE": "shared_data"},
    )  # fmt: skip
    handler = t.handlers["scjgj"]
    if accept_first:
        task_complete(actor=handler, task=open_tasks(application)["accept"], decision="accept",
                      expected_version=application.version)  # fmt: skip
        application.refresh_from_db()
    step = "review" if accept_first else "accept"
    task = open_tasks(application)[step]
    task_complete(actor=handler, task=task, decision="return", opinion="请一并补正",
                  notice=NOTICE, expected_version=application.version)  # fmt: skip
    application.refresh_from_db()
    return application, blurred


def form_post(application, blurred, **changes) -> dict[str, str]:
    """The correction form as the page sends it, answers fixed and materials as they were."""
    name_notice = application.materials.get(item_material_code="NA").certificate_id
    return {"company_name": "示范市青禾科技有限公司", "capital": "100",
            "material.ID": f"file:{blurred.pk}", "material.NA": f"certificate:{name_notice}",
            "material.SITE": "shared_data", "expected_version": str(application.version),
            **changes}  # fmt: skip


def test_the_page_lists_every_problem_at_its_field_and_material(client):
    t = town()
    application, blurred = returned_application(t)
    client.force_login(t.citizen)
    detail = client.get(f"/apply/mine/{application.number}/").content.decode()
    assert f'href="/apply/mine/{application.number}/correct/"' in detail
    response = client.get(f"/apply/mine/{application.number}/correct/")
    html = response.content.decode()
    assert response.status_code == 200
    notice = html[html.index('data-testid="correction-notice"') :]
    assert "企业名称：缺少行政区划" in notice and "法定代表人身份证明：照片不清晰" in notice
    assert "请一并补正" in notice
    # the department's reason is shown at the field it names, the answers are kept
    assert re.search(r'id="f-company_name"[^>]*value="青禾科技"', html)
    assert "需补正：缺少行政区划" in html
    # the blurred file is flagged, still chosen, and a new file can replace it
    material = html[html.index('id="material-ID"') :]
    material = material[: material.index("</fieldset>")]
    assert "需补正：照片不清晰" in material
    assert re.search(rf'value="file:{blurred.pk}" checked', material)
    assert 'name="upload.ID"' in material
    assert f'name="expected_version" value="{application.version}"' in html


def test_resubmitting_fixes_answers_replaces_a_material_and_restarts_the_review(client):
    t = town()
    application, blurred = returned_application(t)
    client.force_login(t.citizen)
    url = f"/apply/mine/{application.number}/correct/"
    post = form_post(application, blurred, company_name="示")
    response = client.post(url, post)
    assert response.status_code == 400  # a still-wrong answer is refused, nothing resubmitted
    assert "提交的信息有误" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION
    clear = SimpleUploadedFile("身份证-清晰.png", PNG)
    response = client.post(url, {**post, "company_name": "示范市青禾科技有限公司",
                                 "upload.ID": clear})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/apply/mine/{application.number}/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and not application.is_paused
    assert application.form_data["company_name"] == "示范市青禾科技有限公司"
    new_file = MaterialFile.objects.get(owner=t.citizen, name="身份证-清晰.png")  # in the library
    row = application.materials.get(item_material_code="ID")
    assert (row.material_file_id, row.source) == (new_file.pk, "uploaded")
    assert set(application.materials.values_list("item_material_code", flat=True)) == {
        "ID", "NA", "SITE"}  # fmt: skip
    assert set(open_tasks(application)) == {"accept"}  # the window looks again
    html = client.get(f"/apply/mine/{application.number}/").content.decode()
    assert "补正材料已提交" in html
    assert "受理：退回补正" in html and "补正后重新提交" in html
    assert 'data-testid="correct-link"' not in html
    # nothing to correct any more: the page sends the applicant back to the application
    assert client.get(url)["Location"] == f"/apply/mine/{application.number}/"


def test_a_stale_page_is_refused_and_shown_again_with_the_fresh_notice(client):
    t = town()
    application, blurred = returned_application(t)
    client.force_login(t.citizen)
    post = form_post(application, blurred, expected_version=str(application.version - 1))
    response = client.post(f"/apply/mine/{application.number}/correct/", post)
    html = response.content.decode()
    assert response.status_code == 409
    assert "有了新的进展" in html
    assert f'name="expected_version" value="{application.version}"' in html
    assert 'value="示范市青禾科技有限公司"' in html  # what the applicant typed is kept
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION


def test_only_the_applicant_or_their_agent_may_correct(client):
    t = town()
    application, _blurred = returned_application(t)
    client.force_login(t.handlers["scjgj"])
    assert client.get(f"/apply/mine/{application.number}/correct/").status_code == 404
    client.logout()
    response = client.get(f"/apply/mine/{application.number}/correct/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_file_kept_from_before_stays_usable_after_leaving_the_library_and_is_not_reuse():
    t = town()
    application, blurred = returned_application(t)
    material_remove(actor=t.citizen, material=blurred)
    na = application.materials.get(item_material_code="NA").certificate_id
    application = application_resubmit(
        actor=t.citizen, application=application, expected_version=application.version,
        form_data={"company_name": "示范市青禾科技有限公司", "capital": 100},
        materials={"ID": f"file:{blurred.pk}", "NA": f"certificate:{na}", "SITE": "shared_data"},
    )  # fmt: skip
    row = application.materials.get(item_material_code="ID")
    assert (row.material_file_id, row.source) == (blurred.pk, "uploaded")
    with pytest.raises(Conflict):  # resubmitted once; a second time is a conflict
        application_resubmit(actor=t.citizen, application=application,
                              expected_version=application.version)  # fmt: skip


def test_the_clock_resumes_and_a_correction_before_acceptance_does_not_extend_it():
    t = town()
    with freeze_time(at("2026-03-02 09:00")):  # Monday
        application, _blurred = returned_application(t)
    with freeze_time(at("2026-03-05 09:00")):  # three working days later
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version)  # fmt: skip
        assert application.paused_days == 0  # the clock had not started
        task_complete(actor=t.handlers["scjgj"], task=open_tasks(application)["accept"],
                      decision="accept", expected_version=application.version)  # fmt: skip
    application.refresh_from_db()
    assert application.due_date == workdays.add_working_days(date(2026, 3, 5), 3)


def test_a_correction_after_acceptance_moves_the_due_date_by_the_paused_days():
    t = town()
    with freeze_time(at("2026-03-02 09:00")):
        application, _blurred = returned_application(t, accept_first=True)
    due = application.due_date
    assert due == date(2026, 3, 5) and application.is_paused
    with freeze_time(at("2026-03-04 16:00")):  # two working days in correction
        application = application_resubmit(actor=t.citizen, application=application,
                                           expected_version=application.version)  # fmt: skip
    assert application.status == ApplicationStatus.IN_PROGRESS and application.paused_days == 2
    assert application.due_date == workdays.add_working_days(due, 2)
    assert set(open_tasks(application)) == {"review"}
