"""The time-limit clock of an application, in working days (yiwang.workcal.workdays).

The limit runs from acceptance: ``due_date = acceptance day + limit + paused working days``.
补正 (waiting for the applicant) always pauses it; a special step (特殊环节: expert review,
hearing, public notice ...) pauses it when the 办事指南 says it does not count toward the
limit (``SpecialStep.counts_toward_limit=False``). A pause from day a to day b adds the
working days in (a, b]. The sweep warns the departments a few working days before the due
date and flags and reports applications past it, once each.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.models import (
    Application,
    ApplicationStatus,
    ApprovalTask,
    ClockPause,
    PauseKind,
    TaskStatus,
)
from yiwang.approvals.permissions import reaches
from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.workcal import workdays

WARN_DAYS = int(getattr(settings, "YIWANG_APPROVALS_WARN_DAYS", 2))


def due_date_for(application: Application) -> date | None:
    if application.accepted_at is None or not application.limit_days:
        return None
    start = timezone.localdate(application.accepted_at)
    return workdays.add_working_days(start, application.limit_days + application.paused_days)


def clock_start(application: Application, *, at: datetime) -> None:
    """Acceptance: the clock starts (fields set on the instance; the caller saves)."""
    application.accepted_at = at
    application.due_date = due_date_for(application)


def clock_pause(
    application: Application, *, kind: str, name: str, at: datetime,
    counts_toward_limit: bool = False, max_days: int | None = None,
) -> ClockPause:  # fmt: skip
    if application.paused_since is not None:
        raise Conflict(_("办件已处于暂停计时状态"), code="clock-paused")
    if not counts_toward_limit:
        application.paused_since = at
    return ClockPause.objects.create(
        application=application, kind=kind, name=name[:100], started_at=at,
        counts_toward_limit=counts_toward_limit, max_days=max_days,
    )  # fmt: skip


def clock_resume(application: Application, *, at: datetime, kind: str | None = None) -> int:
    """End the open pause; returns the working days added to the limit."""
    pause = application.pauses.filter(ended_at__isnull=True)
    if kind:
        pause = pause.filter(kind=kind)
    pause = pause.order_by("-started_at").first()
    if pause is None:
        return 0
    days = workdays.working_days_between(
        timezone.localdate(pause.started_at), timezone.localdate(at)
    )
    days = max(days, 0)
    pause.ended_at, pause.working_days = at, days
    pause.save(update_fields=["ended_at", "working_days"])
    added = 0
    if not pause.counts_toward_limit:
        application.paused_since = None
        # a 补正 before 受理 stops no clock: the limit starts at acceptance
        added = days if application.accepted_at is not None else 0
        application.paused_days += added
        application.due_date = due_date_for(application)
        if application.due_date and application.due_date >= timezone.localdate(at):
            application.overdue_at = None  # extended past today: no longer overdue
    return added


def remaining_working_days(application: Application, today: date | None = None) -> int | None:
    if application.due_date is None:
        return None
    today = today or timezone.localdate()
    return workdays.working_days_between(today, application.due_date)


def _lock(application: Application, expected_version: int) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.version != expected_version:
        raise Conflict(_("办件已被他人更新，请刷新后重试"), code="stale-version")
    return locked


def _require_worker(actor: Any, application: Application) -> None:
    tasks = ApprovalTask.objects.filter(application=application, status=TaskStatus.OPEN)
    if not any(reaches(actor, role=t.role, department=t.department)
               for t in tasks.select_related("department")):  # fmt: skip
        raise PermissionDenied()


def special_step_start(
    *, actor: Any, application: Application, name: str, counts_toward_limit: bool,
    max_days: int | None = None, expected_version: int,
) -> Application:  # fmt: skip
    """Start a 特殊环节 (from the item's SpecialStep): pauses the clock unless it counts."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(field_errors=[FieldError("name", _("请填写特殊环节名称"), "required")])
    with transaction.atomic():
        locked = _lock(application, expected_version)
        _require_worker(actor, locked)
        if locked.status != ApplicationStatus.IN_PROGRESS:
            raise Conflict(_("只有办理中的办件可以进入特殊环节"), code="not-in-progress")
        if locked.pauses.filter(ended_at__isnull=True).exists():
            raise Conflict(_("上一个特殊环节或补正尚未结束"), code="clock-paused")
        now = timezone.now()
        clock_pause(locked, kind=PauseKind.SPECIAL, name=name, at=now,
                    counts_toward_limit=counts_toward_limit, max_days=max_days)  # fmt: skip
        locked.version += 1
        locked.save(update_fields=["paused_since", "version", "updated_at"])
        audit_record(action="approvals.special_step.start", target=locked, actor=actor,
                     summary=name)  # fmt: skip
    return locked


def special_step_end(*, actor: Any, application: Application, expected_version: int) -> Application:
    with transaction.atomic():
        locked = _lock(application, expected_version)
        _require_worker(actor, locked)
        if not locked.pauses.filter(ended_at__isnull=True, kind=PauseKind.SPECIAL).exists():
            raise Conflict(_("办件没有进行中的特殊环节"), code="no-special-step")
        added = clock_resume(locked, at=timezone.now(), kind=PauseKind.SPECIAL)
        locked.version += 1
        locked.save(update_fields=["paused_days", "paused_since", "due_date", "overdue_at",
                                   "version", "updated_at"])  # fmt: skip
        before = locked.paused_days - added
        audit_record(action="approvals.special_step.end", target=locked, actor=actor,
                     changes={"paused_days": [before, locked.paused_days]})  # fmt: skip
    return locked
