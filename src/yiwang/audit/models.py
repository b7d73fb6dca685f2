"""The audit log: an append-only, SM3 hash-chained table of every state change.

Rows are written only by ``services.audit_record`` and never changed or deleted by the
platform (网络安全法 Art. 21 asks for at least six months; we keep everything). On PostgreSQL a
trigger refuses UPDATE and DELETE; the guards below catch the same mistake in Python on any
database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
HEAD_PK = 1


class AppendOnlyError(Exception):
    """Code tried to change or delete an audit record."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit records are append-only; update() is not allowed")

    def delete(self):
        raise AppendOnlyError("audit records are append-only; delete() is not allowed")


class AuditRecord(models.Model):
    # seq is the chain position: gapless and strictly increasing, assigned under the head lock.
    seq = models.BigIntegerField(_("序号"), unique=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    # Plain ids and a label, not foreign keys: the log must outlive users and departments.
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=100, blank=True)
    department_id = models.BigIntegerField(_("部门编号"), null=True, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    # Text, not GenericIPAddressField: PostgreSQL's inet would normalise the address and the
    # hash must re-compute from exactly what was written.
    client_ip = models.CharField(_("客户端地址"), max_length=45, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("渠道"), max_length=16, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit records are append-only; they cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit records are append-only; they cannot be deleted")


class ChainHead(models.Model):
    """One row holding the last seq and hash.

    Every append updates this row first, which serialises writers (PostgreSQL row lock,
    SQLite write lock) so the chain never forks, and lets verification notice a deleted tail.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class ChainVerification(models.Model):
    """The outcome of one verification run, shown as the chain status in the workbench."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), db_index=True)
    ok = models.BooleanField(_("完整"))
    count = models.BigIntegerField(_("记录数"))
    first_bad_seq = models.BigIntegerField(_("首个异常序号"), null=True, blank=True)
    first_bad_id = models.BigIntegerField(_("首个异常记录编号"), null=True, blank=True)
    code = models.CharField(_("异常类型"), max_length=32, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    channel = models.CharField(_("渠道"), max_length=16, blank=True)
    actor_label = models.CharField(_("执行人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-finished_at"]
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'BROKEN'}"
