"""Life-event bundles (一件事一次办): several items applied for with one combined form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.catalog.models.items import Audience, ServiceItem
from yiwang.core.models import TimeStampedModel, VersionedModel


class BundleStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    SUSPENDED = "suspended", _("已停用")


class Bundle(TimeStampedModel, VersionedModel):
    code = models.CharField(_("一件事编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    audience = models.CharField(
        _("服务对象"), max_length=10, choices=Audience.choices, default=Audience.LEGAL
    )
    # the department that leads the bundle (receives it, keeps its definition)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT,
        related_name="bundles",
    )  # fmt: skip
    items = models.ManyToManyField(
        ServiceItem, through="BundleItem", related_name="bundles", verbose_name=_("包含事项")
    )
    form_schema = models.JSONField(_("一表制表单（JSON Schema）"), default=dict, blank=True)
    # {item_code: {item_field: bundle_field}}: which answer of the combined form fills which
    # field of each item's own form; unmapped fields are taken from a same-named answer
    field_map = models.JSONField(_("字段对应关系"), default=dict, blank=True)
    process_key = models.CharField(_("审批流程标识"), max_length=60, blank=True)
    promised_limit_days = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作日）"), null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=BundleStatus.choices, default=BundleStatus.ACTIVE
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["code"]
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def ordered_items(self) -> list[ServiceItem]:
        return [
            link.item
            for link in self.bundle_items.select_related("item__department").order_by("order")
        ]


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="bundle_items")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="bundle_links")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["bundle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}:{self.item_id}"
