"""E-certificates: issued with an SM2 signature over their data, verified publicly as valid,
revoked or tampered, downloadable as a PDF that carries its own signed payload."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from yiwang.approvals import signing
from yiwang.approvals.models import Certificate
from yiwang.approvals.services.certificates import (
    canonical,
    certificate_check,
    certificate_issue,
    certificate_pdf,
    certificate_revoke,
    certificate_verify,
    certificate_verify_pdf,
)
from yiwang.approvals.tests.applicant_support import bare_application, office
from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.notify.models import Notification

pytestmark = pytest.mark.django_db


def _issue(o, **overrides):
    values = dict(
        actor=o.handler, application=bare_application(o), cert_type="business_licence",
        holder=o.enterprise,
        data={"legal_representative": "李青", "registered_capital": "100 万元",
              "_labels": {"legal_representative": "法定代表人", "registered_capital": "注册资本"}},
    )  # fmt: skip
    values.update(overrides)
    return certificate_issue(**values)


def test_issue_signs_the_certificate_and_tells_the_holder():
    o = office()
    cert = _issue(o)
    assert cert.title == "营业执照"
    assert cert.holder_name == o.enterprise.enterprise_profile.name
    assert cert.holder_identifier == o.enterprise.enterprise_profile.credit_code
    assert cert.department == o.bureau
    assert cert.public_key_id == signing.signing_key().key_id
    assert signing.verify(canonical(cert), cert.signature, cert.public_key_id)
    assert certificate_check(cert) == "valid"
    assert Notification.objects.filter(recipient=o.enterprise, event__contains="certificate")
    assert AuditRecord.objects.filter(action="approvals.certificate.issue").exists()


def test_issuing_twice_for_one_application_returns_the_first():
    o = office()
    app = bare_application(o)
    first = _issue(o, application=app)
    again = _issue(o, application=app)
    assert first.pk == again.pk
    assert Certificate.objects.filter(application=app).count() == 1


def test_only_the_issuing_department_may_issue():
    o = office()
    with pytest.raises(PermissionDenied):
        _issue(o, actor=o.other_admin)


def test_bad_certificate_type_or_data_is_refused():
    o = office()
    with pytest.raises(InvalidInput):
        _issue(o, cert_type="")
    with pytest.raises(InvalidInput):
        _issue(o, data=["not", "a", "dict"])


def test_verification_page_result_valid_and_check_code():
    o = office()
    cert = _issue(o)
    result = certificate_verify(cert.number.lower(), cert.verify_code)
    assert result.status == "valid" and result.code_matches
    assert certificate_verify(cert.number).code_matches is False
    assert certificate_verify("ZZ2026-NOSUCHNUMBER").status == "not_found"


def test_a_changed_database_row_is_detected_as_tampered():
    o = office()
    cert = _issue(o)
    Certificate.objects.filter(pk=cert.pk).update(
        data={**cert.data, "registered_capital": "1000 万元"}
    )
    assert certificate_verify(cert.number).status == "tampered"
    Certificate.objects.filter(pk=cert.pk).update(data=cert.data, holder_name="别的公司")
    assert certificate_verify(cert.number).status == "tampered"
    Certificate.objects.filter(pk=cert.pk).update(holder_name=cert.holder_name)
    assert certificate_verify(cert.number).status == "valid"
    Certificate.objects.filter(pk=cert.pk).update(signature="0" * 128)
    assert certificate_verify(cert.number).status == "tampered"


def test_an_expired_certificate_is_not_valid():
    o = office()
    cert = _issue(o, valid_until=timezone.localdate() - timedelta(days=1))
    assert certificate_verify(cert.number).status == "expired"


def test_revocation_needs_a_reason_the_right_role_and_happens_once():
    o = office()
    cert = _issue(o)
    with pytest.raises(InvalidInput):
        certificate_revoke(actor=o.admin, certificate=cert, reason=" ")
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=o.handler, certificate=cert, reason="企业申请注销")
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=o.other_admin, certificate=cert, reason="企业申请注销")
    with pytest.raises(Conflict):
        certificate_revoke(actor=o.admin, certificate=cert, reason="企业申请注销",
                           expected_version=cert.version + 1)  # fmt: skip
    revoked = certificate_revoke(actor=o.admin, certificate=cert, reason="企业申请注销")
    assert revoked.revoke_reason == "企业申请注销"
    assert certificate_verify(cert.number).status == "revoked"
    with pytest.raises(Conflict):
        certificate_revoke(actor=o.admin, certificate=cert, reason="再次注销")
    told = Notification.objects.filter(recipient=o.enterprise).order_by("-pk").first()
    assert "已注销" in told.title
    assert AuditRecord.objects.filter(action="approvals.certificate.revoke").exists()


def test_pdf_has_the_data_a_qr_code_and_its_signed_payload():
    o = office()
    cert = _issue(o)
    pdf = certificate_pdf(cert, base_url="https://zw.example.gov.cn")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert cert.number in text and "营业执照" in text and "法定代表人" in text
    assert "yiwang-certificate.json" in reader.attachments
    assert any(reader.pages[0].images)  # the QR code
    assert certificate_verify_pdf(pdf).status == "valid"


def test_pdf_verification_sees_tampering_revocation_and_garbage():
    o = office()
    cert = _issue(o)
    pdf = certificate_pdf(cert)
    forged = (
        pdf.replace(b"\\u6cd5\\u5b9a", b"XX")
        if b"\\u6cd5" in pdf
        else pdf.replace("李青".encode(), "王五".encode())
    )
    assert forged != pdf
    assert certificate_verify_pdf(forged).status in ("tampered", "unreadable")
    # a record changed behind the platform's back no longer matches the PDF
    Certificate.objects.filter(pk=cert.pk).update(holder_name="别的公司")
    assert certificate_verify_pdf(pdf).status == "tampered"
    Certificate.objects.filter(pk=cert.pk).update(holder_name=cert.holder_name)
    certificate_revoke(actor=o.admin, certificate=cert, reason="企业申请注销")
    assert certificate_verify_pdf(pdf).status == "revoked"
    assert certificate_verify_pdf(b"%PDF-1.4 nothing").status == "unreadable"
    assert certificate_verify_pdf(b"not a pdf").status == "unreadable"


def test_a_citizen_holder_has_the_id_number_encrypted_at_rest():
    o = office()
    cert = _issue(o, holder=o.citizen, cert_type="social_insurance")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holder_identifier FROM approvals_certificate WHERE id = %s", [cert.pk]
        )
        stored = cursor.fetchone()[0]
    assert o.citizen.citizen_profile.id_number not in stored
    assert Certificate.objects.get(pk=cert.pk).holder_identifier == (
        o.citizen.citizen_profile.id_number
    )
    assert certificate_check(cert) == "valid"


# --- pages ---------------------------------------------------------------------------------------


def test_holder_lists_and_downloads_certificates_others_cannot(client):
    o = office()
    cert = _issue(o)
    client.force_login(o.enterprise)
    page = client.get("/certificates/")
    assert cert.number in page.content.decode() and "有效" in page.content.decode()
    pdf = client.get(f"/certificates/{cert.number}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and certificate_verify_pdf(pdf.content).is_valid
    client.force_login(o.citizen)
    assert client.get(f"/certificates/{cert.number}/pdf/").status_code == 404


def test_public_verification_page_shows_valid_revoked_and_tampered(client):
    o = office()
    cert = _issue(o)
    page = client.get(f"/certificates/verify/{cert.number}/?code={cert.verify_code}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-status="valid"' in html
    assert cert.holder_name in html and "李青" in html  # details with the QR's code
    plain = client.get(f"/certificates/verify/{cert.number}/").content.decode()
    assert 'data-status="valid"' in plain and "李青" not in plain
    Certificate.objects.filter(pk=cert.pk).update(holder_name="冒名公司")
    html = client.get(f"/certificates/verify/{cert.number}/").content.decode()
    assert 'data-status="tampered"' in html and "冒名公司" not in html
    Certificate.objects.filter(pk=cert.pk).update(holder_name=cert.holder_name)
    certificate_revoke(actor=o.admin, certificate=cert, reason="营业执照被依法吊销")
    html = client.get(f"/certificates/verify/{cert.number}/").content.decode()
    assert 'data-status="revoked"' in html and "营业执照被依法吊销" in html
    assert client.get("/certificates/verify/ZZ2026-0000000000/").status_code == 404


def test_a_citizens_certificate_is_masked_on_the_public_page(client):
    o = office()
    cert = _issue(o, holder=o.citizen, cert_type="social_insurance")
    html = client.get(f"/certificates/verify/{cert.number}/?code={cert.verify_code}").content
    html = html.decode()
    assert o.citizen.citizen_profile.id_number not in html
    assert "王**" in html


def test_verify_by_uploading_the_pdf(client):
    o = office()
    cert = _issue(o)
    pdf = certificate_pdf(cert)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post("/certificates/verify/", {"pdf": SimpleUploadedFile("c.pdf", pdf)})
    assert 'data-status="valid"' in page.content.decode()
    bad = client.post("/certificates/verify/", {"pdf": SimpleUploadedFile("c.pdf", b"%PDF-1")})
    assert 'data-status="unreadable"' in bad.content.decode()
    missing = client.post("/certificates/verify/", {})
    assert missing.status_code == 400 and "请选择要核验的证照" in missing.content.decode()
    assert client.get("/certificates/verify/?number=" + cert.number.lower()).status_code == 302


def test_staff_revoke_page(client):
    o = office()
    cert = _issue(o)
    client.force_login(o.handler)
    page = client.get(f"/workbench/approvals/certificates/{cert.number}/").content.decode()
    assert "确认注销" not in page  # a handler may see it but not revoke it
    client.force_login(o.admin)
    url = f"/workbench/approvals/certificates/{cert.number}/"
    empty = client.post(url, {"reason": "", "version": cert.version})
    assert empty.status_code == 400 and "请填写注销原因" in empty.content.decode()
    done = client.post(url, {"reason": "企业申请注销", "version": cert.version})
    assert done.status_code == 302
    assert certificate_verify(cert.number).status == "revoked"
    stale = client.post(url, {"reason": "再来一次", "version": cert.version})
    assert stale.status_code in (200, 409)
    client.force_login(o.other_admin)
    assert client.get(url).status_code == 404
