"""Applicant pages: one form with materials (reused from the library and e-certificates), 代办,
my applications with the timeline, rating, the material library."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.approvals.models import Application, ApplicationRating, MaterialFile
from yiwang.approvals.services.certificates import certificate_issue
from yiwang.approvals.services.tasks import task_complete
from yiwang.approvals.tests.applicant_support import PDF, PNG, bare_application, office
from yiwang.approvals.tests.engine_support import open_tasks, town
from yiwang.catalog.services import item_create
from yiwang.notify.models import Notification

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "required": ["company_name", "capital"],
    "properties": {
        "company_name": {"type": "string", "title": "企业名称", "minLength": 4},
        "capital": {"type": "number", "title": "注册资本（万元）", "minimum": 1},
        "partners": {"type": "array", "title": "股东", "items": {
            "type": "object", "properties": {"name": {"type": "string", "title": "姓名"}}}},
    },
}  # fmt: skip
MATERIALS = [
    {"code": "ID", "name": "法定代表人身份证明", "required": True, "accepts": "pdf,jpg,png"},
    {"code": "NA", "name": "名称自主申报告知书", "required": True,
     "certificate_type": "name_approval", "accepts": "pdf"},
    {"code": "SITE", "name": "住所使用证明", "required": True, "shared_data": "不动产登记",
     "accepts": "pdf"},
]  # fmt: skip


def _item(t):
    return item_create(
        actor=None, code=f"QY-A2-{t.n:03d}", name="企业设立登记", item_type="licensing",
        department=t.departments["scjgj"], statutory_limit_days=15, promised_limit_days=3,
        form_schema=SCHEMA, materials=[dict(m) for m in MATERIALS],
        certificate_type="business_licence",
    )  # fmt: skip


def _name_notice(t, holder):
    return certificate_issue(actor=None, application=None, cert_type="name_approval",
                             holder=holder, data={}, department=t.departments["scjgj"])  # fmt: skip


def _post(client, item, **extra):
    data = {"company_name": "示范青禾科技有限公司", "capital": "100"}
    data.update(extra)
    return client.post(f"/apply/item/{item.code}/", data)


def test_apply_page_shows_the_form_and_matches_certificates(client):
    t = town()
    item = _item(t)
    notice = _name_notice(t, t.citizen)
    client.force_login(t.citizen)
    html = client.get(f"/apply/item/{item.code}/").content.decode()
    assert '<label for="f-company_name">企业名称</label>' in html
    assert 'id="material-NA"' in html and notice.number in html
    assert re.search(rf'value="certificate:{notice.pk}" checked', html)
    assert re.search(r'value="shared_data" checked', html)
    assert 'name="upload.ID"' in html


def test_form_and_material_errors_come_back_together_in_chinese(client):
    t = town()
    item = _item(t)
    client.force_login(t.citizen)
    fake = SimpleUploadedFile("身份证.pdf", b"MZ not a pdf")
    response = _post(client, item, company_name="示范", capital="很多", **{"upload.ID": fake})
    html = response.content.decode()
    assert response.status_code == 400
    assert "企业名称：至少填写 4 个字" in html
    assert "注册资本（万元）：请输入数字" in html
    assert "文件内容与扩展名不符" in html
    assert "请提供“名称自主申报告知书”" in html
    assert 'href="#material-NA"' in html
    assert not Application.objects.exists()


def test_uploaded_files_stay_in_the_library_when_the_form_has_errors(client):
    t = town()
    item = _item(t)
    client.force_login(t.citizen)
    _post(client, item, capital="", **{"upload.ID": SimpleUploadedFile("id.png", PNG)})
    stored = MaterialFile.objects.get(owner=t.citizen)
    html = client.get(f"/apply/item/{item.code}/").content.decode()
    assert re.search(rf'value="file:{stored.pk}" checked', html)


def test_submit_counts_reused_and_uploaded_materials(client):
    t = town()
    item = _item(t)
    notice = _name_notice(t, t.citizen)
    client.force_login(t.citizen)
    response = _post(client, item, **{
        "upload.ID": SimpleUploadedFile("id.pdf", PDF), "material.NA": f"certificate:{notice.pk}",
        "material.SITE": "shared_data", "partners.0.name": "王小明",
    })  # fmt: skip
    application = Application.objects.get(applicant=t.citizen)
    assert response.status_code == 302
    assert response["Location"] == f"/apply/mine/{application.number}/"
    assert application.form_data == {"company_name": "示范青禾科技有限公司", "capital": 100,
                                     "partners": [{"name": "王小明"}]}  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "复用材料 2 份，新上传 1 份" in page
    assert "提交申请" in page and "待受理" in page
    # the next application reuses the library file: nothing new to upload
    library_file = MaterialFile.objects.get(owner=t.citizen)
    _post(client, item, **{"material.ID": f"file:{library_file.pk}",
                           "material.NA": f"certificate:{notice.pk}",
                           "material.SITE": "shared_data"})  # fmt: skip
    second = Application.objects.filter(applicant=t.citizen).order_by("-pk").first()
    assert (
        "复用材料 3 份，新上传 0 份" in client.get(f"/apply/mine/{second.number}/").content.decode()
    )


def test_staff_apply_as_agent_with_recorded_consent(client):
    t = town()
    item = _item(t)
    notice = _name_notice(t, t.citizen)
    client.force_login(t.handlers["zwfwj"])
    ask = client.get(f"/apply/item/{item.code}/")
    assert 'name="for"' in ask.content.decode()  # first: whom for
    page = client.get(f"/apply/item/{item.code}/?for={t.citizen.username}").content.decode()
    assert 'data-testid="agent-applicant"' in page
    fields = {"applicant": t.citizen.username, "upload.ID": SimpleUploadedFile("id.pdf", PDF),
              "material.NA": f"certificate:{notice.pk}",
              "material.SITE": "shared_data"}  # fmt: skip
    missing = _post(client, item, **fields)
    assert missing.status_code == 400 and "请填写授权凭证编号" in missing.content.decode()
    fields["upload.ID"] = SimpleUploadedFile("id.pdf", PDF)
    done = _post(client, item, consent_method="written", consent_reference="WT-2026-001",
                 **fields)  # fmt: skip
    assert done.status_code == 200 and "复用材料 2 份，新上传 1 份" in done.content.decode()
    application = Application.objects.get(applicant=t.citizen)
    assert application.agent == t.handlers["zwfwj"]
    assert application.agent_consent["reference"] == "WT-2026-001"
    assert MaterialFile.objects.get(owner=t.citizen)  # uploaded into the applicant's library
    # citizens cannot act as agents: the field is simply not theirs
    client.force_login(t.citizen)
    assert 'name="for"' not in client.get(f"/apply/item/{item.code}/").content.decode()


def _complete(t, application):
    for step in ("accept", "review", "decide"):
        application.refresh_from_db()
        task = open_tasks(application)[step]
        decision = "accept" if step == "accept" else "approve"
        task_complete(actor=t.handlers["scjgj"], task=task, decision=decision, opinion="符合要求",
                      expected_version=application.version)  # fmt: skip
    application.refresh_from_db()
    return application


def test_detail_timeline_certificate_and_one_rating(client):
    t = town()
    item = _item(t)
    notice = _name_notice(t, t.citizen)
    client.force_login(t.citizen)
    _post(client, item, **{"upload.ID": SimpleUploadedFile("id.pdf", PDF),
                           "material.NA": f"certificate:{notice.pk}",
                           "material.SITE": "shared_data"})  # fmt: skip
    application = _complete(t, Application.objects.get(applicant=t.citizen))
    url = f"/apply/mine/{application.number}/"
    page = client.get(url).content.decode()
    assert "已办结" in page and "受理：受理" in page and "签发电子证照：营业执照" in page
    cert = application.certificates.get()
    assert f"/certificates/{cert.number}/pdf/" in page
    assert 'name="level"' in page
    bad = client.post(url + "rate/", {"level": "1", "comment": ""})
    assert bad.status_code == 400 and "请说明不满意的原因" in bad.content.decode()
    done = client.post(url + "rate/", {"level": "2", "comment": "材料审核太慢"})
    assert done.status_code == 302
    rating = ApplicationRating.objects.get(application=application)
    assert rating.is_bad and rating.rectify_deadline is not None
    assert Notification.objects.filter(recipient=t.handlers["scjgj"],
                                       event="approvals.bad_rating").exists()  # fmt: skip
    again = client.post(url + "rate/", {"level": "5"})
    assert again.status_code == 400 and "本办件已评价" in again.content.decode()
    assert "您的评价：不满意" in client.get(url).content.decode()


def test_others_cannot_see_my_application_or_files(client):
    t = town()
    item = _item(t)
    notice = _name_notice(t, t.citizen)
    client.force_login(t.citizen)
    _post(client, item, **{"upload.ID": SimpleUploadedFile("id.pdf", PDF),
                           "material.NA": f"certificate:{notice.pk}",
                           "material.SITE": "shared_data"})  # fmt: skip
    application = Application.objects.get(applicant=t.citizen)
    material = MaterialFile.objects.get(owner=t.citizen)
    assert client.get(f"/apply/materials/{material.pk}/").status_code == 200
    from yiwang.org.tests.factories import staff

    stranger = staff(f"stranger{t.n}")
    client.force_login(stranger)
    assert client.get(f"/apply/mine/{application.number}/").status_code == 404
    assert client.get(f"/apply/materials/{material.pk}/").status_code == 404
    client.force_login(t.handlers["scjgj"])  # the department handling it sees the material
    response = client.get(f"/apply/materials/{material.pk}/")
    assert response.status_code == 200 and response["Content-Security-Policy"] == "sandbox"


def test_library_page_upload_list_and_remove(client):
    t = town()
    client.force_login(t.citizen)
    fake = client.post("/apply/materials/", {"file": SimpleUploadedFile("a.pdf", b"GIF89a..")})
    assert fake.status_code == 400 and "文件内容与扩展名不符" in fake.content.decode()
    client.post("/apply/materials/", {"file": SimpleUploadedFile("章程.pdf", PDF),
                                      "material_name": "公司章程"})  # fmt: skip
    page = client.get("/apply/materials/").content.decode()
    assert "章程.pdf" in page and "公司章程" in page
    material = MaterialFile.objects.get(owner=t.citizen)
    client.post("/apply/materials/", {"remove": material.pk})
    assert "章程.pdf" not in client.get("/apply/materials/").content.decode()


def test_repeated_groups_grow_without_javascript(client):
    t = town()
    item = _item(t)
    client.force_login(t.citizen)
    page = client.post(
        f"/apply/item/{item.code}/", {"partners.0.name": "王", "_add_row": "partners"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'name="partners.1.name"' in html
    assert "提交的信息有误" not in html


def test_unknown_items_are_404_and_login_is_required(client):
    t = town()
    client.force_login(t.citizen)
    assert client.get("/apply/item/NO-SUCH/").status_code == 404
    client.logout()
    assert client.get(f"/apply/item/{_item(t).code}/").status_code == 302


def test_my_applications_page_by_page(client):
    o = office()
    for _ in range(21):
        bare_application(o)
    client.force_login(o.enterprise)
    first = client.get("/apply/mine/").content.decode()
    assert first.count('data-testid="application"') == 20
    assert "第 1 页，共 2 页" in first and 'href="?page=2" rel="next"' in first
    second = client.get("/apply/mine/?page=2").content.decode()
    assert second.count('data-testid="application"') == 1
    assert 'href="?page=1" rel="prev"' in second and 'rel="next"' not in second
