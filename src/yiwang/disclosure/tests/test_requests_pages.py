"""The request pages: the public form, tracking, the request page with correction and notices,
the staff inbox and actions, and the JSON API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from yiwang.core.pii import mask_id_number
from yiwang.disclosure.models.requests import DisclosureRequest, RequestStatus
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.tests.requests_factories import file_request, id_number, office, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def form_data(o, **overrides):
    data = {
        "applicant_type": "natural", "name": "钱公开", "id_type": "resident",
        "id_number": "110105199001011232", "phone": "13900002222", "email": "qian@example.cn",
        "address": "", "postcode": "", "department": str(o.bureau.pk),
        "description": "申请公开本市 2025 年国有建设用地供应计划。", "document_title": "",
        "document_number": "", "purpose": "", "provide_form": "email", "receive_way": "email",
        "credit_code": "", "legal_representative": "", "contact_name": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_public_form_files_a_request_and_shows_its_page(client):
    o = office()
    page = client.get(reverse("disclosure:request_new"))
    assert page.status_code == 200 and "政府信息公开申请" in page.content.decode()
    response = client.post(reverse("disclosure:request_new"), form_data(o))
    obj = DisclosureRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:request_public_detail", args=[obj.number])
    detail = client.get(response["Location"]).content.decode()
    assert obj.number in detail and "待受理" in detail and "139****2222" in detail
    assert "13900002222" not in detail  # the phone is masked on the public page


def test_form_errors_are_listed_in_chinese_and_nothing_is_filed(client):
    o = office()
    response = client.post(
        reverse("disclosure:request_new"),
        form_data(o, id_number="110105199001011235", phone="123", email="", department="999999"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "提交的信息有误" in body and "请选择受理机关" in body
    assert not DisclosureRequest.objects.exists()
    response = client.post(
        reverse("disclosure:request_new"), form_data(o, id_number="110105199001011235", phone="1")
    )
    body = response.content.decode()
    assert "校验位不正确" in body and "手机号码" in body and response.status_code == 400


def test_an_organisation_files_with_its_sub_type(client):
    o = office()
    from yiwang.disclosure.tests.requests_factories import credit_code

    client.post(
        reverse("disclosure:request_new"),
        form_data(
            o, applicant_type="research", name="示范研究院", id_type="", id_number="",
            credit_code=credit_code(42), legal_representative="周院长", contact_name="吴联系",
        ),
    )  # fmt: skip
    obj = DisclosureRequest.objects.get()
    assert obj.applicant_type == "research" and obj.credit_code == credit_code(42)


def test_tracking_needs_the_number_and_the_phone_and_is_rate_limited(client):
    o = office()
    obj = file_request(o)
    detail_url = reverse("disclosure:request_public_detail", args=[obj.number])
    assert client.get(detail_url).status_code == 302  # not proven yet: back to tracking
    track = reverse("disclosure:request_track")
    wrong = client.post(track, {"number": obj.number, "phone": "13900009999"})
    assert wrong.status_code == 404 and "申请编号或手机号码不正确" in wrong.content.decode()
    right = client.post(track, {"number": obj.number.lower(), "phone": "139 0000 2222"})
    assert right.status_code == 302 and right["Location"] == detail_url
    assert client.get(detail_url).status_code == 200
    for _ in range(10):
        client.post(track, {"number": "YSQ-2020-000001", "phone": "13900002222"})
    blocked = client.post(track, {"number": obj.number, "phone": "13900002222"})
    assert blocked.status_code == 429


def test_the_applicant_corrects_on_the_public_page_and_downloads_the_notices(client):
    o = office()
    obj = file_request(o, day="2025-09-30")
    client.post(reverse("disclosure:request_track"), {"number": obj.number, "phone": "13900002222"})
    with on_day("2025-10-09"):
        handling.request_ask_correction(actor=o.handler, request=obj, items="请写明年份")
    page = client.get(reverse("disclosure:request_public_detail", args=[obj.number]))
    assert "请补正申请" in page.content.decode() and "请写明年份" in page.content.decode()
    notice = client.get(reverse("disclosure:request_notice", args=[obj.number, "correction"]))
    assert notice["Content-Type"] == "application/pdf"
    assert "补正告知书" in pdf_text(notice.content) and "请写明年份" in pdf_text(notice.content)
    correct_url = reverse("disclosure:request_correct", args=[obj.number])
    with on_day("2025-10-10"):
        empty = client.post(correct_url, {"text": ""})
        assert empty.status_code == 400 and "请填写补正内容" in empty.content.decode()
        done = client.post(correct_url, {"text": "2025 年度"})
    assert done.status_code == 302
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SUBMITTED and obj.correction_text == "2025 年度"
    with on_day("2025-10-20"):
        handling.request_decide(actor=o.handler, request=obj, outcome="partial")
    answer = client.get(reverse("disclosure:request_notice", args=[obj.number, "answer"]))
    text = pdf_text(answer.content)
    assert "答复告知书" in text and "部分公开" in text and "第三十七条" in text
    missing = client.get(reverse("disclosure:request_notice", args=[obj.number, "extension"]))
    assert missing.status_code == 404


def test_a_signed_in_citizen_sees_their_requests(client):
    o = office()
    mine = file_request(o, actor=o.citizen)
    other = file_request(o)  # someone else's
    client.force_login(o.citizen)
    page = client.get(reverse("disclosure:request_mine")).content.decode()
    assert mine.number in page and other.number not in page
    detail = client.get(reverse("disclosure:request_mine_detail", args=[mine.number]))
    assert detail.status_code == 200


def test_staff_inbox_lists_only_their_departments_requests(client):
    o = office()
    obj = file_request(o)
    client.force_login(o.handler)
    page = client.get(reverse("disclosure:request_inbox")).content.decode()
    assert obj.number in page
    client.force_login(o.other_handler)
    assert obj.number not in client.get(reverse("disclosure:request_inbox")).content.decode()
    staff_url = reverse("disclosure:request_staff_detail", args=[obj.pk])
    assert client.get(staff_url).status_code == 404


def test_staff_accept_and_answer_through_the_page(client):
    o = office()
    obj = file_request(o)
    client.force_login(o.handler)
    detail = reverse("disclosure:request_staff_detail", args=[obj.pk])
    page = client.get(detail).content.decode()
    assert "登记受理" in page and "补正告知" in page
    assert mask_id_number(id_number(7)) in page and id_number(7) not in page
    accept = reverse("disclosure:request_staff_action", args=[obj.pk, "accept"])
    assert client.post(accept, {"version": obj.version}).status_code == 302
    obj.refresh_from_db()
    assert obj.status == RequestStatus.PROCESSING
    decide = reverse("disclosure:request_staff_action", args=[obj.pk, "decide"])
    bad = client.post(decide, {"version": obj.version, "outcome": ""})
    assert bad.status_code == 400 and "请选择办理结果" in bad.content.decode()
    stale = client.post(decide, {"version": obj.version - 1, "outcome": "disclose"}, follow=True)
    assert "已被他人处理" in stale.content.decode()
    client.post(decide, {"version": obj.version, "outcome": "unable.not_held"})
    obj.refresh_from_db()
    assert obj.status == RequestStatus.ANSWERED and obj.outcome == "unable.not_held"
    pdf = client.get(reverse("disclosure:request_staff_notice", args=[obj.pk, "answer"]))
    assert "本机关不掌握相关政府信息" in pdf_text(pdf.content)
    assert (
        client.post(reverse("disclosure:request_staff_action", args=[obj.pk, "nope"])).status_code
        == 404
    )


def test_the_head_approves_an_extension_on_the_page(client):
    o = office()
    obj = file_request(o)
    client.force_login(o.handler)
    ask = reverse("disclosure:request_staff_action", args=[obj.pk, "extension"])
    too_long = client.post(ask, {"version": obj.version, "days": "30", "reason": "量大"})
    assert too_long.status_code == 400 and "1 至 20 个工作日" in too_long.content.decode()
    client.post(ask, {"version": obj.version, "days": "10", "reason": "涉及档案调取"})
    obj.refresh_from_db()
    client.force_login(o.head)
    assert (
        "批准延期"
        in client.get(reverse("disclosure:request_staff_detail", args=[obj.pk])).content.decode()
    )
    approve = reverse("disclosure:request_staff_action", args=[obj.pk, "approve_extension"])
    client.post(approve, {"version": obj.version})
    obj.refresh_from_db()
    assert obj.extension_state == "approved"


def test_the_api_files_and_tracks_a_request(client):
    o = office()
    body = {
        "applicant_type": "natural", "name": "钱公开", "phone": "13900002222",
        "id_type": "passport", "id_number": "E12345678", "department_id": o.bureau.pk,
        "description": "申请公开某文件", "provide_form": "paper", "receive_way": "pickup",
    }  # fmt: skip
    filed = client.post(
        "/api/v1/disclosure/requests", json.dumps(body), content_type="application/json"
    )
    assert filed.status_code == 201, filed.content
    number = filed.json()["number"]
    bad = client.post(
        "/api/v1/disclosure/requests", json.dumps({**body, "department_id": 0, "name": ""}),
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} >= {"department", "name"}
    tracked = client.post(
        "/api/v1/disclosure/requests/track",
        json.dumps({"number": number, "phone": "13900002222"}),
        content_type="application/json",
    )
    assert tracked.status_code == 200 and tracked.json()["status"] == "submitted"
    assert tracked.json()["timeline"]
    codes = client.get("/api/v1/disclosure/requests/outcomes").json()
    assert len(codes) == 21 and codes[0]["code"] == "disclose"
    assert client.get("/api/v1/disclosure/requests/inbox").status_code == 401
    client.force_login(o.handler)
    inbox = client.get("/api/v1/disclosure/requests/inbox").json()
    assert [item["number"] for item in inbox["items"]] == [number]


def test_staff_register_a_letter_with_the_day_it_arrived(client):
    o = office()
    url = reverse("disclosure:request_staff_new")
    client.force_login(o.other_handler)
    data = form_data(o, channel="letter", received_on="2025-10-03")
    denied = client.post(url, data)
    assert denied.status_code == 400 and not DisclosureRequest.objects.exists()
    client.force_login(o.handler)
    assert client.get(url).status_code == 200
    missing = client.post(url, {**data, "received_on": ""})
    assert missing.status_code == 400 and "请填写收到申请日期" in missing.content.decode()
    response = client.post(url, data)
    obj = DisclosureRequest.objects.get()
    assert response["Location"] == reverse("disclosure:request_staff_detail", args=[obj.pk])
    assert (obj.channel, obj.submitted_on.isoformat()) == ("letter", "2025-10-03")
    assert obj.due_on.isoformat() == "2025-11-05"  # counted from 10-09, after National Day
    assert obj.applicant is None
