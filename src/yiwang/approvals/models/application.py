"""Applications (办件) and the pauses of their time-limit clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel, VersionedModel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    CORRECTION = "correction", _("待补正")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已办结")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION,
                 ApplicationStatus.IN_PROGRESS)  # fmt: skip


class Outcome(models.TextChoices):
    NONE = "", _("未出结果")
    APPROVED = "approved", _("准予")
    PARTIAL = "partial", _("部分准予")
    REJECTED = "rejected", _("不予准予")


class Application(TimeStampedModel, VersionedModel):
    number = models.CharField(_("办件编号"), max_length=40, unique=True)
    item = models.ForeignKey(
        "catalog.ServiceItem", verbose_name=_("事项"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications",
    )  # fmt: skip
    bundle = models.ForeignKey(
        "catalog.Bundle", verbose_name=_("一件事"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications",
    )  # fmt: skip
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代办人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications_as_agent",
    )  # fmt: skip
    agent_consent = models.JSONField(_("代办授权记录"), default=dict, blank=True)
    title = models.CharField(_("申请事项"), max_length=200)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    form_data = models.JSONField(_("申请表"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED, db_index=True,
    )  # fmt: skip
    outcome = models.CharField(_("办理结果"), max_length=10, choices=Outcome.choices, blank=True)
    definition = models.ForeignKey(
        "approvals.ProcessDefinition", verbose_name=_("流程版本"), on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    workflow_state = models.JSONField(default=dict, blank=True)
    correction_notice = models.JSONField(_("一次性告知"), default=dict, blank=True)
    # the clock (working days, yiwang.workcal): starts at acceptance, pauses for 补正 and for
    # special steps that do not count toward the limit
    submitted_at = models.DateTimeField(_("提交时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    limit_days = models.PositiveSmallIntegerField(_("办结时限（工作日）"), default=0)
    paused_days = models.PositiveSmallIntegerField(_("暂停计时（工作日）"), default=0)
    paused_since = models.DateTimeField(_("暂停计时起"), null=True, blank=True)
    due_date = models.DateField(_("办结期限"), null=True, blank=True, db_index=True)
    warned_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("超期时间"), null=True, blank=True)
    timer_next_at = models.DateTimeField(null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        indexes = [models.Index(fields=["status", "due_date"], name="approvals_app_clock")]

    def __str__(self) -> str:
        return self.number

    def permission_owner_id(self):
        return self.applicant_id

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


class PauseKind(models.TextChoices):
    CORRECTION = "correction", _("补正")
    SPECIAL = "special", _("特殊环节")


class ClockPause(models.Model):
    """A stretch during which the clock stood still (or, for a special step that counts
    toward the limit, was merely recorded)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("类型"), max_length=12, choices=PauseKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    counts_toward_limit = models.BooleanField(_("计入办结时限"), default=False)
    max_days = models.PositiveSmallIntegerField(_("时限（工作日）"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始"))
    ended_at = models.DateTimeField(_("结束"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("工作日数"), default=0)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("计时暂停")
        verbose_name_plural = _("计时暂停")

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"


class NumberCounter(models.Model):
    """Per-day sequence of application numbers."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)
