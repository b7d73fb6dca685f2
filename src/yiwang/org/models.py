"""Departments, positions, staff memberships and role grants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class Level(models.IntegerChoices):
    CITY = 1, _("市级")
    DISTRICT = 2, _("区县级")
    STREET = 3, _("街道（乡镇）级")
    COMMUNITY = 4, _("社区（村）级")


class DepartmentKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府/街道办事处")
    BUREAU = "bureau", _("委办局")
    CENTRE = "centre", _("服务中心")
    COMMUNITY = "community", _("社区居委会")
    ENTERPRISE = "enterprise", _("公共服务企业")


class Department(TimeStampedModel):
    """A node of the department tree: 市 → 区县 → 街道 → 社区, plus bureaus and enterprises.

    ``path`` is a materialised path (``/1/7/42/``) so "this department and everything below it"
    is one indexed prefix query; services keep it in step when a department moves.
    """

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("机构代码"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DepartmentKind.choices)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, db_index=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    accepts_tickets = models.BooleanField(_("承办工单"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name

    def is_descendant_of(self, other: Department) -> bool:
        return self.path.startswith(other.path) and self.pk != other.pk


class Position(TimeStampedModel):
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.CASCADE, related_name="positions"
    )
    name = models.CharField(_("岗位名称"), max_length=50)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["department", "sort_order", "name"]
        unique_together = [("department", "name")]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"


class Role(models.TextChoices):
    OPERATOR = "operator", _("话务员/受理员")
    DISPATCHER = "dispatcher", _("派单员")
    HANDLER = "handler", _("承办人")
    SUPERVISOR = "supervisor", _("督办员")
    DEPARTMENT_ADMIN = "department_admin", _("部门管理员")
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")


class Scope(models.TextChoices):
    OWN = "own", _("本部门")
    SUBTREE = "subtree", _("本部门及下级")
    ALL = "all", _("全部")


class Membership(TimeStampedModel):
    """A person's place in one department. One person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("岗位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_primary = models.BooleanField(_("主要任职"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        unique_together = [("user", "department")]
        verbose_name = _("任职")
        verbose_name_plural = _("任职")

    def __str__(self) -> str:
        return f"{self.user} @ {self.department}"


class RoleGrant(TimeStampedModel):
    """A role held within a membership, with the data scope it reaches."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("任职"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    scope = models.CharField(_("数据范围"), max_length=10, choices=Scope.choices)

    class Meta:
        unique_together = [("membership", "role")]
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_role_display()} ({self.get_scope_display()})"
