"""Workbench page 公开目录维护: the catalogue tree with add, rename and (de)activate.

Platform admins keep the city's standard nodes; department admins add and keep their own
nodes below them. Thin: the services check permissions and input; their errors come back as
messages on the same page (400/403), never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yiwang.core.errors import FieldError, InvalidInput, PermissionDenied
from yiwang.disclosure.models import CatalogueNode, DecisionKind
from yiwang.disclosure.services import publications_catalogue as svc
from yiwang.org.models import Department
from yiwang.org.permissions import can, is_platform_admin, scope_queryset
from yiwang.workbench.decorators import staff_required

MANAGE = "disclosure.catalogue.manage"


def _departments(user):
    return scope_queryset(
        user, MANAGE, Department.objects.filter(is_active=True), department_field="self"
    ).order_by("path")


def _invalid(field: str, message: str, code: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(field, message, code)])


def _small_int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _sort_order(value) -> int:
    number = _small_int(value or "0")
    if number is None or number > 100_000:
        raise _invalid("sort_order", _("排序应为 0 至 100000 的整数"), "range")
    return number


def _node(value) -> CatalogueNode | None:
    pk = _small_int(value)
    return CatalogueNode.objects.filter(pk=pk).first() if pk is not None else None


def _may_manage(user, node: CatalogueNode) -> bool:
    if node.department_id is None:
        return is_platform_admin(user)
    return can(user, MANAGE, node.department)


def _post(request) -> str:
    """Do what the form asks; returns the message to show."""
    action = request.POST.get("action", "")
    if action == "create":
        department = None
        if request.POST.get("department", "").strip():
            wanted = request.POST["department"].strip()
            department = (
                _departments(request.user).filter(pk=int(wanted) if wanted.isdigit() else 0).first()
            )
            if department is None:
                raise _invalid("department", _("请选择所属部门"), "invalid_choice")
        parent = _node(request.POST.get("parent"))
        if request.POST.get("parent") and (parent is None or not parent.is_active):
            raise _invalid("parent", _("请选择上级目录"), "invalid_choice")
        owner = getattr(department, "pk", None)
        if parent is not None and parent.department_id not in (None, owner):
            raise _invalid("parent", _("不能挂在其他部门的目录之下"), "other_department")
        node = svc.catalogue_node_create(
            actor=request.user, code=request.POST.get("code", ""),
            name=request.POST.get("name", ""), parent=parent, department=department,
            decision_kind=request.POST.get("decision_kind", ""),
            sort_order=_sort_order(request.POST.get("sort_order")),
        )  # fmt: skip
        return _("已新增目录“{name}”").format(name=node.name)
    node = _node(request.POST.get("node"))
    if node is None:
        raise _invalid("node", _("目录不存在"), "not_found")
    if action == "rename":
        node = svc.catalogue_node_rename(
            actor=request.user, node=node, name=request.POST.get("name", ""),
            sort_order=request.POST.get("sort_order"),
        )  # fmt: skip
        return _("已更新目录“{name}”").format(name=node.name)
    if action in ("deactivate", "activate"):
        changed = svc.catalogue_node_set_active(
            actor=request.user, node=node, active=action == "activate"
        )
        if action == "activate":
            return _("已启用目录“{name}”").format(name=node.name)
        return _("已停用目录“{name}”及其下级目录（共 {n} 个）").format(name=node.name, n=changed)
    raise _invalid("action", _("无效的操作"), "invalid_choice")


@staff_required
@require_http_methods(["GET", "POST"])
def catalogue_page(request):
    if not can(request.user, MANAGE):
        raise DjangoPermissionDenied
    status = 200
    if request.method == "POST":
        try:
            messages.success(request, _post(request))
            return redirect("disclosure:staff_catalogue")
        except InvalidInput as exc:
            for error in exc.field_errors or ():
                messages.error(request, str(error.message))
            if not exc.field_errors:
                messages.error(request, str(exc.detail))
            status = 400
        except PermissionDenied as exc:
            messages.error(request, str(exc.detail))
            status = 403
    nodes = list(CatalogueNode.objects.select_related("department").order_by("path"))
    rows = [(n, _may_manage(request.user, n)) for n in nodes]
    context = {
        "rows": rows,
        "parents": [n for n in nodes if n.is_active and n.depth < 3],
        "departments": _departments(request.user),
        "standard_allowed": is_platform_admin(request.user),
        "decision_kinds": DecisionKind.choices,
        "post": request.POST if status != 200 else {},
    }
    return render(request, "disclosure/publications/staff_catalogue.html", context, status=status)
