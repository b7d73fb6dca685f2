from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class KnowledgeEntry(TimeStampedModel):
    """A question and its authoritative answer, kept by a department (知识库)."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("维护部门"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "tickets.Category", verbose_name=_("分类"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="knowledge",
    )  # fmt: skip
    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("答案"))
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    use_count = models.PositiveIntegerField(_("引用次数"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库条目")

    def __str__(self) -> str:
        return self.question
