"""The standard disclosure catalogue (公开目录) and writes to the catalogue tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.permissions import require

# (code, name, decision kind, children). Local practice may add nodes; codes are stable URLs.
STANDARD_CATALOGUE: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("jgzn", "机构职能", "", []),
    ("zcwj", "政策文件", "", []),
    ("ghjh", "规划计划", "", []),
    ("xzxk", "行政许可", "license", []),
    ("xzcf", "行政处罚", "penalty", []),
    ("xzqz", "行政强制", "enforcement", []),
    ("czzj", "财政资金", "", [("czzj-ys", "预算"), ("czzj-js", "决算")]),
    ("rsxx", "人事信息", "", []),
    (
        "zdly",
        "重点领域",
        "",
        [
            ("zdly-jy", "教育"),
            ("zdly-yl", "医疗卫生"),
            ("zdly-hb", "环境保护"),
            ("zdly-sp", "食品药品"),
            ("zdly-aq", "安全生产"),
            ("zdly-jz", "社会救助"),
            ("zdly-zf", "保障性住房"),
        ],
    ),
    ("zcjd", "政策解读", "", []),
    ("qt", "其他", "", []),
]


def _place(node: Any, parent: Any) -> None:
    node.path = f"{parent.path if parent else '/'}{node.code}/"
    node.depth = (parent.depth + 1) if parent else 0


def seed_standard_catalogue(node_model: Any) -> int:
    """Create the missing standard nodes; returns how many were created.

    Takes the model class so the data migration can pass its historical model.
    """
    created = 0
    for order, (code, name, decision_kind, children) in enumerate(STANDARD_CATALOGUE, 1):
        parent, was_created = node_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "decision_kind": decision_kind, "sort_order": order * 10,
                "path": f"/{code}/", "depth": 0,
            },
        )  # fmt: skip
        created += was_created
        for child_order, (child_code, child_name) in enumerate(children, 1):
            _, was_created = node_model.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name, "parent": parent, "sort_order": child_order * 10,
                    "path": f"{parent.path}{child_code}/", "depth": parent.depth + 1,
                },
            )  # fmt: skip
            created += was_created
    return created


def catalogue_seed() -> int:
    """Idempotently create the standard catalogue (also done by migration 0001)."""
    from yiwang.disclosure.models import CatalogueNode

    with transaction.atomic():
        return seed_standard_catalogue(CatalogueNode)


def catalogue_node_create(
    *,
    actor: Any,
    code: str,
    name: str,
    parent: Any = None,
    department: Any = None,
    decision_kind: str = "",
    sort_order: int = 0,
) -> Any:
    """Add a node; a department's own nodes hang below a standard node."""
    from yiwang.disclosure.models import CatalogueNode, DecisionKind

    require(actor, "disclosure.catalogue.manage", department)
    errors: list[FieldError] = []
    code = (code or "").strip().lower()
    name = (name or "").strip()
    if not code or len(code) > 60 or not all(c.isalnum() or c in "-_" for c in code):
        errors.append(FieldError("code", _("代码只能包含字母、数字、连字符"), "invalid"))
    elif CatalogueNode.objects.filter(code=code).exists():
        errors.append(FieldError("code", _("代码已被使用"), "duplicate"))
    if not name or len(name) > 60:
        errors.append(FieldError("name", _("请填写目录名称（不超过 60 个字）"), "required"))
    if decision_kind not in DecisionKind.values:
        errors.append(FieldError("decision_kind", _("年报统计类别无效"), "invalid_choice"))
    if department is not None and parent is None:
        errors.append(FieldError("parent", _("部门目录须挂在标准目录之下"), "required"))
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        node = CatalogueNode(
            code=code, name=name, parent=parent, department=department,
            decision_kind=decision_kind or (parent.decision_kind if parent else ""),
            sort_order=sort_order,
        )  # fmt: skip
        _place(node, parent)
        node.save()
        audit_record(
            action="disclosure.catalogue.create", target=node, actor=actor,
            summary=f"公开目录 {node.path}", department_id=getattr(department, "pk", None),
        )  # fmt: skip
    return node
