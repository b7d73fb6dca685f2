"""The periodic sweep: time-limit warnings and overdue flags, and due BPMN step timers.

Safe to run twice or in two workers at once: each application is flagged with a conditional
UPDATE (only the run that flips ``warned_at``/``overdue_at`` from NULL notifies), and timers
are fired under ``select_for_update`` on the application.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.approvals.engine import runner
from yiwang.approvals.engine.state import load_state
from yiwang.approvals.models import Application, ApplicationStatus, ApprovalTask, TaskStatus
from yiwang.approvals.services import clock, notices
from yiwang.approvals.services.definitions import parsed
from yiwang.approvals.services.tasks import persist
from yiwang.audit.services import audit_record
from yiwang.workcal import workdays

BATCH = 500


def _open_tasks(application_ids) -> dict[int, list[ApprovalTask]]:
    tasks: dict[int, list[ApprovalTask]] = {}
    rows = (ApprovalTask.objects.filter(application_id__in=application_ids,
                                        status=TaskStatus.OPEN)
            .select_related("department", "application"))  # fmt: skip
    for task in rows:
        tasks.setdefault(task.application_id, []).append(task)
    return tasks


def _flag(field: str, candidates, now: datetime, event: str) -> int:
    flagged = 0
    ids = list(candidates.values_list("pk", flat=True)[:BATCH])
    tasks = _open_tasks(ids)
    for app in Application.objects.filter(pk__in=ids):
        with transaction.atomic():
            if not Application.objects.filter(pk=app.pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            ):
                continue  # another sweep got there first
            flagged += 1
            audit_record(action=f"approvals.clock.{field.removesuffix('_at')}", target=app,
                         actor=None, department_id=app.department_id,
                         summary=f"{app.number} {app.due_date}")  # fmt: skip
            notices.tell_task_departments(tasks.get(app.pk, []), event,
                                          due_date=str(app.due_date))  # fmt: skip
    return flagged


def clock_sweep(now: datetime | None = None) -> dict[str, Any]:
    """Warn before the due date, flag overdue applications, fire due step timers."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    running = Application.objects.filter(
        status=ApplicationStatus.IN_PROGRESS, paused_since__isnull=True, due_date__isnull=False
    )
    warn_until = workdays.add_working_days(today, clock.WARN_DAYS)
    warned = _flag(
        "warned_at",
        running.filter(warned_at__isnull=True, due_date__gte=today, due_date__lte=warn_until),
        now, notices.CLOCK_WARNING,
    )  # fmt: skip
    overdue = _flag("overdue_at", running.filter(overdue_at__isnull=True, due_date__lt=today),
                    now, notices.CLOCK_OVERDUE)  # fmt: skip
    fired = fire_timers(now) + warn_late_steps(now)
    return {"warned": warned, "overdue": overdue, "step_timers": fired}


def fire_timers(now: datetime) -> int:
    """Step timers (BPMN boundary timers on the working-day clock) whose moment has come."""
    fired_total = 0
    due = list(
        Application.objects.filter(timer_next_at__lte=now, status__in=[
            ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROGRESS,
            ApplicationStatus.CORRECTION,
        ]).values_list("pk", flat=True)[:BATCH]
    )  # fmt: skip
    for pk in due:
        with transaction.atomic():
            app = Application.objects.select_for_update().filter(pk=pk).first()
            if app is None or app.timer_next_at is None or app.timer_next_at > now:
                continue
            process = parsed(app.definition)
            workflow = load_state(app.workflow_state, process.spec)
            fired = runner.fire_due_timers(workflow, process)
            persist(app, workflow)
            app.save(update_fields=["workflow_state", "timer_next_at", "updated_at"])
            if not fired:
                continue
            tasks = list(
                ApprovalTask.objects.filter(application=app, bpmn_id__in=fired,
                                            status=TaskStatus.OPEN,  # not those awaiting 补正
                                            warned_at__isnull=True)
                .select_related("department", "application")
            )  # fmt: skip
            ApprovalTask.objects.filter(pk__in=[t.pk for t in tasks]).update(warned_at=now)
            fired_total += len(tasks)
            for task in tasks:
                audit_record(action="approvals.task.time_limit", target=app, actor=None,
                             department_id=task.department_id, summary=task.name)  # fmt: skip
            notices.tell_task_departments(tasks, notices.STEP_OVERDUE)
    return fired_total


def warn_late_steps(now: datetime) -> int:
    """Open tasks past their step deadline that no BPMN timer reported — a task reopened
    after 补正 whose timer ran out while it waited for the applicant. Once per task."""
    late = list(
        ApprovalTask.objects.filter(status=TaskStatus.OPEN, due_at__lt=now, warned_at__isnull=True,
                                    application__status__in=[ApplicationStatus.SUBMITTED,
                                                             ApplicationStatus.IN_PROGRESS,
                                                             ApplicationStatus.CORRECTION])
        .select_related("department", "application")[:BATCH]
    )  # fmt: skip
    warned = 0
    for task in late:
        with transaction.atomic():
            if not ApprovalTask.objects.filter(pk=task.pk, warned_at__isnull=True).update(
                warned_at=now
            ):
                continue  # another sweep got there first
            warned += 1
            audit_record(action="approvals.task.time_limit", target=task.application, actor=None,
                         department_id=task.department_id, summary=task.name)  # fmt: skip
            notices.tell_task_departments([task], notices.STEP_OVERDUE)
    return warned
