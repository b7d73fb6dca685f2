"""The standard disclosure catalogue (公开目录) and writes to the catalogue tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput, PermissionDenied
from yiwang.org.permissions import is_platform_admin, require

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

    require_catalogue_manage(actor, department)
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


# --- maintaining the tree (workbench page 公开目录维护) ---------------------------------------


def require_catalogue_manage(actor: Any, department: Any) -> None:
    """A department's own nodes: its admins; the city's standard nodes: platform admins."""
    if department is None:
        if not is_platform_admin(actor):
            raise PermissionDenied(_("只有平台管理员可以维护全市统一的标准目录"))
        return
    require(actor, "disclosure.catalogue.manage", department)


def _clean_name(name: Any) -> str:
    name = str(name or "").strip()
    if not name or len(name) > 60:
        raise InvalidInput(
            field_errors=[FieldError("name", _("请填写目录名称（不超过 60 个字）"), "required")]
        )
    return name


def catalogue_node_rename(*, actor: Any, node: Any, name: Any, sort_order: Any = None) -> Any:
    """A new name (the code, which is the node's URL, stays) and optionally a new position."""
    from yiwang.disclosure.models import CatalogueNode

    require_catalogue_manage(actor, node.department)
    name = _clean_name(name)
    if sort_order not in (None, ""):
        try:
            sort_order = int(str(sort_order).strip())
        except ValueError:
            sort_order = -1
        if not 0 <= sort_order <= 100_000:
            raise InvalidInput(
                field_errors=[FieldError("sort_order", _("排序应为 0 至 100000 的整数"), "range")]
            )
    with transaction.atomic():
        obj = CatalogueNode.objects.select_for_update().get(pk=node.pk)
        old = obj.name
        obj.name = name
        if sort_order not in (None, ""):
            obj.sort_order = sort_order
        obj.save(update_fields=["name", "sort_order", "updated_at"])
        audit_record(
            action="disclosure.catalogue.rename", target=obj, actor=actor,
            summary=f"公开目录 {obj.path}：{old} → {name}", department_id=obj.department_id,
        )  # fmt: skip
    return obj


def catalogue_node_set_active(*, actor: Any, node: Any, active: bool) -> int:
    """Deactivate a node with its subtree (hidden from browsing, not offered for new
    publications; what is published stays public and searchable), or bring one node back
    (under an active parent). Returns how many nodes changed."""
    from yiwang.disclosure.models import CatalogueNode

    require_catalogue_manage(actor, node.department)
    with transaction.atomic():
        obj = CatalogueNode.objects.select_for_update().get(pk=node.pk)
        if active:
            if obj.parent_id and not CatalogueNode.objects.get(pk=obj.parent_id).is_active:
                raise InvalidInput(
                    field_errors=[FieldError("active", _("请先启用上级目录"), "parent_inactive")]
                )
            changed = CatalogueNode.objects.filter(pk=obj.pk, is_active=False).update(
                is_active=True
            )
        else:
            changed = CatalogueNode.objects.filter(
                path__startswith=obj.path, is_active=True
            ).update(is_active=False)
        if changed:
            audit_record(
                action="disclosure.catalogue." + ("activate" if active else "deactivate"),
                target=obj, actor=actor, department_id=obj.department_id,
                summary=f"公开目录 {obj.path}（{changed}）",
            )  # fmt: skip
    return changed
