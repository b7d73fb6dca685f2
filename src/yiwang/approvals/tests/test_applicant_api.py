"""The applicant's REST endpoints: apply with JSON, Chinese field errors as problem+json, the
library upload refusing disguised files, my certificates, public verification and 办件查询."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.approvals.services.certificates import certificate_issue
from yiwang.approvals.tests.applicant_support import PDF
from yiwang.approvals.tests.engine_support import town
from yiwang.approvals.tests.test_applicant_pages import _item

pytestmark = pytest.mark.django_db
API = "/api/v1/approvals"


def test_apply_list_and_track_through_the_api(client):
    t = town()
    item = _item(t)
    notice = certificate_issue(actor=None, application=None, cert_type="name_approval",
                               holder=t.citizen, data={},
                               department=t.departments["scjgj"])  # fmt: skip
    client.force_login(t.citizen)
    bad = client.post(f"{API}/applications", {"item_code": item.code, "form_data": {
        "company_name": "示范", "capital": 0}}, content_type="application/json")  # fmt: skip
    problem = bad.json()
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert messages["company_name"] == "至少填写 4 个字" and messages["capital"] == "不能小于 1"
    upload = client.post(f"{API}/materials", {"file": SimpleUploadedFile("id.pdf", PDF),
                                                "material_code": "ID"})  # fmt: skip
    assert upload.status_code == 201 and upload.json()["kind"] == "pdf"
    disguised = client.post(f"{API}/materials", {"file": SimpleUploadedFile("x.pdf", b"MZ..")})
    assert disguised.status_code == 400 and disguised.json()["errors"][0]["code"] == (
        "type_mismatch"
    )
    created = client.post(f"{API}/applications", {
        "item_code": item.code,
        "form_data": {"company_name": "示范青禾科技有限公司", "capital": 50},
        "materials": {"ID": f"file:{upload.json()['id']}", "NA": f"certificate:{notice.pk}",
                      "SITE": "shared_data"},
    }, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["materials_reused"], body["materials_uploaded"]) == (2, 1)
    assert [a["number"] for a in client.get(f"{API}/applications").json()] == [body["number"]]
    client.logout()
    wrong4 = f"{(int(t.citizen.phone[-4:]) + 1) % 10000:04d}"
    tracked = client.post(f"{API}/track", {"number": body["number"], "phone": wrong4},
                          content_type="application/json")  # fmt: skip
    assert tracked.status_code == 404
    phone = t.citizen.phone
    tracked = client.post(f"{API}/track", {"number": body["number"], "phone": phone[-4:]},
                          content_type="application/json")  # fmt: skip
    assert tracked.status_code == 200 and tracked.json()["timeline"][0]["label"] == "提交申请"


def test_certificates_and_public_verification(client):
    t = town()
    cert = certificate_issue(actor=None, application=None, cert_type="business_licence",
                             holder=t.citizen, data={},
                               department=t.departments["scjgj"])  # fmt: skip
    client.force_login(t.citizen)
    mine = client.get(f"{API}/certificates").json()
    assert mine[0]["number"] == cert.number and mine[0]["status"] == "valid"
    client.logout()
    checked = client.get(f"{API}/certificates/{cert.number}/verify").json()
    assert checked["status"] == "valid" and checked["title"] == "营业执照"
    assert client.get(f"{API}/certificates/NOPE/verify").json()["status"] == "not_found"
    assert client.get(f"{API}/applications").status_code == 401
