"""Writes to the dispatch catalogue: categories, attributes, dispatch rules, time limits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.models import Department
from yiwang.org.permissions import require
from yiwang.tickets.models import (
    AttributeType,
    Category,
    CategoryAttribute,
    DispatchRule,
    SlaPolicy,
    TicketType,
)

_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def _check(actor: Any) -> None:
    if actor is not None:
        require(actor, "tickets.catalogue.manage")


def category_create(
    *, actor: Any, code: str, name: str, parent: Category | None = None, description: str = "",
    keywords: str = "", sort_order: int = 0,
) -> Category:  # fmt: skip
    _check(actor)
    errors = []
    if not _CODE.match(code or ""):
        errors.append(
            FieldError("code", _("分类代码应为 1 至 32 位字母、数字或 ._-"), "code_format")
        )
    elif Category.objects.filter(code=code).exists():
        errors.append(FieldError("code", _("分类代码已被使用"), "code_taken"))
    if not (name or "").strip() or len(name) > 100:
        errors.append(FieldError("name", _("请填写 1 至 100 个字符的名称"), "name_format"))
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        category = Category.objects.create(
            code=code, name=name.strip(), parent=parent, description=description,
            keywords=keywords, sort_order=sort_order,
        )  # fmt: skip
        category.path = f"{parent.path if parent else '/'}{category.pk}/"
        category.save(update_fields=["path"])
        audit_record(action="tickets.category.create", target=category, actor=actor,
                     changes={"code": [None, code], "name": [None, category.name]})  # fmt: skip
    return category


def category_attribute_add(
    *, actor: Any, category: Category, code: str, datatype: str, description: str,
    required: bool = False, values: Iterable[tuple[str, str]] = (), order: int = 0,
) -> CategoryAttribute:  # fmt: skip
    _check(actor)
    if datatype not in AttributeType.values:
        raise InvalidInput(field_errors=[FieldError("datatype", _("类型无效"), "invalid_choice")])
    with transaction.atomic():
        attribute = CategoryAttribute.objects.create(
            category=category, code=code, datatype=datatype, description=description,
            required=required, order=order, values=[{"key": k, "name": n} for k, n in values],
        )  # fmt: skip
        audit_record(action="tickets.category.attribute", target=attribute, actor=actor)
    return attribute


def dispatch_rule_set(
    *, actor: Any, category: Category, lead_department: Department,
    co_departments: Iterable[Department] = (), region_prefix: str = "", priority: int = 0,
) -> DispatchRule:  # fmt: skip
    _check(actor)
    if region_prefix and not (region_prefix.isdigit() and len(region_prefix) <= 12):
        raise InvalidInput(
            field_errors=[FieldError("region_prefix", _("行政区划前缀应为数字"), "region_format")]
        )
    with transaction.atomic():
        rule, _created = DispatchRule.objects.update_or_create(
            category=category, region_prefix=region_prefix,
            defaults={"lead_department": lead_department, "priority": priority, "is_active": True},
        )  # fmt: skip
        rule.co_departments.set(list(co_departments))
        audit_record(
            action="tickets.rule.set", target=rule, actor=actor,
            changes={"lead_department": [None, lead_department.pk]},
        )  # fmt: skip
    return rule


def sla_policy_set(
    *, actor: Any, ticket_type: str = "", category: Category | None = None,
    sign_limit_hours: Decimal | float = Decimal("2"), handle_limit_days: int = 5,
) -> SlaPolicy:  # fmt: skip
    _check(actor)
    errors = []
    if ticket_type and ticket_type not in TicketType.values:
        errors.append(FieldError("ticket_type", _("诉求类型无效"), "invalid_choice"))
    hours = Decimal(str(sign_limit_hours))
    if not Decimal("0.25") <= hours <= Decimal("240"):
        errors.append(
            FieldError("sign_limit_hours", _("签收时限应在 0.25 至 240 工作小时之间"), "range")
        )
    if not 1 <= int(handle_limit_days) <= 365:
        errors.append(
            FieldError("handle_limit_days", _("办理时限应在 1 至 365 个工作日之间"), "range")
        )
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        policy = SlaPolicy.objects.filter(ticket_type=ticket_type, category=category).first()
        if policy is None:
            policy = SlaPolicy(ticket_type=ticket_type, category=category)
        policy.sign_limit_hours, policy.handle_limit_days = hours, int(handle_limit_days)
        policy.save()
        audit_record(action="tickets.sla.set", target=policy, actor=actor,
                     changes={"sign_limit_hours": [None, str(hours)],
                              "handle_limit_days": [None, int(handle_limit_days)]})  # fmt: skip
    return policy
