"""Filing and handling a disclosure request under the statutory clock (services)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.disclosure.models.requests import (
    ApplicantType,
    ClockState,
    DisclosureRequest,
    ExtensionState,
    RequestStatus,
)
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.services.requests import request_submit
from yiwang.disclosure.services.requests_sweep import requests_sweep
from yiwang.disclosure.tests.requests_factories import (
    asking,
    file_request,
    office,
    on_day,
    organisation,
    person,
)
from yiwang.notify.models import Notification

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def fields_of(exc: InvalidInput) -> set[str]:
    return {fe.field for fe in exc.field_errors}


def test_a_citizen_files_a_request_and_gets_a_number_and_a_due_date():
    o = office()
    with on_day("2025-09-30"):
        first = request_submit(actor=o.citizen, applicant=person(), request=asking(o.bureau))
        second = request_submit(actor=None, applicant=person(), request=asking(o.bureau))
    assert first.number == "YSQ-2025-000001" and second.number == "YSQ-2025-000002"
    assert first.applicant == o.citizen and second.applicant is None
    assert first.status == RequestStatus.SUBMITTED
    assert first.due_on == D("2025-11-04")  # 20 working days across National Day
    assert Notification.objects.filter(recipient=o.citizen, event="disclosure.request_received")
    assert Notification.objects.filter(recipient=o.handler, event="disclosure.new_request")


def test_personal_data_is_encrypted_at_rest():
    o = office()
    req = file_request(o)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email, address"
            " FROM disclosure_disclosurerequest WHERE id = %s",
            [req.pk],
        )
        row = cursor.fetchone()
    assert all(value.startswith("sm4gcm:") for value in row)
    fresh = DisclosureRequest.objects.get(pk=req.pk)
    assert fresh.phone == "13900002222" and fresh.address.startswith("示范市")


def test_every_missing_or_bad_field_is_reported_at_once():
    o = office()
    bad = person(name="", id_number="110105199001011235", phone="12345", email="not-an-email")
    with pytest.raises(InvalidInput) as caught:
        request_submit(
            actor=None,
            applicant=bad,
            request=asking(o.bureau, description="", provide_form="fax", department_id="x"),
        )
    assert {"name", "id_number", "phone", "email", "description", "provide_form", "department"} <= (
        fields_of(caught.value)
    )


def test_an_organisation_needs_a_valid_credit_code_a_representative_and_a_contact():
    o = office()
    with pytest.raises(InvalidInput) as caught:
        request_submit(
            actor=None,
            applicant=organisation(credit_code="91330100MA2000001X", legal_representative=""),
            request=asking(o.bureau),
        )
    assert {"credit_code", "legal_representative"} <= fields_of(caught.value)
    req = request_submit(
        actor=None,
        applicant=organisation(ApplicantType.LEGAL_SERVICE),
        request=asking(o.bureau),
    )
    assert req.applicant_type == ApplicantType.LEGAL_SERVICE and req.is_organisation


def test_email_delivery_needs_an_email_and_post_needs_an_address():
    o = office()
    with pytest.raises(InvalidInput) as caught:
        request_submit(
            actor=None,
            applicant=person(email="", address=""),
            request=asking(o.bureau, provide_form="email", receive_way="post"),
        )
    assert {"email", "address"} <= fields_of(caught.value)


def test_staff_register_a_letter_received_in_a_holiday_and_the_clock_counts_from_after_it():
    o = office()
    with on_day("2025-10-13"):
        req = request_submit(
            actor=o.handler,
            applicant=person(),
            request=asking(o.bureau),
            channel="letter",
            received_on=D("2025-10-03"),
        )
        assert req.due_on == D("2025-11-05")
        assert req.applicant is None
        with pytest.raises(PermissionDenied):
            request_submit(
                actor=o.citizen, applicant=person(), request=asking(o.bureau), channel="letter"
            )


def test_only_the_departments_handlers_accept_and_a_stale_form_is_a_conflict():
    o = office()
    req = file_request(o)
    with pytest.raises(PermissionDenied):
        handling.request_accept(actor=o.other_handler, request=req)
    accepted = handling.request_accept(actor=o.handler, request=req, expected_version=req.version)
    assert accepted.status == RequestStatus.PROCESSING and accepted.handler == o.handler
    with pytest.raises(Conflict):
        handling.request_decide(
            actor=o.handler, request=accepted, outcome="disclose", expected_version=req.version
        )


def test_one_correction_notice_within_seven_working_days_stops_and_restarts_the_clock():
    o = office()
    req = file_request(o, day="2025-09-30", actor=o.citizen)
    with on_day("2025-10-17"):  # the 8th working day after receipt
        with pytest.raises(InvalidInput) as late:
            handling.request_ask_correction(actor=o.handler, request=req, items="请说明年份")
        assert late.value.field_errors[0].code == "correction_too_late"
    with on_day("2025-10-16"):
        waiting = handling.request_ask_correction(
            actor=o.handler, request=req, items="请说明所需信息的年份和区域"
        )
    assert waiting.status == RequestStatus.AWAITING_CORRECTION
    assert waiting.correction_due_on == D("2025-11-06")  # 15 working days to correct
    assert Notification.objects.filter(recipient=o.citizen, event="disclosure.correction_requested")
    with on_day("2025-11-05"):
        corrected = handling.request_correct(actor=o.citizen, request=waiting, text="2025 年全市")
    assert corrected.status == RequestStatus.SUBMITTED
    assert corrected.clock_received_on == D("2025-11-05")
    assert corrected.due_on == D("2025-12-03")  # 20 working days from the corrected request
    with on_day("2025-11-06"), pytest.raises(InvalidInput) as twice:
        handling.request_ask_correction(actor=o.handler, request=corrected, items="再补")
    assert twice.value.field_errors[0].code == "correction_once"


def test_a_correction_not_made_in_time_means_the_request_is_treated_as_withdrawn():
    o = office()
    req = file_request(o, day="2025-09-30", actor=o.citizen)
    with on_day("2025-10-09"):
        handling.request_ask_correction(
            actor=o.handler, request=req, items="请说明年份", reply_days=5
        )
    req.refresh_from_db()
    assert req.correction_due_on == D("2025-10-15")  # 10-10, 10-11 (Sat), 10-13, 10-14, 10-15
    with on_day("2025-10-15"):
        assert requests_sweep().withdrawn == 0  # the last day to correct is still open
    with on_day("2025-10-16"):
        with pytest.raises(InvalidInput):
            handling.request_correct(actor=o.citizen, request=req, text="补正")
        result = requests_sweep()
        assert requests_sweep().withdrawn == 0  # a second run changes nothing
    assert result.withdrawn == 1
    req.refresh_from_db()
    assert req.status == RequestStatus.CLOSED
    assert req.outcome == "other.no_correction" and req.decided_on == D("2025-10-16")
    assert "第三十条" in req.legal_basis
    assert Notification.objects.filter(recipient=o.citizen, event="disclosure.treated_as_withdrawn")


def test_third_party_consultation_time_is_not_counted():
    o = office()
    req = file_request(o, day="2025-09-30")
    with on_day("2025-10-09"):
        consulting = handling.request_consult_start(
            actor=o.handler, request=req, kind="third_party", party="示范置业有限公司"
        )
    assert consulting.status == RequestStatus.CONSULTING
    with on_day("2025-10-14"):
        with pytest.raises(Conflict):
            handling.request_decide(actor=o.handler, request=consulting, outcome="disclose")
        back = handling.request_consult_end(
            actor=o.handler, request=consulting, opinion="第三方不同意公开其商业秘密部分"
        )
    assert back.due_on == D("2025-11-10")  # 4 working days (10-10, 10-11, 10-13, 10-14) later


def test_an_extension_needs_the_heads_approval_and_is_granted_once():
    o = office()
    req = file_request(o, day="2025-09-30", actor=o.citizen)
    with on_day("2025-10-28"):
        with pytest.raises(InvalidInput):
            handling.request_extension_ask(actor=o.handler, request=req, days=21, reason="量大")
        asked = handling.request_extension_ask(
            actor=o.handler, request=req, days="20", reason="涉及多个年度档案，需调档核查"
        )
        assert asked.extension_state == ExtensionState.PENDING
        assert asked.due_on == D("2025-11-04")  # not yet approved
        assert Notification.objects.filter(recipient=o.head, event="disclosure.extension_pending")
        with pytest.raises(PermissionDenied):
            handling.request_extension_decide(actor=o.handler, request=asked, approve=True)
        approved = handling.request_extension_decide(actor=o.head, request=asked, approve=True)
        assert approved.due_on == D("2025-12-02")
        with pytest.raises(InvalidInput):
            handling.request_extension_ask(actor=o.handler, request=approved, days=5, reason="再延")
    assert Notification.objects.filter(recipient=o.citizen, event="disclosure.extended")


def test_a_rejected_extension_leaves_the_deadline_and_may_be_asked_again():
    o = office()
    req = file_request(o, day="2025-09-30")
    with on_day("2025-10-20"):
        asked = handling.request_extension_ask(actor=o.handler, request=req, days=10, reason="量大")
        rejected = handling.request_extension_decide(actor=o.head, request=asked, approve=False)
    assert rejected.extension_state == ExtensionState.REJECTED
    assert rejected.due_on == D("2025-11-04") and rejected.extension_days == 0


def test_no_extension_once_the_deadline_has_passed():
    o = office()
    req = file_request(o, day="2025-09-30")  # due 2025-11-04
    with on_day("2025-11-04"):  # the last day: still in time
        asked = handling.request_extension_ask(actor=o.handler, request=req, days=10, reason="量大")
    with on_day("2025-11-05"), pytest.raises(InvalidInput) as late_approval:
        handling.request_extension_decide(actor=o.head, request=asked, approve=True)
    assert late_approval.value.field_errors[0].code == "extension_too_late"
    with on_day("2025-11-05"):
        handling.request_extension_decide(actor=o.head, request=asked, approve=False)
    with on_day("2025-11-05"), pytest.raises(InvalidInput) as late_ask:
        handling.request_extension_ask(actor=o.handler, request=req, days=10, reason="量大")
    assert "2025-11-04" in str(late_ask.value.field_errors[0].message)


def test_the_answer_records_outcome_basis_and_notice_and_tells_the_applicant():
    o = office()
    req = file_request(o, day="2025-09-30", actor=o.citizen)
    with on_day("2025-10-20"):
        with pytest.raises(InvalidInput):
            handling.request_decide(actor=o.handler, request=req, outcome="withhold.nonsense")
        with pytest.raises(InvalidInput):  # only after a correction
            handling.request_decide(actor=o.handler, request=req, outcome="unable.unclear")
        with pytest.raises(InvalidInput):  # the sweep's own outcome
            handling.request_decide(actor=o.handler, request=req, outcome="other.no_correction")
        done = handling.request_decide(
            actor=o.handler, request=req, outcome="withhold.third_party", notice_text=""
        )
    assert done.status == RequestStatus.ANSWERED and done.decided_on == D("2025-10-20")
    assert done.legal_basis == "《中华人民共和国政府信息公开条例》第十五条、第三十二条"
    assert "第三方合法权益" in done.notice_text
    assert Notification.objects.filter(recipient=o.citizen, event="disclosure.answered")
    with pytest.raises(Conflict):
        handling.request_decide(actor=o.handler, request=done, outcome="disclose")


def test_the_sweep_tells_the_department_once_when_due_soon_and_once_when_overdue():
    o = office()
    req = file_request(o, day="2025-09-30")
    with on_day("2025-10-31"):  # two working days left
        first = requests_sweep()
        again = requests_sweep()
    assert (first.due_soon, again.due_soon) == (1, 0)
    req.refresh_from_db()
    assert req.clock_state == ClockState.DUE_SOON
    with on_day("2025-11-05"):
        assert requests_sweep().overdue == 1
        assert requests_sweep().overdue == 0
    req.refresh_from_db()
    assert req.clock_state == ClockState.OVERDUE
    for event in ("disclosure.due_soon", "disclosure.overdue"):
        assert Notification.objects.filter(recipient=o.handler, event=event).count() == 1
    assert not Notification.objects.filter(recipient=o.other_handler).exists()
    with on_day("2025-11-06"):
        late = handling.request_decide(actor=o.handler, request=req, outcome="disclose")
    assert late.clock_state == ClockState.OVERDUE  # answered late stays on the record


def test_a_consulting_request_is_not_reported_overdue():
    o = office()
    req = file_request(o, day="2025-09-30")
    with on_day("2025-10-30"):
        handling.request_consult_start(
            actor=o.handler, request=req, kind="other_agency", party="市档案馆"
        )
    with on_day("2025-11-05"):
        assert requests_sweep().overdue == 0
    req.refresh_from_db()
    assert req.status == RequestStatus.CONSULTING and req.clock_state == ClockState.OK
