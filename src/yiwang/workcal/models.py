"""The working-day calendar: special days, the years loaded, and the working-hours schedule.

Ordinary days need no row: Monday to Friday work, Saturday and Sunday rest. A ``SpecialDay``
records an exception: a statutory holiday (节假日), an adjusted weekend workday (调休上班), or
an admin's explicit "ordinary day" override that keeps a re-seed from bringing back a day the
admin removed. Reads go through ``yiwang.workcal.workdays``; writes through ``services``.
"""

from __future__ import annotations

from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel, VersionedModel

DEFAULT_PERIODS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("节假日")
    WORKDAY = "workday", _("调休上班")
    # An admin cleared a day the packaged data marks as special: the day follows the ordinary
    # weekday rule, and a re-seed leaves it alone.
    NORMAL = "normal", _("按常规")


class Source(models.TextChoices):
    SEED = "seed", _("内置数据")
    IMPORT = "import", _("文件导入")
    ADMIN = "admin", _("管理员设置")


class SpecialDay(TimeStampedModel):
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["date"]
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(TimeStampedModel):
    """A year whose holidays are loaded. A year without a row falls back to weekends only."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_source_display()})"


class WorkSchedule(TimeStampedModel, VersionedModel):
    """Daily working hours: a morning and an afternoon period in local wall-clock time.

    A morning end equal to the afternoon start means one continuous period (no lunch break).
    Exactly one schedule is active; the constraint makes a second active row impossible.
    """

    morning_start = models.TimeField(_("上午上班"), default=DEFAULT_PERIODS[0][0])
    morning_end = models.TimeField(_("上午下班"), default=DEFAULT_PERIODS[0][1])
    afternoon_start = models.TimeField(_("下午上班"), default=DEFAULT_PERIODS[1][0])
    afternoon_end = models.TimeField(_("下午下班"), default=DEFAULT_PERIODS[1][1])
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("工作时间")
        verbose_name_plural = _("工作时间")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="workcal_one_active_schedule",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )


class CalendarRevision(models.Model):
    """One row whose counter every calendar write bumps inside its transaction.

    Processes compare it with the revision their cached years were loaded at. The Django cache
    mirrors it (cheap to read when the cache is Redis); when the cache is process-local the
    database row is the only copy another process can see.
    """

    revision = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = _("日历版本")

    def __str__(self) -> str:
        return str(self.revision)
