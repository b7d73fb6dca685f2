"""补正 (correction) in joint review (联审联办): one combined notice, one pause, only the
returning departments wait.

The rule, for a process whose departments review in parallel:

* A department that returns the application for correction lists everything it needs at once
  (一次性告知). The application goes to 待补正 and its time-limit clock stops.
* The other departments' parallel tasks stay open: they may keep reviewing, and what they
  decide stands — their part does not wait for the applicant.
* Another department may still return while the application awaits correction: its items are
  added to the same notice (grouped by department), its task waits too, and the applicant is
  told the added items. The clock is paused once, from the first return.
* The applicant resubmits once. The clock runs again (the paused working days are added to the
  limit only if it had started, i.e. after 受理); only the returning departments' tasks open
  again, with their step deadlines (and BPMN step timers) moved on by the paused working days.
  Departments that already decided are not asked again.
* A waiting task never triggers a step-overdue warning: it waits for the applicant.

The notice is kept on ``Application.correction_notice``::

    {"items": [{"item", "reason", "department", "task"}], "returns": [{"task", "bpmn_id",
     "department", "opinion", "at", "items"}], "opinion", "task", "department", "at",
     "history": [earlier notices]}

(``opinion``/``task``/``department``/``at`` are those of the first return of the round.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.engine.parsing import ParsedProcess
from yiwang.approvals.models import Application, ApplicationStatus, ApprovalTask, PauseKind
from yiwang.approvals.services import clock, notices
from yiwang.workcal import workdays

MAX_HISTORY = 20


def _round_entry(task: ApprovalTask, notice: list[dict[str, str]], opinion: str, now) -> dict:
    return {
        "task": task.name, "bpmn_id": task.bpmn_id, "department": task.department.name,
        "opinion": opinion, "at": now.isoformat(), "items": notice,
    }  # fmt: skip


def record_return(
    application: Application, task: ApprovalTask, notice: list[dict[str, str]], opinion: str,
    now: datetime,
) -> bool:  # fmt: skip
    """A department returns the application: start a correction round, or add to the open
    one. Fields are set on the instance (the caller saves). True when this return started
    the round (and paused the clock)."""
    items = [{**entry, "department": task.department.name, "task": task.name} for entry in notice]
    entry = _round_entry(task, notice, opinion, now)
    current = dict(application.correction_notice or {})
    joining = application.status == ApplicationStatus.CORRECTION and bool(current.get("items"))
    if joining:
        current["items"] = list(current.get("items") or []) + items
        current["returns"] = [*(current.get("returns") or []), entry]
        application.correction_notice = current
    else:
        history = list(current.pop("history", []) or [])
        if current.get("items"):
            history.append(current)
        application.status = ApplicationStatus.CORRECTION
        application.correction_notice = {
            "items": items, "returns": [entry], "opinion": opinion, "task": task.name,
            "department": task.department.name, "at": now.isoformat(),
            "history": history[-MAX_HISTORY:],
        }  # fmt: skip
        clock.clock_pause(application, kind=PauseKind.CORRECTION, name=_("补正"), at=now)
    text = "；".join(f"{i['item']}{'：' + i['reason'] if i['reason'] else ''}" for i in notice)
    if joining:
        text = _("%(department)s 补充告知：%(items)s") % {
            "department": task.department.name,
            "items": text,
        }
    notices.tell_applicant(application, notices.RETURNED, items=text)
    return not joining


def notice_rounds(application: Application) -> list[dict[str, Any]]:
    """Every correction round of the application, oldest first (for timelines)."""
    current = application.correction_notice or {}
    rounds = list(current.get("history") or [])
    if current.get("items"):
        rounds.append({k: v for k, v in current.items() if k != "history"})
    return rounds


def shift_deadline(moment: datetime, working_days: int) -> datetime:
    """``moment`` moved on by ``working_days`` working days (same wall-clock time)."""
    if working_days <= 0:
        return moment
    local = timezone.localtime(moment)
    day = workdays.add_working_days(local.date(), working_days)
    return timezone.make_aware(datetime.combine(day, local.timetz().replace(tzinfo=None)))


def paused_working_days(application: Application, now: datetime) -> int:
    """Working days the correction pause has lasted so far."""
    if application.paused_since is None:
        return 0
    start = timezone.localdate(application.paused_since)
    return max(workdays.working_days_between(start, timezone.localdate(now)), 0)


def reopen_waiting_tasks(
    application: Application, process: ParsedProcess, workflow, *, paused_days: int
) -> list[ApprovalTask]:
    """Open the tasks that returned the application again; their step deadlines (and the BPMN
    step timers behind them) move on by the working days the applicant took."""
    from yiwang.approvals.engine import runner
    from yiwang.approvals.models import TaskStatus

    waiting = list(ApprovalTask.objects.filter(application=application, status=TaskStatus.WAITING))
    deadlines: dict[str, datetime] = {}
    for task in waiting:
        task.status, task.decision, task.assignee = TaskStatus.OPEN, "", None
        if task.due_at is not None:
            task.due_at = shift_deadline(task.due_at, paused_days)
            task.warned_at = None
            deadlines[task.bpmn_id] = task.due_at
    if waiting:
        ApprovalTask.objects.bulk_update(
            waiting, ["status", "decision", "assignee", "due_at", "warned_at"]
        )
    if deadlines and paused_days > 0:
        runner.postpone_step_timers(workflow, process, deadlines)
    return waiting
