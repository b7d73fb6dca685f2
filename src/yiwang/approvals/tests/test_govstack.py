# ruff: noqa: E501 — request bodies read best on one line
"""The GovStack Registration BB API: a GovStack client lists services and eForms, uploads a
document, submits an application file and operators complete its tasks — every response
checked against the spec's own schemas."""

from __future__ import annotations

import pytest

from yiwang.accounts.services import apikey_create
from yiwang.approvals.govstack.ids import eform_id, service_id
from yiwang.approvals.models import Application, ApplicationStatus
from yiwang.approvals.tests import applicant_support as kit
from yiwang.approvals.tests.engine_support import STARTUP_TASKS, startup_bundle, town
from yiwang.approvals.tests.govstack_support import BASE, MEDIATOR, assert_matches, load_spec
from yiwang.audit.models import AuditRecord
from yiwang.org import services as org
from yiwang.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec():
    return load_spec()


def service_account(name, departments, role=Role.HANDLER):
    key_row, key = apikey_create(actor=None, name=name)
    for department in departments:
        org.membership_add(actor=None, user=key_row.account, department=department, roles=[role])
    return key_row.account, {"HTTP_X_API_KEY": key}


def submit(client, headers, service, applicant, data, documents=()):
    body = {"applicantId": str(applicant.pk), "applicationName": "企业开办",
            "formData": {"data": data}, "documentUrls": list(documents)}  # fmt: skip
    return client.post(f"{BASE}/services/{service}/applications", body,
                       content_type="application/json", **headers, **MEDIATOR)  # fmt: skip


def test_services_and_eforms_are_the_catalogue_in_the_spec_shapes(client, spec):
    t = town()
    bundle = startup_bundle(t)
    response = client.get(f"{BASE}/services")
    assert response.status_code == 200
    assert_matches(spec, "/services", "get", 200, response.json())
    ids = {s["id"]: s for s in response.json()}
    bundle_id = service_id("bundle", bundle.code)
    assert ids[bundle_id]["name"] == "企业开办一件事"
    assert service_id("item", t.item.code) in ids
    assert [s["name"] for s in client.get(f"{BASE}/services", {"name": "企业开办"}).json()] == [
        "企业开办一件事"
    ]

    one = client.get(f"{BASE}/services/{bundle_id}")
    assert_matches(spec, "/services/{serviceId}", "get", 200, one.json())
    assert {"code": "code", "value": bundle.code} in one.json()["serviceBody"]
    forms = client.get(f"{BASE}/services/{bundle_id}/eForms").json()
    assert_matches(spec, "/services/{serviceId}/eForms", "get", 200, forms)
    assert [f["eFormId"] for f in forms] == [eform_id("bundle", bundle.code, bundle.form_schema)]
    form = client.get(f"{BASE}/eForms/{forms[0]['eFormId']}").json()
    assert_matches(spec, "/eForms/{eFormId}", "get", 200, form)
    assert form["schema"] == bundle.form_schema

    for url in (f"{BASE}/services/00000000-0000-0000-0000-000000000000",
                f"{BASE}/services/not-a-uuid", f"{BASE}/eForms/{bundle_id}"):  # fmt: skip
        missing = client.get(url)
        assert missing.status_code == 404
        assert missing["Content-Type"] == "application/problem+json"


def test_an_application_file_runs_through_four_departments_in_parallel(client, spec):
    t = town()
    bundle = startup_bundle(t)
    account, headers = service_account("一窗通办前台", t.departments.values())
    submitted = submit(client, headers, service_id("bundle", bundle.code), t.citizen,
                       {"company_name": {"value": "示范青禾科技有限公司", "type": "String"}})  # fmt: skip
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert_matches(spec, "/services/{serviceId}/applications", "post", 200, body)
    file_id = body["fileId"]
    assert body["status"]["code"] == "PENDING"
    assert (
        body["applicationData"]["formData"]["data"]["company_name"]["value"]
        == "示范青禾科技有限公司"
    )
    application = Application.objects.get(number=file_id)
    assert application.applicant == t.citizen and application.agent == account
    record = AuditRecord.objects.get(
        action="govstack.application.submit", object_id=str(application.pk)
    )
    assert (
        record.changes["information_mediator_client"][1]
        == "eGovStack/GOV/90000009/digitalregistries"
    )
    assert record.channel == "govstack"

    def open_task(name):
        listed = client.get(f"{BASE}/tasks", {"fileId": file_id, "status": "open"}, **headers)
        assert_matches(spec, "/tasks", "get", 200, listed.json())
        return {t["name"]: t for t in listed.json()}[name]

    def complete(task, decision="APPROVED", **extra):
        return client.post(f"{BASE}/tasks/{task['taskId']}/complete",
                           {"data": {"decision": {"value": decision}, "opinion": {"value": "符合要求"},
                                     **extra}},
                           content_type="application/json", **headers)  # fmt: skip

    accept = open_task("综合窗口受理")
    detail = client.get(f"{BASE}/tasks/{accept['taskId']}", **headers).json()
    assert_matches(spec, "/tasks/{taskId}", "get", 200, detail)
    assert detail["formVariables"]["company_name"]["value"] == "示范青禾科技有限公司"
    done = complete(accept)
    assert done.status_code == 200, done.content
    assert_matches(spec, "/tasks/{taskId}/complete", "post", 200, done.json())
    assert done.json()["status"]["code"] == "APPROVED"
    assert complete(accept).status_code == 409  # decided once, never twice
    assert complete(open_task("名称核准")).status_code == 200

    parallel = client.get(f"{BASE}/tasks", {"fileId": file_id, "status": "open"}, **headers).json()
    assert len(parallel) == len(STARTUP_TASKS)
    for task in parallel:
        assert complete(task).status_code == 200
    final = client.get(f"{BASE}/applications/{file_id}", **headers, **MEDIATOR)
    assert_matches(spec, "/applications/{fileId}", "get", 200, final.json())
    assert final.json()["status"]["code"] == "APPROVED" and final.json()["ended"] is True


def test_completing_a_decided_task_is_a_conflict_and_a_bad_decision_a_field_error(client):
    t = town()
    bundle = startup_bundle(t)
    _account, headers = service_account("窗口", [t.departments["zwfwj"]])
    file_id = submit(client, headers, service_id("bundle", bundle.code), t.citizen,
                     {"company_name": "青禾"}).json()["fileId"]  # fmt: skip
    task = client.get(f"{BASE}/tasks", {"fileId": file_id}, **headers).json()[0]
    url = f"{BASE}/tasks/{task['taskId']}/complete"
    bad = client.post(url, {"data": {"decision": "approve"}}, content_type="application/json",
                      **headers)  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "decision"
    first = client.post(url, {"data": {"decision": "accept"}}, content_type="application/json",
                        **headers)  # fmt: skip
    assert first.status_code == 200
    second = client.post(url, {"data": {"decision": "accept", "expectedVersion": 1}},
                         content_type="application/json", **headers)  # fmt: skip
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"


def test_sendback_lists_every_problem_and_the_corrected_file_goes_back_in(client, spec):
    t = town()
    bundle = startup_bundle(t)
    _account, headers = service_account("窗口", [t.departments["zwfwj"]])
    file_id = submit(client, headers, service_id("bundle", bundle.code), t.citizen,
                     {"company_name": "青禾"}).json()["fileId"]  # fmt: skip
    task = client.get(f"{BASE}/tasks", {"fileId": file_id}, **headers).json()[0]
    url = f"{BASE}/tasks/{task['taskId']}/complete"
    returned = client.post(url, {"data": {"decision": "SENDBACK", "opinion": "名称不规范",
                                          "notice": [{"item": "企业名称", "reason": "缺少行政区划"}]}},
                           content_type="application/json", **headers)  # fmt: skip
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"]["code"] == "SENDBACK"
    file = client.get(f"{BASE}/applications/{file_id}", **headers, **MEDIATOR).json()
    assert file["status"]["code"] == "SENDBACK"
    corrected = client.put(f"{BASE}/applications/{file_id}",
                           {"applicantId": str(t.citizen.pk),
                            "formData": {"data": {"company_name": "示范市青禾科技有限公司"}}},
                           content_type="application/json", **headers, **MEDIATOR)  # fmt: skip
    assert corrected.status_code == 200, corrected.content
    assert_matches(spec, "/applications/{fileId}", "put", 200, corrected.json())
    assert corrected.json()["status"]["code"] == "PENDING"
    assert (
        Application.objects.get(number=file_id).form_data["company_name"]
        == "示范市青禾科技有限公司"
    )


def test_documents_are_uploaded_once_and_linked_to_the_application(client, spec):
    town()  # the demo bureaus the shipped processes name
    o = kit.office()
    _account, headers = service_account("企业服务前台", [o.bureau])
    meta = '{"materialCode": "%s", "applicantId": "%s"}'
    urls = []
    for code in ("M01", "M02"):
        upload = client.post(f"{BASE}/documents?additionalMetadata=" + meta % (code, o.enterprise.pk),
                             {"file": _file(f"{code}.pdf", kit.PDF + code.encode())},
                             **headers)  # fmt: skip
        assert upload.status_code == 200, upload.content
        assert_matches(spec, "/documents", "post", 200, upload.json())
        urls.append(upload.json()["url"])
    assert set(o.enterprise.material_files.values_list("material_code", flat=True)) == {
        "M01",
        "M02",
    }
    disguised = client.post(f"{BASE}/documents", {"file": _file("x.pdf", b"MZ\x90\x00 not a pdf")},
                            **headers)  # fmt: skip
    assert disguised.status_code == 400
    assert_matches(spec, "/documents", "post", 400, disguised.json())
    assert disguised.json()["localizedMessage"]
    assert client.post(f"{BASE}/documents", {}, **headers).status_code == 400

    service = service_id("item", o.item.code)
    wrong_owner = submit(client, headers, service, o.citizen, {}, urls)
    assert wrong_owner.status_code == 400
    assert wrong_owner.json()["errors"][0]["field"] == "documentUrls.0"
    submitted = submit(client, headers, service, o.enterprise, {}, urls)
    assert submitted.status_code == 200, submitted.content
    application = Application.objects.get(number=submitted.json()["fileId"])
    sources = dict(application.materials.values_list("item_material_code", "source"))
    assert sources["M01"] == "uploaded" and sources["M03"] == "shared_data"
    documents = submitted.json()["applicationData"]["documentUrls"]
    assert set(urls) <= set(documents) and "shared-data:不动产登记" in documents


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_mediator_header_is_required_where_the_spec_says_and_checked_everywhere(client, spec):
    t = town()
    bundle = startup_bundle(t)
    _account, headers = service_account("窗口", [t.departments["zwfwj"]])
    url = f"{BASE}/services/{service_id('bundle', bundle.code)}/applications"
    body = {"applicantId": str(t.citizen.pk), "formData": {"data": {"company_name": "青禾"}}}
    missing = client.post(url, body, content_type="application/json", **headers)
    assert missing.status_code == 400
    assert_matches(spec, "/documents", "post", 400, missing.json())  # the spec's systemError
    assert missing.json()["code"] == "MISSING_INFORMATION_MEDIATOR_CLIENT"
    for bad in ("eGovStack/GOV/90000009", "a/b/c/d/e", "eGovStack/GOV//x", "a b/GOV/1/x"):
        response = client.get(f"{BASE}/applications", **headers,
                              HTTP_INFORMATION_MEDIATOR_CLIENT=bad)  # fmt: skip
        assert response.status_code == 400, bad
        assert response.json()["code"] == "INVALID_INFORMATION_MEDIATOR_CLIENT"
    assert client.get(f"{BASE}/services", HTTP_INFORMATION_MEDIATOR_CLIENT="x").status_code == 400
    assert not Application.objects.exists()


def test_calls_without_a_valid_key_are_refused(client):
    town()
    assert client.get(f"{BASE}/applications", **MEDIATOR).status_code == 401
    refused = client.get(f"{BASE}/tasks", HTTP_X_API_KEY="yw_bad_key")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert client.get(f"{BASE}/services").status_code == 200  # the catalogue is public


def test_application_lists_filter_page_and_sort(client, spec):
    t = town()
    bundle = startup_bundle(t)
    _account, headers = service_account("窗口", [t.departments["zwfwj"]])
    bundle_service = service_id("bundle", bundle.code)
    numbers = [submit(client, headers, bundle_service, t.citizen,
                      {"company_name": f"青禾{n}"}).json()["fileId"] for n in range(3)]  # fmt: skip
    listed = client.get(f"{BASE}/applications", {"sortBy": "created", "sortOrder": "asc"},
                        **headers, **MEDIATOR)  # fmt: skip
    assert_matches(spec, "/applications", "get", 200, listed.json())
    assert [a["fileId"] for a in listed.json()] == numbers
    assert listed.json()[0]["taskTitle"] == "综合窗口受理"
    page = client.get(f"{BASE}/applications", {"sortBy": "id", "sortOrder": "desc",
                      "firstResult": 1, "maxResult": 1}, **headers, **MEDIATOR).json()  # fmt: skip
    assert [a["fileId"] for a in page] == [numbers[1]]
    other = service_id("item", t.item.code)
    assert (
        client.get(f"{BASE}/applications", {"serviceId": other}, **headers, **MEDIATOR).json() == []
    )
    mine = client.get(f"{BASE}/applications", {"applicantId": t.citizen.pk}, **headers, **MEDIATOR)
    assert len(mine.json()) == 3
    for params in ({"sortBy": "bogus"}, {"sortOrder": "asc"}, {"maxResult": "x"},
                   {"maxResult": 0}, {"serviceId": "nope"}):  # fmt: skip
        bad = client.get(f"{BASE}/applications", params, **headers, **MEDIATOR)
        assert bad.status_code == 400, params
        assert bad["Content-Type"] == "application/problem+json"


def test_invalid_form_data_gets_field_errors_and_staff_cannot_rewrite_the_form(client):
    t = town()
    bundle = startup_bundle(t)
    _account, headers = service_account("窗口", [t.departments["zwfwj"]])
    service = service_id("bundle", bundle.code)
    invalid = submit(client, headers, service, t.citizen, {})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["field"] == "company_name"
    stale = client.post(f"{BASE}/services/{service}/applications",
                        {"applicantId": str(t.citizen.pk), "formData": {
                            "eFormId": "11111111-1111-1111-1111-111111111111",
                            "data": {"company_name": "青禾"}}},
                        content_type="application/json", **headers, **MEDIATOR)  # fmt: skip
    assert stale.status_code == 400
    assert stale.json()["errors"][0]["code"] == "stale_form"
    _other, other_headers = service_account("税务前台", [t.departments["tax"]])
    file_id = submit(client, headers, service, t.citizen, {"company_name": "青禾"}).json()["fileId"]
    assert (
        client.get(f"{BASE}/applications/{file_id}", **other_headers, **MEDIATOR).status_code == 404
    )
    handler_key = service_account("窗口审核", [t.departments["zwfwj"]])[1]
    rewrite = client.put(f"{BASE}/applications/{file_id}",
                         {"applicantId": str(t.citizen.pk), "formData": {"data": {"company_name": "X"}}},
                         content_type="application/json", **handler_key, **MEDIATOR)  # fmt: skip
    assert rewrite.status_code == 403
    assert not Application.objects.filter(status=ApplicationStatus.COMPLETED).exists()
