"""Process definitions: BPMN 2.0 XML, stored and versioned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class ProcessDefinition(TimeStampedModel):
    """One version of an approval process. Uploading a process with the same key creates
    version n+1 and makes it current; applications keep the version they started with."""

    key = models.CharField(_("流程标识"), max_length=60, db_index=True)
    version = models.PositiveIntegerField(_("版本"))
    name = models.CharField(_("流程名称"), max_length=200)
    bpmn_xml = models.TextField(_("BPMN 2.0 XML"))
    sha256 = models.CharField(max_length=64)
    is_current = models.BooleanField(_("当前版本"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("审批流程定义")
        verbose_name_plural = _("审批流程定义")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="approvals_definition_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="approvals_definition_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
