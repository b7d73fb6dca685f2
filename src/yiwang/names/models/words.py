"""禁用字词 and 限用字词: admin-editable data, each with the reason shown to applicants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WordKind(models.TextChoices):
    PROHIBITED = "prohibited", _("禁用")
    RESTRICTED = "restricted", _("限用")


class WordCategory(models.TextChoices):
    NATIONAL = "national", _("冠以国家名称")
    DIGNITY = "dignity", _("损害国家尊严或利益")
    ORGAN = "organ", _("党政军机关、群团组织名称")
    FOREIGN = "foreign", _("外国国家（地区）及国际组织名称")
    CRIME = "crime", _("淫秽、色情、赌博、迷信、恐怖、暴力")
    DISCRIMINATION = "discrimination", _("民族、种族、宗教、性别歧视")
    MORALS = "morals", _("违背公序良俗")
    MISLEADING = "misleading", _("可能使公众受骗或者产生误解")
    FINANCIAL = "financial", _("金融等须经许可的行业")
    OTHER = "other", _("其他")


class NameWord(models.Model):
    word = models.CharField(_("字词"), max_length=20, unique=True)
    kind = models.CharField(_("类别"), max_length=12, choices=WordKind.choices)
    category = models.CharField(_("情形"), max_length=16, choices=WordCategory.choices)
    reason = models.CharField(_("原因"), max_length=300)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["kind", "category", "word"]
        verbose_name = _("禁限用字词")
        verbose_name_plural = _("禁限用字词")

    def __str__(self) -> str:
        return self.word
