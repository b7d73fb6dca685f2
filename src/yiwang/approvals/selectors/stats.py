"""Statistics of finished applications per item (or bundle): average working days against
the statutory and promised limits, on-time rate, and how many materials were reused
instead of uploaded again (材料复用率)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yiwang.approvals.models import Application, ApplicationMaterial, ApplicationStatus
from yiwang.workcal.workdays import working_days_between

REUSED_SOURCES = ("reused", "certificate", "shared_data")


@dataclass
class ItemStats:
    code: str
    name: str
    kind: str  # "item" | "bundle"
    statutory_limit_days: int | None
    promised_limit_days: int | None
    completed: int = 0
    in_progress: int = 0
    on_time: int = 0
    total_days: int = 0
    materials: int = 0
    materials_reused: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self.total_days / self.completed, 1) if self.completed else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.completed, 1) if self.completed else None

    @property
    def reuse_rate(self) -> float | None:
        return round(100 * self.materials_reused / self.materials, 1) if self.materials else None

    @property
    def saved_vs_statutory(self) -> float | None:
        if self.average_days is None or not self.statutory_limit_days:
            return None
        return round(100 * (1 - self.average_days / self.statutory_limit_days), 1)


def working_days_taken(application: Any) -> int:
    """Working days from acceptance (or submission) to completion, without the paused
    days (补正, special steps that do not count)."""
    start = timezone.localdate(application.accepted_at or application.submitted_at)
    end = timezone.localdate(application.completed_at)
    return max(0, working_days_between(start, end) - (application.paused_days or 0))


def _key(application: Any) -> tuple[str, str]:
    return ("bundle", application.bundle.code) if application.bundle_id else (
        "item", application.item.code)  # fmt: skip


def item_statistics(*, applications: QuerySet[Application], since: date | None = None,
                    until: date | None = None) -> list[ItemStats]:  # fmt: skip
    """One row per item or bundle that has applications in ``applications`` (already scoped
    to what the viewer may see), completed within [since, until] when given."""
    rows = applications.select_related("item", "bundle")
    if since:
        rows = rows.filter(submitted_at__date__gte=since)
    if until:
        rows = rows.filter(submitted_at__date__lte=until)
    stats: dict[tuple[str, str], ItemStats] = {}
    completed_ids = []
    owner: dict[int, tuple[str, str]] = {}
    for application in rows.only(
        "pk", "status", "accepted_at", "submitted_at", "completed_at", "paused_days", "due_date",
        "item__code", "item__name", "item__statutory_limit_days", "item__promised_limit_days",
        "bundle__code", "bundle__name", "bundle__promised_limit_days",
    ):  # fmt: skip
        key = _key(application)
        target = application.bundle or application.item
        row = stats.get(key)
        if row is None:
            row = stats[key] = ItemStats(
                code=target.code, name=target.name, kind=key[0],
                statutory_limit_days=getattr(target, "statutory_limit_days", None),
                promised_limit_days=target.promised_limit_days,
            )  # fmt: skip
        owner[application.pk] = key
        if application.status == ApplicationStatus.COMPLETED and application.completed_at:
            row.completed += 1
            row.total_days += working_days_taken(application)
            done_on = timezone.localdate(application.completed_at)
            if application.due_date is None or done_on <= application.due_date:
                row.on_time += 1
            completed_ids.append(application.pk)
        elif application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS,
                                    ApplicationStatus.CORRECTION):  # fmt: skip
            row.in_progress += 1
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_application = (
        ApplicationMaterial.objects.filter(application_id__in=list(owner))
        .values("application_id")
        .annotate(total=Count("pk"), reused=Count("pk", filter=Q(source__in=REUSED_SOURCES)))
    )
    for entry in per_application:
        counts[entry["application_id"]][0] += entry["total"]
        counts[entry["application_id"]][1] += entry["reused"]
    for application_id, (total, reused) in counts.items():
        row = stats[owner[application_id]]
        row.materials += total
        row.materials_reused += reused
    return sorted(stats.values(), key=lambda r: (r.kind != "bundle", r.code))


def totals(rows: list[ItemStats]) -> ItemStats:
    total = ItemStats(code="", name="", kind="total", statutory_limit_days=None,
                      promised_limit_days=None)  # fmt: skip
    for row in rows:
        for name in ("completed", "in_progress", "on_time", "total_days", "materials",
                     "materials_reused"):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total
