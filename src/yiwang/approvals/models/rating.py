"""好差评 of an application: one rating per application (一事一评)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.rating import RatingLevel


class ApplicationRating(models.Model):
    application = models.OneToOneField(
        "approvals.Application", verbose_name=_("申请"), on_delete=models.CASCADE,
        related_name="rating",
    )  # fmt: skip
    level = models.PositiveSmallIntegerField(_("评价"), choices=RatingLevel.choices)
    comment = models.TextField(_("评价内容"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    department = models.ForeignKey(
        "org.Department", verbose_name=_("被评价部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    is_bad = models.BooleanField(_("差评"), default=False, db_index=True)
    rectify_deadline = models.DateTimeField(_("整改时限"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectify_note = models.TextField(_("整改情况"), blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("办件评价")
        verbose_name_plural = _("办件评价")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_level_display()}"

    def permission_department_ids(self) -> list[int]:
        return [self.department_id] if self.department_id else []
