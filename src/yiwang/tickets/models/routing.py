"""What smart dispatch (智能派单) decided for a ticket, and how good its reply was (答复质量).

Written only by ``yiwang.tickets.services.smart_dispatch``. A decision keeps the model version
that routed the ticket, so a wrong route can be traced to the model that made it, and the
dispatcher's correction (override), which is the next training's label.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class RoutingSource(models.TextChoices):
    MODEL = "model", _("分类模型")
    RULES = "rules", _("派单目录规则")  # fallback: no usable model
    NONE = "none", _("无法分类")


class RoutingDecision(TimeStampedModel):
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="routing_decision"
    )
    source = models.CharField(_("依据"), max_length=8, choices=RoutingSource.choices)
    model_version = models.CharField(_("模型版本"), max_length=64, blank=True, db_index=True)
    predicted_label = models.CharField(_("预测分类"), max_length=100, blank=True)
    predicted_category = models.ForeignKey(
        "tickets.Category", verbose_name=_("预测分类"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    suggested_department = models.ForeignKey(
        "org.Department", verbose_name=_("建议部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    confidence = models.FloatField(_("置信度"), default=0.0)
    # [{"label", "confidence", "category_id", "department_id"}], best first
    top = models.JSONField(_("前三建议"), default=list, blank=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    auto_dispatched = models.BooleanField(_("自动派单"), default=False)

    overridden = models.BooleanField(_("派单员改派"), default=False)
    overridden_to = models.ForeignKey(
        "org.Department", verbose_name=_("实际主办部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # the label the dispatcher's choice stands for, when the catalogue makes it unambiguous
    overridden_label = models.CharField(_("改派对应分类"), max_length=100, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("改派人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    overridden_at = models.DateTimeField(_("改派时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("智能派单记录")
        verbose_name_plural = _("智能派单记录")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.predicted_label or self.source}"


class ReplyAssessment(TimeStampedModel):
    """答复质量 of a ticket's reply: relevance, completeness, timeliness (0–100 each) and the
    overall score, with the reasons a reviewer reads. Re-scored when the reply changes."""

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="reply_assessment"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("答复部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    overall = models.PositiveSmallIntegerField(_("综合得分"))
    relevance = models.PositiveSmallIntegerField(_("相关性"))
    completeness = models.PositiveSmallIntegerField(_("完整性"))
    timeliness = models.PositiveSmallIntegerField(_("及时性"))
    working_days = models.IntegerField(_("答复用时（工作日）"), null=True, blank=True)
    reasons = models.JSONField(_("评分理由"), default=list, blank=True)
    reply_hash = models.CharField(max_length=64)  # the scored reply text's SHA-256

    class Meta:
        verbose_name = _("答复质量")
        verbose_name_plural = _("答复质量")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.overall}"
