"""Certificate checks remember the SM2 signature result for the exact signed bytes: a holder's
list is verified once, not on every visit; tampering, a new key and revocation still show at
once."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from yiwang.approvals import signing
from yiwang.approvals.models import Certificate
from yiwang.approvals.selectors.certificates import certificate_rows
from yiwang.approvals.services.certificates import (
    certificate_issue,
    certificate_revoke,
    certificate_verify,
)
from yiwang.approvals.tests.applicant_support import office

pytestmark = pytest.mark.django_db


@pytest.fixture
def verifications(monkeypatch):
    """How many real SM2 verifications ran."""
    calls = []
    real = signing.verify

    def counting(message, signature, key_id):
        calls.append(key_id)
        return real(message, signature, key_id)

    monkeypatch.setattr(signing, "verify", counting)
    cache.clear()
    return calls


def _certificates(o, n: int) -> list[Certificate]:
    return [
        certificate_issue(actor=None, application=None, cert_type="business_licence",
                          holder=o.enterprise, data={"seq": i}, department=o.bureau)
        for i in range(n)
    ]  # fmt: skip


def test_my_certificates_verifies_each_signature_once(verifications):
    o = office()
    _certificates(o, 4)
    assert [r.status for r in certificate_rows(user=o.enterprise)] == ["valid"] * 4
    assert len(verifications) == 4
    assert [r.status for r in certificate_rows(user=o.enterprise)] == ["valid"] * 4
    assert len(verifications) == 4  # the second visit verified nothing again


def test_a_changed_row_is_verified_afresh_and_found_tampered(verifications):
    o = office()
    first, second = _certificates(o, 2)
    certificate_rows(user=o.enterprise)
    Certificate.objects.filter(pk=first.pk).update(holder_name="冒名公司")
    statuses = {r.certificate.pk: r.status for r in certificate_rows(user=o.enterprise)}
    assert statuses == {first.pk: "tampered", second.pk: "valid"}
    assert len(verifications) == 3  # only the changed one again
    Certificate.objects.filter(pk=first.pk).update(holder_name=first.holder_name)
    assert certificate_verify(first.number).status == "valid"
    Certificate.objects.filter(pk=second.pk).update(signature=first.signature)
    assert certificate_verify(second.number).status == "tampered"


def test_revocation_shows_at_once_and_a_retired_key_is_not_trusted_from_memory(
    verifications, monkeypatch
):
    o = office()
    (cert,) = _certificates(o, 1)
    assert certificate_verify(cert.number).status == "valid"
    certificate_revoke(actor=o.admin, certificate=cert, reason="企业已注销")
    assert certificate_verify(cert.number).status == "revoked"
    (other,) = _certificates(o, 1)
    assert certificate_verify(other.number).status == "valid"
    monkeypatch.setattr(signing, "known_public_keys", lambda: {})  # the key was withdrawn
    assert certificate_verify(other.number).status == "tampered"


def test_fifty_certificates_are_listed_fast_once_verified(verifications):
    o = office()
    _certificates(o, 50)
    began = time.perf_counter()
    certificate_rows(user=o.enterprise)
    cold = time.perf_counter() - began
    began = time.perf_counter()
    rows = certificate_rows(user=o.enterprise)
    warm = time.perf_counter() - began
    assert len(rows) == 50 and len(verifications) == 50
    print(
        f"\ncertificate_rows, 50 certificates: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"
    )
    assert warm < cold / 3
