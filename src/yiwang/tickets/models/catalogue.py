"""The dispatch catalogue: categories (Open311 services), routing rules, time limits."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class Category(TimeStampedModel):
    """A node of the configurable category tree; leaves are what citizens file under.

    ``code`` doubles as the Open311 ``service_code``.
    """

    code = models.CharField(_("分类代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    description = models.TextField(_("说明"), blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")

    def __str__(self) -> str:
        return self.name


class AttributeType(models.TextChoices):
    """Open311 attribute datatypes."""

    STRING = "string", _("短文本")
    NUMBER = "number", _("数字")
    DATETIME = "datetime", _("日期时间")
    TEXT = "text", _("长文本")
    SINGLE = "singlevaluelist", _("单选")
    MULTI = "multivaluelist", _("多选")


class CategoryAttribute(models.Model):
    """An extra question asked for one category (Open311 service definition attribute)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.CharField(_("代码"), max_length=50)
    datatype = models.CharField(_("类型"), max_length=20, choices=AttributeType.choices)
    required = models.BooleanField(_("必填"), default=False)
    variable = models.BooleanField(default=True)
    description = models.CharField(_("问题"), max_length=200)
    datatype_description = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    values = models.JSONField(_("选项"), default=list, blank=True)  # [{"key": ..., "name": ...}]

    class Meta:
        ordering = ["category", "order"]
        unique_together = [("category", "code")]
        verbose_name = _("分类附加问题")
        verbose_name_plural = _("分类附加问题")

    def __str__(self) -> str:
        return f"{self.category.code}:{self.code}"


class DispatchRule(TimeStampedModel):
    """Category (and region) → responsible departments. The longest matching region prefix
    wins, then the higher priority; an empty prefix matches everywhere."""

    category = models.ForeignKey(
        Category, verbose_name=_("分类"), on_delete=models.CASCADE, related_name="rules"
    )
    region_prefix = models.CharField(_("行政区划前缀"), max_length=12, blank=True)
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("主办部门"), on_delete=models.PROTECT, related_name="+"
    )
    co_departments = models.ManyToManyField(
        "org.Department", verbose_name=_("协办部门"), blank=True, related_name="+"
    )
    priority = models.IntegerField(_("优先级"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["category", "-priority"]
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")

    def __str__(self) -> str:
        return f"{self.category} [{self.region_prefix or '*'}] → {self.lead_department}"


class SlaPolicy(TimeStampedModel):
    """Time limits per ticket type and category; blanks match anything. The most specific
    policy wins (type+category, category, type, default)."""

    ticket_type = models.CharField(_("诉求类型"), max_length=16, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("分类"), null=True, blank=True, on_delete=models.CASCADE
    )
    sign_limit_hours = models.DecimalField(
        _("签收时限（工作小时）"), max_digits=5, decimal_places=2, default=Decimal("2")
    )
    handle_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=5)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket_type", "category"], name="uniq_sla_policy")
        ]
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")

    def __str__(self) -> str:
        return f"{self.ticket_type or '*'}/{self.category or '*'}"
