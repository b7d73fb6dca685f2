"""Builders for disclosure-request tests: a department with handlers and a head, applicants,
and a way to live on a chosen day (the clock is about dates)."""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

from yiwang.accounts import services as accounts
from yiwang.accounts.validators import (
    credit_code_check_char,
    id_number_check_digit,
    organization_code_check_char,
)
from yiwang.disclosure.models.requests import ApplicantType, DisclosureRequest
from yiwang.disclosure.services.requests import ApplicantData, RequestData, request_submit
from yiwang.org.models import Department, Role, Scope
from yiwang.org.tests.factories import department, staff

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


@contextlib.contextmanager
def on_day(day: date | str, at: time = time(10, 0)):
    """Everything inside happens at ``at`` o'clock on ``day`` (Asia/Shanghai)."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    moment = datetime.combine(day, at).replace(tzinfo=SHANGHAI)
    with mock.patch.object(timezone, "now", return_value=moment):
        yield moment


@dataclass
class Office:
    city: Department
    bureau: Department
    other: Department
    handler: object
    head: object
    other_handler: object
    admin: object
    citizen: object


def office() -> Office:
    n = next(_seq)
    city = department("示范市人民政府")
    bureau = department("示范市自然资源局", parent=city)
    other = department("示范市教育局", parent=city)
    citizen = accounts.citizen_register(
        username=f"applicant{n}", password=None, password_hash="!x", real_name="赵申请",
        id_number=id_number(n), phone=f"137{n:08d}",
    )  # fmt: skip
    return Office(
        city=city,
        bureau=bureau,
        other=other,
        handler=staff(f"gk_handler{n}", bureau, Role.HANDLER),
        head=staff(f"gk_head{n}", bureau, Role.DEPARTMENT_ADMIN),
        other_handler=staff(f"gk_other{n}", other, Role.HANDLER),
        admin=staff(f"gk_admin{n}", city, (Role.PLATFORM_ADMIN, Scope.ALL)),
        citizen=citizen,
    )


def id_number(n: int) -> str:
    first = f"33010219850101{n % 1000:03d}"
    return first + id_number_check_digit(first)


def credit_code(n: int) -> str:
    org = f"MA2{n % 100000:05d}"
    first = "91330100" + org + organization_code_check_char(org)
    return first + credit_code_check_char(first)


def person(**overrides) -> ApplicantData:
    values = dict(
        applicant_type=ApplicantType.NATURAL, name="钱公开", phone="13900002222",
        id_type="resident", id_number=id_number(7), email="qian@example.cn",
        address="示范市东城区人民路1号",
    )  # fmt: skip
    values.update(overrides)
    return ApplicantData(**values)


def organisation(kind: str = ApplicantType.COMMERCIAL, **overrides) -> ApplicantData:
    values = dict(
        applicant_type=kind, name="示范科技有限公司", phone="13900003333",
        credit_code=credit_code(next(_seq)), legal_representative="孙法人",
        contact_name="李联系", email="li@example.cn",
    )  # fmt: skip
    values.update(overrides)
    return ApplicantData(**values)


def asking(department: Department, **overrides) -> RequestData:
    values = dict(
        department_id=department.pk,
        description="申请公开 2025 年本市国有建设用地供应计划及其编制说明。",
        document_title="国有建设用地供应计划", provide_form="email", receive_way="email",
    )  # fmt: skip
    values.update(overrides)
    return RequestData(**values)


def file_request(
    o: Office, *, day: date | str | None = None, actor=None, applicant=None, **overrides
) -> DisclosureRequest:
    applicant = applicant or person()
    if day is None:
        return request_submit(
            actor=actor, applicant=applicant, request=asking(o.bureau, **overrides)
        )
    with on_day(day):
        return request_submit(
            actor=actor, applicant=applicant, request=asking(o.bureau, **overrides)
        )
