"""Registered and reserved enterprise names of the jurisdiction, with their lookup keys.

The check reads three indexed columns — the 字号, its pinyin key, and the deletion keys in
``NameKey`` — so its cost does not grow with the register (see yiwang.names.keys).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NameStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    RESERVED = "reserved", _("保留中")
    RELEASED = "released", _("已放弃")
    EXPIRED = "expired", _("保留期满")
    DEREGISTERED = "deregistered", _("已注销")


class RegisteredNameQuerySet(models.QuerySet):
    def holding(self, now=None) -> RegisteredNameQuerySet:
        """Names that block others: registered, or reserved and still within the hold."""
        now = now or timezone.now()
        return self.filter(
            Q(status=NameStatus.REGISTERED) | Q(status=NameStatus.RESERVED, reserved_until__gt=now)
        )


class RegisteredName(models.Model):
    full_name = models.CharField(_("企业名称"), max_length=60, db_index=True)
    region = models.CharField(_("行政区划"), max_length=30)
    trade_name = models.CharField(_("字号"), max_length=10, db_index=True)
    trade_name_pinyin = models.CharField(_("字号拼音"), max_length=80, db_index=True)
    industry = models.CharField(_("行业表述"), max_length=20)
    industry_section = models.CharField(_("行业门类"), max_length=1)
    org_form = models.CharField(_("组织形式"), max_length=20)
    region_position = models.CharField(max_length=20, default="prefix")
    status = models.CharField(
        _("状态"), max_length=14, choices=NameStatus.choices, default=NameStatus.REGISTERED
    )
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    reserved_until = models.DateTimeField(_("保留至"), null=True, blank=True)
    reserved_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("申报人"),
    )  # fmt: skip
    reference = models.CharField(_("关联办件"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RegisteredNameQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("已登记企业名称")
        verbose_name_plural = _("已登记企业名称")
        constraints = [
            # two reservations of one 字号 in one industry cannot both succeed
            models.UniqueConstraint(
                fields=["trade_name", "industry_section"],
                condition=Q(status="reserved"),
                name="names_one_reservation_per_trade_name_industry",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class NameKey(models.Model):
    """One deletion key of a name's 字号 (yiwang.names.keys.near_keys)."""

    name = models.ForeignKey(RegisteredName, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=10)

    class Meta:
        # the lookup reads (key → name) from the index alone
        indexes = [models.Index(fields=["key", "name"], name="names_key_lookup")]
