"""Builders for the engine's tests: the demo city's bureaus with a handler each, a citizen,
a simple item on the default process, and the 企业开办 bundle on ``enterprise_startup``."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from yiwang.accounts import services as accounts
from yiwang.approvals.services.definitions import definitions_load_shipped
from yiwang.approvals.tests.applicant_support import id_number
from yiwang.catalog.services import item_create
from yiwang.catalog.services.bundles import bundle_save
from yiwang.catalog.tests.factories import demo_departments
from yiwang.org.models import Department, Role
from yiwang.org.tests.factories import staff

_seq = itertools.count(1)

BUREAUS = {"zwfwj": "政务服务局", "scjgj": "市场监管局", "gaj": "公安局", "tax": "税务局",
           "rsj": "人社局"}  # fmt: skip
STARTUP_SCHEMA = {
    "type": "object",
    "title": "企业开办一表制",
    "properties": {"company_name": {"type": "string", "title": "企业名称"}},
    "required": ["company_name"],
}
STARTUP_TASKS = ("business_licence", "seal_record", "tax_registration", "social_insurance")


@dataclass
class Town:
    departments: dict[str, Department]
    handlers: dict[str, object]  # bureau key -> a handler there
    citizen: object
    item: object
    n: int
    extra: dict = field(default_factory=dict)


def town(*, load_shipped: bool = True) -> Town:
    n = next(_seq)
    departments = demo_departments()
    handlers = {key: staff(f"h{key}{n}", departments[key], Role.HANDLER) for key in BUREAUS}
    citizen = accounts.citizen_register(
        username=f"applicant{n}", password=None, password_hash="!x", real_name="王小明",
        id_number=id_number(500 + n), phone=f"139{n:08d}",
    )  # fmt: skip
    if load_shipped:
        definitions_load_shipped()
    item = item_create(
        actor=None, code=f"GA-T-{n:03d}", name="户外广告设置许可", item_type="licensing",
        department=departments["scjgj"], statutory_limit_days=20, promised_limit_days=5,
        form_schema={}, materials=[],
        special_steps=[{"name": "专家评审", "max_days": 10, "counts_toward_limit": False},
                       {"name": "现场核查", "max_days": 3, "counts_toward_limit": True}],
    )  # fmt: skip
    return Town(departments, handlers, citizen, item, n)


def startup_bundle(t: Town):
    items = []
    for code, name, key in (
        ("NAME", "企业名称自主申报", "scjgj"), ("LIC", "企业设立登记", "scjgj"),
        ("SEAL", "印章刻制备案", "gaj"), ("TAX", "税务登记", "tax"), ("SI", "社保登记", "rsj"),
    ):  # fmt: skip
        items.append(item_create(
            actor=None, code=f"QY-{code}-{t.n:03d}", name=name, item_type="licensing",
            department=t.departments[key], statutory_limit_days=10, promised_limit_days=3,
            form_schema={}, materials=[],
        ))  # fmt: skip
    return bundle_save(
        actor=None, code=f"QYKB-{t.n}", name="企业开办一件事", department=t.departments["zwfwj"],
        item_codes=[i.code for i in items], form_schema=STARTUP_SCHEMA, field_map={},
        process_key="enterprise_startup", promised_limit_days=3,
    )  # fmt: skip


def open_tasks(application):
    return {t.bpmn_id: t for t in application.tasks.filter(status="open")}
