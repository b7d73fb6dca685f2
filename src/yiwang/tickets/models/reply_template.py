"""Reply templates (答复模板): standard wording a handler starts a reply from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class ReplyTemplate(TimeStampedModel):
    """A reusable reply text, for one category (and its sub-categories) or for all.

    The body may name ``{case_number}``, ``{subject}`` and ``{department}``; they are filled
    in when the handler picks the template, and the handler edits the result before sending.
    """

    title = models.CharField(_("模板名称"), max_length=100)
    body = models.TextField(_("模板内容"))
    category = models.ForeignKey(
        "tickets.Category", verbose_name=_("适用分类"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="reply_templates",
        help_text=_("留空表示适用于所有分类"),
    )  # fmt: skip
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")

    def __str__(self) -> str:
        return self.title
