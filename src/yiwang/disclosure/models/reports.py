"""政府信息公开工作年度报告 in the national format (国办公开办函〔2021〕30号).

Parts 2 and 3 are computed from the platform (``yiwang.disclosure.selectors.reports``) and
frozen into ``figures`` when the report is published, so a published report never changes
under its readers. Narrative parts, the fee amount and the review/litigation table (part 4)
are typed in by the department.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel, VersionedModel


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class AnnualReport(TimeStampedModel, VersionedModel):
    year = models.PositiveSmallIntegerField(_("年度"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("报告机关"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("空表示全市政府"),
    )  # fmt: skip
    title = models.CharField(_("标题"), max_length=200)
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    fee_amount = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=12, decimal_places=4, default=0
    )
    # part 4: {"review": {"upheld": n, "corrected": n, "other": n, "pending": n},
    #          "litigation_direct": {...}, "litigation_after_review": {...}}
    review_litigation = models.JSONField(_("行政复议、行政诉讼情况"), default=dict, blank=True)
    figures = models.JSONField(default=dict, blank=True, editable=False)  # frozen at publication
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "department"],
                name="disclosure_report_year_dept",
                condition=Q(department__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year"],
                name="disclosure_report_year_whole",
                condition=Q(department__isnull=True),
            ),
        ]
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED
