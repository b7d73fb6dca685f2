"""E-certificates (电子证照): issue, revoke, verify.

Each certificate is signed with SM2 (``yiwang.approvals.signing``) over ``canonical(cert)``:
UTF-8 JSON with sorted keys of the number, type, title, holder, holder's code, data, issuing
department and dates. Verification recomputes the canonical form from the database row and
checks the signature, so a row changed behind the platform's back shows as tampered. The PDF
(``certificate_pdf``) carries the same signed payload as an embedded file, so a PDF handed in
by someone can be checked too (``certificate_verify_pdf``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.approvals import signing
from yiwang.approvals.models.certificates import Certificate
from yiwang.approvals.services.signature_cache import signatures_valid
from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, NotFound
from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.org.models import Role
from yiwang.org.permissions import register_action, require

PAYLOAD_VERSION = 1
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U

# The demo's certificate types (catalog ``certificate_type`` codes) and their titles.
CERTIFICATE_TITLES = {
    "name_approval": _("名称自主申报告知书"),
    "business_licence": _("营业执照"),
    "seal_record": _("印章备案证明"),
    "tax_registration": _("税务登记信息确认单"),
    "social_insurance": _("社会保险登记证明"),
}

ISSUE = register_action(
    "approvals.certificate.issue",
    roles=[Role.HANDLER, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN],
    description="签发电子证照",
)
REVOKE = register_action(
    "approvals.certificate.revoke",
    roles=[Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN],
    description="注销电子证照",
)
VIEW = register_action(
    "approvals.certificate.view",
    roles=[Role.HANDLER, Role.SUPERVISOR, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN],
    owner=True,
    description="查看电子证照",
)

ISSUED_EVENT = "approvals.certificate_issued"
REVOKED_EVENT = "approvals.certificate_revoked"
register_event(
    ISSUED_EVENT,
    title=_("电子证照已签发：{{ title }}"),
    body=_("{{ department }}已向您签发{{ title }}（编号 {{ number }}），可在“我的证照”中下载。"),
    description=_("电子证照签发后告知持证主体"),
)
register_event(
    REVOKED_EVENT,
    title=_("电子证照已注销：{{ title }}"),
    body=_("您的{{ title }}（编号 {{ number }}）已由{{ department }}注销。原因：{{ reason }}"),
    sms=_("您的{{ title }}（编号{{ number }}）已被注销，详情请登录网站查看。"),
    description=_("电子证照注销后告知持证主体"),
)


def certificate_title(cert_type: str) -> str:
    title = CERTIFICATE_TITLES.get(cert_type)
    return str(title) if title is not None else cert_type


def _utc_seconds(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def canonical(cert: Certificate) -> bytes:
    """The exact bytes that are signed."""
    payload = {
        "v": PAYLOAD_VERSION,
        "number": cert.number,
        "cert_type": cert.cert_type,
        "title": cert.title,
        "holder_id": cert.holder_id,
        "holder_name": cert.holder_name,
        "holder_identifier": cert.holder_identifier or "",
        "data": cert.data or {},
        "department_id": cert.department_id,
        "issued_at": _utc_seconds(cert.issued_at),
        "valid_until": cert.valid_until.isoformat() if cert.valid_until else None,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _i in range(length))


def _new_number(today: date) -> str:
    return f"ZZ{today.year}-{_random(10)}"


def normalize_number(value: str) -> str:
    return "".join((value or "").split()).upper()[:40]


def holder_identity(holder: Any) -> tuple[str, str]:
    """(name, code) of a holder: an enterprise's name and credit code, a citizen's real name
    and ID number, or the account's display name."""
    profile = (
        getattr(holder, "enterprise_profile", None) if _has(holder, "enterprise_profile") else None
    )
    if profile is not None:
        return profile.name, profile.credit_code
    if _has(holder, "citizen_profile"):
        profile = holder.citizen_profile
        return profile.real_name, profile.id_number or ""
    return (getattr(holder, "display_name", "") or holder.get_username()), ""


def _has(holder: Any, relation: str) -> bool:
    try:
        return getattr(holder, relation, None) is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


def _clean_data(data: Any) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput(field_errors=[FieldError("data", _("证照信息必须是对象"), "type")])
    try:  # JSON round trip: what is signed is exactly what the database will give back
        return json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False, default=str))
    except ValueError:
        raise InvalidInput(
            field_errors=[FieldError("data", _("证照信息含有无法保存的数值"), "invalid")]
        ) from None


def _department_for(application: Any, cert_type: str) -> Any:
    item = getattr(application, "item", None)
    if item is not None:
        return item.department
    bundle = getattr(application, "bundle", None)
    if bundle is not None:
        for bundle_item in bundle.ordered_items():
            if bundle_item.certificate_type == cert_type:
                return bundle_item.department
        return bundle.department
    return None


def certificate_issue(
    *,
    actor: Any,
    application: Any,
    cert_type: str,
    holder: Any,
    data: dict,
    title: str = "",
    department: Any = None,
    valid_until: date | None = None,
) -> Certificate:
    """Issue and sign a certificate. ``actor`` None is the approval engine itself; a person
    needs ``approvals.certificate.issue`` in the issuing department. Issuing the same type
    for the same application again returns the first certificate (the engine may retry)."""
    cert_type = (cert_type or "").strip()
    if not cert_type or len(cert_type) > 40:
        raise InvalidInput(field_errors=[FieldError("cert_type", _("请指定证照类型"), "required")])
    department = department or (_department_for(application, cert_type) if application else None)
    if department is None:
        raise InvalidInput(field_errors=[FieldError("department", _("请指定发证机关"), "required")])
    if actor is not None:
        require(actor, ISSUE.name, department)
    data = _clean_data(data or {})
    holder_name, holder_identifier = holder_identity(holder)
    holder_name = str(data.pop("holder_name", "") or holder_name)[:200]
    with transaction.atomic():
        if application is not None:
            existing = Certificate.objects.filter(
                application=application, cert_type=cert_type
            ).first()
            if existing is not None:
                return existing
        now = timezone.now().replace(microsecond=0)
        cert = Certificate(
            cert_type=cert_type, title=(title or certificate_title(cert_type))[:200],
            holder=holder, holder_name=holder_name, holder_identifier=holder_identifier,
            data=data, department=department, issued_at=now, valid_until=valid_until,
            application=application, verify_code=_random(8),
        )  # fmt: skip
        for _attempt in range(5):
            cert.number = _new_number(timezone.localdate(now))
            cert.signature, cert.public_key_id = signing.sign(canonical(cert))
            try:
                with transaction.atomic():
                    cert.save()
                break
            except IntegrityError:  # the same random number twice: draw again
                continue
        else:  # pragma: no cover - 32**10 numbers a year
            raise Conflict(_("证照编号生成失败，请重试"), code="certificate-number")
        audit_record(
            action="approvals.certificate.issue", target=cert, actor=actor,
            department_id=department.pk,
            summary=f"签发{cert.title} {cert.number}",
        )  # fmt: skip
        notify_user(
            user=holder, event=ISSUED_EVENT,
            context={"title": cert.title, "number": cert.number, "department": department.name},
            url=reverse("approvals:my_certificates"),
        )  # fmt: skip
    return cert


def certificate_revoke(
    *, actor: Any, certificate: Certificate, reason: str, expected_version: int | None = None
) -> Certificate:
    """Revoke (注销) with a reason; the holder is told. Revoking twice is a conflict."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise InvalidInput(field_errors=[FieldError("reason", _("请填写注销原因"), "required")])
    if len(reason) > 500:
        raise InvalidInput(
            field_errors=[FieldError("reason", _("注销原因不能超过 500 字"), "max_length")]
        )
    require(actor, REVOKE.name, certificate)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("department", "holder")
        cert = locked.get(pk=certificate.pk)
        if expected_version is not None and cert.version != expected_version:
            raise Conflict()
        if cert.revoked_at is not None:
            raise Conflict(_("该证照已注销"), code="already-revoked")
        cert.revoked_at = timezone.now()
        cert.revoke_reason = reason
        cert.revoked_by = actor
        cert.version += 1
        cert.save(update_fields=["revoked_at", "revoke_reason", "revoked_by", "version"])
        audit_record(
            action="approvals.certificate.revoke", target=cert, actor=actor,
            department_id=cert.department_id, changes={"revoked": [False, True]},
            summary=f"注销{cert.title} {cert.number}：{reason[:100]}",
        )  # fmt: skip
        notify_user(
            user=cert.holder, event=REVOKED_EVENT, channels=("inbox", "sms"),
            context={"title": cert.title, "number": cert.number,
                     "department": cert.department.name, "reason": reason},
            url=reverse("approvals:my_certificates"),
        )  # fmt: skip
    return cert


# --- verification -------------------------------------------------------------------------------

VALID, REVOKED, EXPIRED, TAMPERED, NOT_FOUND, UNREADABLE = (
    "valid", "revoked", "expired", "tampered", "not_found", "unreadable",
)  # fmt: skip


def certificate_check(
    cert: Certificate, *, today: date | None = None, signature_ok: bool | None = None
) -> str:
    """valid / tampered (the signature does not match the record) / revoked / expired.
    The signature check is remembered for the exact signed bytes (services.signature_cache);
    ``signature_ok``: its result when already known (``certificate_checks`` for many)."""
    if signature_ok is None:
        signature_ok = signatures_valid([cert], canonical)[cert.pk]
    if not signature_ok:
        return TAMPERED
    if cert.revoked_at is not None:
        return REVOKED
    if cert.valid_until is not None and cert.valid_until < (today or timezone.localdate()):
        return EXPIRED
    return VALID


def certificate_checks(certs: list[Certificate], *, today: date | None = None) -> list[str]:
    """``certificate_check`` of each certificate, remembered signatures looked up at once."""
    valid = signatures_valid(certs, canonical)
    return [certificate_check(c, today=today, signature_ok=valid[c.pk]) for c in certs]


@dataclass(frozen=True)
class Verification:
    status: str
    certificate: Certificate | None = None
    code_matches: bool = False  # the QR code's check code: the holder's details may be shown

    @property
    def is_valid(self) -> bool:
        return self.status == VALID


def certificate_verify(number: str, code: str | None = None) -> Verification:
    """The public check of a certificate number (and the check code printed in its QR)."""
    cert = (
        Certificate.objects.select_related("department", "holder")
        .filter(number=normalize_number(number))
        .first()
    )
    if cert is None:
        return Verification(NOT_FOUND)
    matches = bool(code) and secrets.compare_digest(
        normalize_number(code or "").encode(), cert.verify_code.encode()
    )
    return Verification(certificate_check(cert), cert, matches)


def certificate_get(*, actor: Any, number: str) -> Certificate:
    """A certificate its holder (or authorised staff) may open; NotFound otherwise."""
    cert = (
        Certificate.objects.select_related("department")
        .filter(number=normalize_number(number))
        .first()
    )
    from yiwang.org.permissions import can

    if cert is None or not can(actor, VIEW.name, cert):
        raise NotFound(_("证照不存在"))
    return cert


def verify_url(cert: Certificate, *, base_url: str = "") -> str:
    path = reverse("approvals:certificate_verify", args=[cert.number])
    return f"{base_url.rstrip('/')}{path}?code={cert.verify_code}"


def certificate_pdf(cert: Certificate, *, base_url: str = "") -> bytes:
    from yiwang.approvals.services.certificate_pdf import render

    return render(cert, payload=canonical(cert), verify_link=verify_url(cert, base_url=base_url))


def certificate_verify_pdf(content: bytes) -> Verification:
    """Check a certificate PDF handed in: its embedded payload must carry a valid signature
    and match the registry's record, which must itself be valid."""
    from yiwang.approvals.services.certificate_pdf import read_embedded

    embedded = read_embedded(content)
    if embedded is None:
        return Verification(UNREADABLE)
    payload, signature, key_id = embedded
    try:
        number = json.loads(payload.decode("utf-8")).get("number", "")
    except (ValueError, AttributeError):
        return Verification(UNREADABLE)
    cert = Certificate.objects.select_related("department").filter(number=number).first()
    if not signing.verify(payload, signature, key_id):
        return Verification(TAMPERED, cert)
    if cert is None:
        return Verification(NOT_FOUND)
    if canonical(cert) != payload:
        return Verification(TAMPERED, cert)
    return Verification(certificate_check(cert), cert, code_matches=True)
