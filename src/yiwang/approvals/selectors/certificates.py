"""Reads of e-certificates: the holder's own list, and what the public verification page may
show (a citizen's name and ID number masked; the holder's details only with the QR's code)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.models.certificates import Certificate
from yiwang.approvals.services.certificates import Verification, certificate_checks
from yiwang.core import pii

STATUS_LABELS = {
    "valid": _("有效"),
    "revoked": _("已注销"),
    "expired": _("已过期"),
    "tampered": _("数据被篡改，验证失败"),
    "not_found": _("未找到该证照"),
    "unreadable": _("文件中没有可核验的电子证照签名"),
}


def certificates_of(*, user: Any) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(holder=user)
        .select_related("department", "application")
        .order_by("-issued_at", "-pk")
    )


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    status: str

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]


def certificate_rows(*, user: Any) -> list[CertificateRow]:
    certificates = list(certificates_of(user=user))
    return [CertificateRow(c, s) for c, s in zip(certificates, certificate_checks(certificates),
                                                  strict=True)]  # fmt: skip


def _is_person(cert: Certificate) -> bool:
    return getattr(cert.holder, "kind", "") == "citizen"


@dataclass(frozen=True)
class PublicCertificate:
    status: str
    status_label: Any
    number: str = ""
    title: str = ""
    department: str = ""
    issued_at: Any = None
    valid_until: Any = None
    holder_name: str = ""
    holder_identifier: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    revoked_at: Any = None
    revoke_reason: str = ""
    details_shown: bool = False


def public_view(result: Verification) -> PublicCertificate:
    """What anyone may read about a checked certificate. Without the QR's check code only the
    certificate itself (type, issuer, dates, status) is confirmed; with it, the holder too."""
    cert = result.certificate
    label = STATUS_LABELS[result.status]
    if cert is None or result.status == "tampered":
        return PublicCertificate(result.status, label, number=cert.number if cert else "")
    person = _is_person(cert)
    name, identifier = cert.holder_name, cert.holder_identifier or ""
    if person:
        name, identifier = pii.mask_name(name), pii.mask_id_number(identifier)
    facts: tuple[tuple[str, str], ...] = ()
    if result.code_matches:
        labels = cert.data.get("_labels") if isinstance(cert.data.get("_labels"), dict) else {}
        facts = tuple(
            (str(labels.get(k, k)), str(v))
            for k, v in cert.data.items()
            if not k.startswith("_") and not person
        )
    return PublicCertificate(
        status=result.status,
        status_label=label,
        number=cert.number,
        title=cert.title,
        department=cert.department.name,
        issued_at=cert.issued_at,
        valid_until=cert.valid_until,
        holder_name=name if result.code_matches or not person else pii.mask_name(name),
        holder_identifier=identifier if result.code_matches else "",
        facts=facts,
        revoked_at=cert.revoked_at,
        revoke_reason=cert.revoke_reason,
        details_shown=result.code_matches,
    )
