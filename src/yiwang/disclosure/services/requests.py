"""依申请公开: filing a request (public form, API, or staff for letters and visits).

The request gets a number (YSQ-2026-000123) and its due date at once: the platform confirms
receipt on submission, which under 条例第三十一条 is the day of receipt for online requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.validators import (
    validate_credit_code,
    validate_id_number,
    validate_mobile_phone,
)
from yiwang.audit.services import audit_record
from yiwang.core import pii
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.disclosure import clock, notifications
from yiwang.disclosure.models.requests import (
    ApplicantType,
    DisclosureRequest,
    IdType,
    ProvideForm,
    ReceiveWay,
    RequestChannel,
    RequestCounter,
    RequestEvent,
)
from yiwang.disclosure.permissions_requests import HANDLE
from yiwang.org.models import Department
from yiwang.org.permissions import require

NUMBER_PREFIX = getattr(settings, "YIWANG_DISCLOSURE_REQUEST_PREFIX", "YSQ")
MAX_DESCRIPTION = 5000
MAX_PURPOSE = 1000
LIMITS = {
    "name": 200,
    "contact_name": 50,
    "legal_representative": 50,
    "address": 200,
    "document_title": 200,
    "document_number": 100,
}


def next_request_number(year: int) -> str:
    """YSQ-2026-000123: unique and sequential per year, safe under concurrency."""
    with transaction.atomic():
        if not RequestCounter.objects.filter(year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    RequestCounter.objects.create(year=year, last=1)
            except IntegrityError:  # another writer created the counter first
                RequestCounter.objects.filter(year=year).update(last=F("last") + 1)
        last = RequestCounter.objects.values_list("last", flat=True).get(year=year)
    return f"{NUMBER_PREFIX}-{year}-{last:06d}"


@dataclass
class ApplicantData:
    """What the form collects about the applicant (natural person or organisation)."""

    applicant_type: str
    name: str
    phone: str
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class RequestData:
    """What is asked for, and how the applicant wants it."""

    department_id: Any
    description: str
    document_title: str = ""
    document_number: str = ""
    purpose: str = ""
    provide_form: str = ProvideForm.EMAIL
    receive_way: str = ReceiveWay.EMAIL


def _text(value: Any) -> str:
    return str(value or "").strip()


def _check_length(values: dict[str, str], errors: list[FieldError]) -> None:
    for field_name, limit in LIMITS.items():
        if len(values.get(field_name, "")) > limit:
            errors.append(FieldError(field_name, _("内容过长，请精简后再提交"), "too_long"))


def _clean_applicant(data: ApplicantData, errors: list[FieldError]) -> dict[str, str]:
    kind = _text(data.applicant_type)
    clean = {
        "applicant_type": kind,
        "name": _text(data.name),
        "contact_name": _text(data.contact_name),
        "legal_representative": _text(data.legal_representative),
        "address": _text(data.address),
        "postcode": _text(data.postcode),
        "id_type": "",
        "id_number": "",
        "credit_code": "",
    }
    if kind not in ApplicantType.values:
        errors.append(FieldError("applicant_type", _("请选择申请人类型"), "invalid_choice"))
    if not clean["name"]:
        errors.append(FieldError("name", _("请填写申请人姓名或单位名称"), "required"))
    if kind == ApplicantType.NATURAL:
        id_type, id_number = _text(data.id_type), _text(data.id_number)
        if id_type not in IdType.values:
            errors.append(FieldError("id_type", _("请选择证件类型"), "invalid_choice"))
        elif not id_number:
            errors.append(FieldError("id_number", _("请填写证件号码"), "required"))
        elif id_type == IdType.RESIDENT:
            try:
                id_number = validate_id_number(id_number)
            except ValidationError as exc:
                errors.append(FieldError("id_number", exc.messages[0], "id_number_invalid"))
        elif not 3 <= len(id_number) <= 30:
            errors.append(FieldError("id_number", _("证件号码长度应为 3 至 30 个字符"), "length"))
        clean.update(id_type=id_type, id_number=id_number, legal_representative="")
    elif kind in ApplicantType.values:
        try:
            clean["credit_code"] = validate_credit_code(_text(data.credit_code))
        except ValidationError as exc:
            errors.append(FieldError("credit_code", exc.messages[0], "credit_code_invalid"))
        if not clean["legal_representative"]:
            errors.append(
                FieldError("legal_representative", _("请填写法定代表人或负责人"), "required")
            )
        if not clean["contact_name"]:
            errors.append(FieldError("contact_name", _("请填写联系人姓名"), "required"))
    try:
        clean["phone"] = validate_mobile_phone(_text(data.phone))
    except ValidationError as exc:
        errors.append(FieldError("phone", exc.messages[0], "phone_format"))
    email = _text(data.email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(FieldError("email", _("电子邮箱格式不正确"), "email_format"))
    clean["email"] = email
    if clean["postcode"] and not (len(clean["postcode"]) == 6 and clean["postcode"].isdigit()):
        errors.append(FieldError("postcode", _("邮政编码应为 6 位数字"), "postcode_format"))
    return clean


def _clean_request(data: RequestData, errors: list[FieldError]) -> dict[str, Any]:
    clean: dict[str, Any] = {
        "description": _text(data.description),
        "document_title": _text(data.document_title),
        "document_number": _text(data.document_number),
        "purpose": _text(data.purpose),
        "provide_form": _text(data.provide_form),
        "receive_way": _text(data.receive_way),
    }
    if not clean["description"]:
        errors.append(FieldError("description", _("请描述所需的政府信息"), "required"))
    elif len(clean["description"]) > MAX_DESCRIPTION:
        errors.append(FieldError("description", _("内容描述不能超过 5000 个字符"), "too_long"))
    if len(clean["purpose"]) > MAX_PURPOSE:
        errors.append(FieldError("purpose", _("用途不能超过 1000 个字符"), "too_long"))
    if clean["provide_form"] not in ProvideForm.values:
        errors.append(FieldError("provide_form", _("请选择提供方式"), "invalid_choice"))
    if clean["receive_way"] not in ReceiveWay.values:
        errors.append(FieldError("receive_way", _("请选择获取方式"), "invalid_choice"))
    department = None
    try:
        department_id = int(str(data.department_id or "").strip())
    except ValueError:
        department_id = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        errors.append(FieldError("department", _("请选择受理机关"), "unknown_department"))
    clean["department"] = department
    return clean


def _check_delivery(clean: dict[str, Any], errors: list[FieldError]) -> None:
    wants_email = ReceiveWay.EMAIL in (clean["receive_way"], clean["provide_form"])
    if wants_email and not clean["email"]:
        errors.append(FieldError("email", _("选择电子邮件方式时请填写电子邮箱"), "required"))
    if clean["receive_way"] == ReceiveWay.POST and not clean["address"]:
        errors.append(FieldError("address", _("选择邮寄方式时请填写通信地址"), "required"))


def request_submit(
    *,
    actor: Any,
    applicant: ApplicantData,
    request: RequestData,
    channel: str = RequestChannel.WEB,
    received_on: date | None = None,
) -> DisclosureRequest:
    """File a request. A citizen or enterprise account becomes the request's owner; staff
    (who may register letters, visits and faxes with the day they arrived) stay out of it."""
    errors: list[FieldError] = []
    clean = {**_clean_applicant(applicant, errors), **_clean_request(request, errors)}
    _check_length(clean, errors)
    _check_delivery(clean, errors)
    if channel not in RequestChannel.values:
        errors.append(FieldError("channel", _("申请方式无效"), "invalid_choice"))
    today = timezone.localdate()
    is_staff_entry = channel != RequestChannel.WEB or received_on is not None
    if received_on is not None and received_on > today:
        errors.append(FieldError("received_on", _("收到申请日期不能晚于今天"), "future"))
    if errors:
        raise InvalidInput(field_errors=errors)
    department = clean.pop("department")
    if is_staff_entry:
        require(actor, HANDLE, department)
    received = received_on or today
    owner = actor if _is_public_account(actor) and not is_staff_entry else None
    with transaction.atomic():
        obj = DisclosureRequest(
            number=next_request_number(received.year),
            channel=channel,
            department=department,
            applicant=owner,
            phone_index=pii.blind_index(clean["phone"], purpose="phone"),
            submitted_on=received,
            clock_received_on=received,
            **clean,
        )
        state = clock.compute(received_on=received, today=today)
        obj.due_on = state.due_on
        obj.save()
        RequestEvent.objects.create(
            request=obj,
            action="submitted",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=str(_("收到申请，答复期限 {due}")).format(due=state.due_on.isoformat()),
        )
        audit_record(
            action="disclosure.request.submit",
            target=obj,
            summary=f"{obj.number} {obj.get_applicant_type_display()} → {department.name}",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            department_id=department.pk,
        )
        notifications.tell_applicant(
            obj, notifications.RECEIVED, department=department.name, due=state.due_on
        )
        notifications.tell_staff(obj, notifications.NEW_REQUEST, due=state.due_on)
    return obj


def _is_public_account(actor: Any) -> bool:
    from yiwang.accounts.models import UserKind

    return bool(
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "kind", "") in (UserKind.CITIZEN, UserKind.ENTERPRISE)
    )
