"""Service items (政务服务事项) and the elements of their 办事指南.

An item is what a department does for the public under a legal basis: a licence, a
confirmation, a payment ... Its guide tells the applicant where and when to go, who may apply,
what to bring, how long it takes and what it costs. Items are never deleted: the catalogue
shrinks by lifecycle changes (取消、搁置、下放、调整), each kept in ``ItemStatusChange``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel, VersionedModel


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    PAYMENT = "payment", _("行政给付")
    LEVY = "levy", _("行政征收")
    ADJUDICATION = "adjudication", _("行政裁决")
    REWARD = "reward", _("行政奖励")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class ItemLevel(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    STREET = "street", _("街道")


class Audience(models.TextChoices):
    PERSON = "person", _("个人")
    LEGAL = "legal", _("法人")
    BOTH = "both", _("个人和法人")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    CANCELLED = "cancelled", _("已取消")
    SUSPENDED = "suspended", _("已搁置")
    DELEGATED = "delegated", _("已下放")
    ADJUSTED = "adjusted", _("已调整")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上办理")
    WINDOW = "window", _("窗口办理")
    MOBILE = "mobile", _("掌上办理")
    SELF_SERVICE = "self_service", _("自助终端")
    MAIL = "mail", _("邮寄办理")


class ServiceItem(TimeStampedModel, VersionedModel):
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("实施机构"), on_delete=models.PROTECT,
        related_name="service_items",
    )  # fmt: skip
    level = models.CharField(
        _("行使层级"), max_length=10, choices=ItemLevel.choices, default=ItemLevel.CITY
    )
    audience = models.CharField(
        _("服务对象"), max_length=10, choices=Audience.choices, default=Audience.PERSON
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.ACTIVE,
        db_index=True,
    )  # fmt: skip
    # 下放: the department (and its level) that now carries the item out
    delegated_to = models.ForeignKey(
        "org.Department", verbose_name=_("下放至"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="delegated_items",
    )  # fmt: skip
    # 调整/下放: the item that takes this one's place (merged into, or the district's own item)
    successor = models.ForeignKey(
        "self", verbose_name=_("调整后事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="predecessors",
    )  # fmt: skip
    summary = models.CharField(_("事项简介"), max_length=500, blank=True)
    # 办事指南 elements (DESIGN §5)
    conditions = models.TextField(_("申请条件"), blank=True)
    location = models.CharField(_("办理地点"), max_length=300, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    process = models.TextField(_("办理流程"), blank=True, help_text=_("每行一个步骤"))
    legal_basis = models.TextField(_("设定依据"), blank=True)
    result_name = models.CharField(_("办理结果"), max_length=200, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=60, blank=True)
    statutory_limit_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"))
    promised_limit_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"))
    fee = models.DecimalField(
        _("收费标准（元）"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    fee_description = models.CharField(_("收费说明"), max_length=500, blank=True)
    channels = models.JSONField(_("办理渠道"), default=list, blank=True)
    max_visits = models.PositiveSmallIntegerField(_("最多到现场次数"), default=0)
    faq = models.JSONField(_("常见问题"), default=list, blank=True)  # [{"q": ..., "a": ...}]
    form_schema = models.JSONField(_("申请表单（JSON Schema）"), default=dict, blank=True)
    process_key = models.CharField(_("审批流程标识"), max_length=60, blank=True)
    certificate_type = models.CharField(_("出具证照类型"), max_length=40, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["code"]
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        indexes = [models.Index(fields=["department", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_offered(self) -> bool:
        """Only an item in use takes applications."""
        return self.status == ItemStatus.ACTIVE

    def process_steps(self) -> list[str]:
        return [line.strip() for line in self.process.splitlines() if line.strip()]

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels or []]


class ItemMaterial(models.Model):
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="materials"
    )
    code = models.CharField(_("材料编码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必需"), default=True)
    original = models.BooleanField(_("原件"), default=False)  # False: a copy (复印件)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    certificate_type = models.CharField(_("可用电子证照"), max_length=40, blank=True)
    shared_data = models.CharField(_("可用共享数据"), max_length=60, blank=True)
    accepts = models.CharField(_("文件格式"), max_length=100, blank=True, default="pdf,jpg,png")
    description = models.TextField(_("填报说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["item", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="catalog_material_code_per_item")
        ]
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")

    def __str__(self) -> str:
        return self.name

    def accepted_kinds(self) -> list[str]:
        return [k.strip().lower() for k in self.accepts.split(",") if k.strip()]

    @property
    def can_be_replaced(self) -> bool:
        """A certificate or shared data can stand in: the applicant need not upload it."""
        return bool(self.certificate_type or self.shared_data)


class SpecialStep(models.Model):
    """特殊环节: expert review, hearing, public notice ... and whether it counts toward the
    time limit (most do not: the clock stops while it runs)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.CASCADE,
        related_name="special_steps",
    )  # fmt: skip
    name = models.CharField(_("环节名称"), max_length=100)
    counts_toward_limit = models.BooleanField(_("计入办结时限"), default=False)
    max_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    description = models.CharField(_("说明"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["item", "sort_order", "id"]
        verbose_name = _("特殊环节")
        verbose_name_plural = _("特殊环节")

    def __str__(self) -> str:
        return self.name


class ItemStatusChange(models.Model):
    """One lifecycle step of an item, kept forever: how the list went from 475 to 255."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.CASCADE,
        related_name="status_changes",
    )  # fmt: skip
    from_status = models.CharField(_("原状态"), max_length=10, choices=ItemStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ItemStatus.choices)
    reason = models.TextField(_("原因"))
    delegated_to = models.ForeignKey(
        "org.Department", verbose_name=_("下放至"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    successor = models.ForeignKey(
        ServiceItem, verbose_name=_("调整后事项"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("事项状态变更")
        verbose_name_plural = _("事项状态变更")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status} → {self.to_status}"
