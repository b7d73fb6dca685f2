"""办件查询: number + the applicant's phone (full or last 4), the same answer for an unknown
number and a wrong phone, guessing limited, and a timeline without personal data."""

from __future__ import annotations

import pytest
from django.test import override_settings

from yiwang.approvals.services.progress import application_for_tracking, progress_verify
from yiwang.approvals.tests.applicant_support import bare_application, office
from yiwang.core.errors import NotFound, RateLimited

pytestmark = pytest.mark.django_db


def _phone(o) -> str:
    return f"138{o.n:08d}"  # the enterprise's phone in applicant_support


def test_full_phone_or_last_four_digits_find_the_application():
    o = office()
    app = bare_application(o)
    assert application_for_tracking(number=app.number, phone=_phone(o)) == app
    assert application_for_tracking(number=app.number.lower(), phone=_phone(o)[-4:]) == app
    assert application_for_tracking(number=f" {app.number} ", phone="+86 " + _phone(o)) == app


def test_wrong_phone_and_unknown_number_are_the_same_error():
    o = office()
    app = bare_application(o)
    wrong4 = f"{(int(_phone(o)[-4:]) + 1) % 10000:04d}"
    for number, phone in [(app.number, "13900000000"), (app.number, wrong4),
                          ("SB9999999999", _phone(o)), (app.number, "12"), ("", "")]:  # fmt: skip
        with pytest.raises(NotFound) as caught:
            progress_verify(number=number, phone=phone, client_ip="10.0.0.1")
        assert caught.value.code == "tracking-mismatch"


@override_settings(YIWANG_TRACK_FAILURES_PER_CASE=3)
def test_guessing_one_number_is_stopped():
    o = office()
    app = bare_application(o)
    last4 = int(_phone(o)[-4:])
    for guess in (f"{(last4 + k) % 10000:04d}" for k in (1, 2, 3)):  # all wrong
        with pytest.raises(NotFound):
            progress_verify(number=app.number, phone=guess, client_ip="10.0.0.2")
    with pytest.raises(RateLimited):  # even the right phone, until the window passes
        progress_verify(number=app.number, phone=_phone(o), client_ip="10.0.0.3")


@override_settings(YIWANG_TRACK_PER_IP=2)
def test_one_address_is_limited_too():
    o = office()
    app = bare_application(o)
    progress_verify(number=app.number, phone=_phone(o), client_ip="10.0.0.4")
    progress_verify(number=app.number, phone=_phone(o), client_ip="10.0.0.4")
    with pytest.raises(RateLimited):
        progress_verify(number=app.number, phone=_phone(o), client_ip="10.0.0.4")


def test_tracking_pages_show_the_timeline_without_personal_data(client):
    o = office()
    app = bare_application(o)
    app.form_data = {"company_name": "保密的申请表内容"}
    app.save(update_fields=["form_data"])
    wrong4 = f"{(int(_phone(o)[-4:]) + 1) % 10000:04d}"
    wrong = client.post("/apply/track/", {"number": app.number, "phone": wrong4})
    assert wrong.status_code == 404 and "办件编号或手机号码不正确" in wrong.content.decode()
    assert client.get(f"/apply/track/{app.number}/").status_code == 302  # not proven yet
    ok = client.post("/apply/track/", {"number": app.number, "phone": _phone(o)[-4:]})
    assert ok.status_code == 302 and ok["Location"] == f"/apply/track/{app.number}/"
    html = client.get(ok["Location"]).content.decode()
    assert "提交申请" in html and app.title in html
    assert "保密的申请表内容" not in html
    assert o.enterprise.enterprise_profile.name not in html
    assert _phone(o) not in html
    assert client.post("/apply/track/", {"number": "", "phone": ""}).status_code == 400


def test_rating_from_the_tracking_page_once_finished(client):
    o = office()
    app = bare_application(o, status="completed")
    client.post("/apply/track/", {"number": app.number, "phone": _phone(o)})
    page = client.get(f"/apply/track/{app.number}/").content.decode()
    assert 'name="level"' in page
    done = client.post(f"/apply/track/{app.number}/rate/", {"level": "5"})
    assert done.status_code == 302
    assert "您的评价：非常满意" in client.get(f"/apply/track/{app.number}/").content.decode()
    client.logout()  # a new browser session has to prove the phone again
    fresh = client.post(f"/apply/track/{app.number}/rate/", {"level": "1", "comment": "x"})
    assert fresh.status_code == 302 and "/apply/track/?number=" in fresh["Location"]
