# ruff: noqa: E501 — test data reads best one field per line
"""Builders for catalog tests: departments shaped like the demo city's, admins, items."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from yiwang.catalog import services
from yiwang.catalog.models import ServiceItem
from yiwang.demo import city
from yiwang.org import services as org
from yiwang.org.models import Department, Level, Role, Scope
from yiwang.org.tests.factories import staff

_seq = itertools.count(1)


def demo_departments() -> dict[str, Department]:
    """The demo city's government, bureaus and districts (no streets): what the catalogue
    needs, in a few milliseconds."""
    made: dict[str, Department] = {}
    for spec in city.departments():
        if spec.level > Level.DISTRICT or (spec.parent and spec.parent not in made):
            continue
        made[spec.key] = org.department_create(
            actor=None, name=spec.name, code=spec.code, kind=spec.kind, level=spec.level,
            region_code=spec.region_code, parent=made[spec.parent] if spec.parent else None,
            short_name=spec.short_name,
        )  # fmt: skip
    return made


@dataclass
class World:
    departments: dict[str, Department]
    market_admin: object  # 市场监管局 department admin
    police_admin: object  # 公安局 department admin
    platform_admin: object
    handler: object  # a handler of 市场监管局: staff, but no catalogue rights


def world() -> World:
    n = next(_seq)
    departments = demo_departments()
    return World(
        departments,
        market_admin=staff(f"scadmin{n}", departments["scjgj"], (Role.DEPARTMENT_ADMIN, Scope.SUBTREE)),
        police_admin=staff(f"gaadmin{n}", departments["gaj"], (Role.DEPARTMENT_ADMIN, Scope.SUBTREE)),
        platform_admin=staff(f"padmin{n}", departments["city"], (Role.PLATFORM_ADMIN, Scope.ALL)),
        handler=staff(f"schandler{n}", departments["scjgj"], Role.HANDLER),
    )  # fmt: skip


SCHEMA = {
    "type": "object",
    "title": "食品经营许可申请",
    "properties": {
        "company_name": {"type": "string", "title": "申请单位名称"},
        "address": {"type": "string", "title": "经营场所"},
        "area": {"type": "number", "title": "经营面积（平方米）", "minimum": 0},
    },
    "required": ["company_name", "address"],
}


def food_item(w: World, *, code: str | None = None, actor=None, **overrides) -> ServiceItem:
    values = dict(
        code=code or f"SC-T-{next(_seq):03d}", name="食品经营许可", item_type="licensing",
        department=w.departments["scjgj"], audience="legal", statutory_limit_days=20,
        promised_limit_days=10, summary="从事食品销售和餐饮服务，应当依法取得食品经营许可。",
        conditions="具有与经营的食品品种、数量相适应的经营场所。",
        process="提交申请\n受理审查\n现场核查\n作出决定", legal_basis="《中华人民共和国食品安全法》第三十五条",
        result_name="食品经营许可证", location="示范市市民中心市场监管窗口",
        office_hours="工作日 9:00—17:00", channels=["online", "window"], form_schema=SCHEMA,
        faq=[{"q": "许可证有效期多久？", "a": "有效期为 5 年。"}],
        materials=[
            {"code": "licence", "name": "营业执照", "certificate_type": "business_licence"},
            {"code": "layout", "name": "经营设施空间布局图", "original": False, "copies": 1},
        ],
        special_steps=[{"name": "现场核查", "max_days": 5, "counts_toward_limit": True}],
    )  # fmt: skip
    values.update(overrides)
    return services.item_create(actor=actor, **values)
