"""Approval tasks: the user tasks of a running process, one row each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    WAITING = "waiting", _("待申请人补正")
    COMPLETED = "completed", _("已办")
    CANCELLED = "cancelled", _("已取消")


class Decision(models.TextChoices):
    ACCEPT = "accept", _("受理")
    RETURN = "return", _("退回补正")
    NOT_ACCEPT = "not_accept", _("不予受理")
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")


class ApprovalTask(TimeStampedModel):
    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="tasks"
    )
    spiff_task_id = models.CharField(max_length=36)
    bpmn_id = models.CharField(max_length=100)
    name = models.CharField(_("环节"), max_length=200)
    step = models.CharField(_("环节类型"), max_length=10)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("办理部门"), on_delete=models.PROTECT,
        related_name="approval_tasks",
    )  # fmt: skip
    role = models.CharField(_("角色"), max_length=20)
    status = models.CharField(
        _("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="approval_tasks",
    )  # fmt: skip
    opinion = models.TextField(_("审查意见"), blank=True)
    decision = models.CharField(_("决定"), max_length=12, choices=Decision.choices, blank=True)
    certificate_type = models.CharField(max_length=40, blank=True)
    completed_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("环节时限"), null=True, blank=True)
    warned_at = models.DateTimeField(_("超时预警"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("审批任务")
        verbose_name_plural = _("审批任务")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "spiff_task_id"], name="approvals_task_spiff_id"
            )
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="approvals_task_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"
