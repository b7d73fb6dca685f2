"""Builders for the applicant-kit tests: an office with staff, an enterprise and a citizen,
an item whose materials can be met by certificates or shared data, and small valid files."""

from __future__ import annotations

import io
import itertools
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from yiwang.accounts import services as accounts
from yiwang.accounts.validators import (
    credit_code_check_char,
    id_number_check_digit,
    organization_code_check_char,
)
from yiwang.catalog.services import item_create
from yiwang.org.models import Department, Role
from yiwang.org.tests.factories import department, staff

_seq = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def credit_code(n: int) -> str:
    organisation = f"MA{n:06d}"
    first = "91339900" + organisation + organization_code_check_char(organisation)
    return first + credit_code_check_char(first)


def id_number(n: int) -> str:
    first = f"33990119850101{n % 1000:03d}"
    return first + id_number_check_digit(first)


@dataclass
class Office:
    bureau: Department
    other: Department
    handler: object
    admin: object
    other_admin: object
    enterprise: object
    citizen: object
    item: object
    n: int


MATERIALS = [
    {"code": "M01", "name": "法定代表人身份证明", "required": True, "accepts": "pdf,jpg,png"},
    {"code": "M02", "name": "名称自主申报告知书", "required": True,
     "certificate_type": "name_approval", "accepts": "pdf"},
    {"code": "M03", "name": "住所使用证明", "required": True, "shared_data": "不动产登记",
     "accepts": "pdf"},
    {"code": "M04", "name": "公司章程", "required": False, "accepts": "pdf,docx"},
]  # fmt: skip


def office() -> Office:
    n = next(_seq)
    bureau = department(f"示范市市场监督管理局{n}")
    other = department(f"示范市税务局{n}")
    enterprise = accounts.enterprise_register(
        username=f"firm{n}", password=None, password_hash="!x",
        name=f"示范市青禾科技有限公司{n}", credit_code=credit_code(n),
        legal_representative="李青", phone=f"138{n:08d}",
    )  # fmt: skip
    citizen = accounts.citizen_register(
        username=f"person{n}", password=None, password_hash="!x", real_name="王小明",
        id_number=id_number(n), phone=f"137{n:08d}",
    )  # fmt: skip
    item = item_create(
        actor=None, code=f"SC-XK-{n:03d}", name="企业设立登记", item_type="licensing",
        department=bureau, statutory_limit_days=15, promised_limit_days=3,
        certificate_type="business_licence", materials=[dict(m) for m in MATERIALS],
    )  # fmt: skip
    return Office(
        bureau=bureau,
        other=other,
        handler=staff(f"handler{n}", bureau, Role.HANDLER),
        admin=staff(f"admin{n}", bureau, Role.DEPARTMENT_ADMIN),
        other_admin=staff(f"otheradmin{n}", other, Role.DEPARTMENT_ADMIN),
        enterprise=enterprise,
        citizen=citizen,
        item=item,
        n=n,
    )


def bare_application(o: Office, *, applicant=None, status: str = "submitted"):
    """An application row for tests of the parts that only read it (materials, rating,
    tracking); the engine's own tests cover how applications are made."""
    from yiwang.approvals.models import Application, ProcessDefinition

    definition, _created = ProcessDefinition.objects.get_or_create(
        key="a2-test", version=1,
        defaults={"name": "test", "bpmn_xml": "<definitions/>", "sha256": "0" * 64},
    )  # fmt: skip
    number = f"SB{o.n:04d}{next(_seq):06d}"
    return Application.objects.create(
        number=number, item=o.item, applicant=applicant or o.enterprise, title=o.item.name,
        department=o.bureau, definition=definition, submitted_at=timezone.now(), status=status,
    )  # fmt: skip
