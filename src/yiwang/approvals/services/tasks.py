"""Completing approval tasks: load the workflow, step it, persist it — in one transaction.

The application row is locked (``select_for_update``) and its ``version`` must be the one the
caller saw: a task completed twice, or a decision on stale data, is a 409. Only a holder of
the task's role in its department (approvals.permissions) may complete it (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.engine import runner
from yiwang.approvals.engine.parsing import ParsedProcess
from yiwang.approvals.engine.state import dump_state, load_state
from yiwang.approvals.engine.timers import working_deadline
from yiwang.approvals.models import (
    Application,
    ApplicationStatus,
    ApprovalTask,
    Decision,
    Outcome,
    TaskStatus,
)
from yiwang.approvals.permissions import require_task_worker
from yiwang.approvals.services import clock, corrections, notices
from yiwang.approvals.services.definitions import parsed_by_id, resolve_department
from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput

DECISIONS_BY_STEP = {
    "accept": (Decision.ACCEPT, Decision.RETURN, Decision.NOT_ACCEPT),
    "review": (Decision.APPROVE, Decision.REJECT, Decision.RETURN),
    "decide": (Decision.APPROVE, Decision.REJECT),
}
_interpolate = lazy(lambda message, params: str(message) % params, str)
MAX_OPINION = 2000
MAX_NOTICE_ITEMS = 50
# what a task step may change on the application (form_data and the rest stay as they are)
APPLICATION_STEP_FIELDS = [
    "status", "outcome", "workflow_state", "correction_notice", "accepted_at", "paused_since",
    "due_date", "timer_next_at", "completed_at", "version", "updated_at",
]  # fmt: skip


def _department_id(application: Application, reference: str, resolved: dict[str, int]) -> int:
    """The department a task goes to. Resolved on every step (not cached across steps), so a
    renamed or re-coded department is never answered from a stale cache."""
    if not reference:
        return application.department_id
    if reference not in resolved:
        department = resolve_department(reference)
        if department is None:
            raise Conflict(
                _interpolate(
                    _("流程中的部门「%(name)s」不存在，请联系管理员"), {"name": reference}
                ),
                code="unknown-department",
            )
        resolved[reference] = department.pk
    return resolved[reference]


def sync_tasks(
    application: Application, process: ParsedProcess, workflow, *, at, known=None
) -> list:
    """Create ApprovalTask rows for user tasks that became open; return them. ``known`` is
    the set of spiff task ids that already have rows (read from the database when None)."""
    if known is None:
        known = set(
            ApprovalTask.objects.filter(application=application).values_list(
                "spiff_task_id", flat=True
            )
        )
    created = []
    resolved: dict[str, int] = {}
    for open_task in runner.open_user_tasks(workflow, process):
        if open_task.spiff_task_id in known:
            continue
        meta = process.tasks[open_task.bpmn_id]
        certificate = meta.certificate
        if certificate == "item":
            certificate = getattr(application.item, "certificate_type", "") or ""
        created.append(
            ApprovalTask(
                application=application, spiff_task_id=open_task.spiff_task_id,
                bpmn_id=meta.bpmn_id, name=meta.name[:200], step=meta.step,
                department_id=_department_id(application, meta.department, resolved),
                role=meta.role,
                certificate_type=certificate[:40],
                due_at=working_deadline(at, meta.time_limit) if meta.time_limit else None,
            )
        )  # fmt: skip
    if created:
        ApprovalTask.objects.bulk_create(created)
    return created


def persist(application: Application, workflow) -> None:
    """Write the workflow state and the time of its next timer onto the application."""
    application.workflow_state = dump_state(workflow)
    next_timer = runner.next_timer_at(workflow)
    application.timer_next_at = datetime.fromisoformat(next_timer) if next_timer else None


def _clean_notice(decision: str, notice: Iterable[Any] | None) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for entry in notice or ():
        if isinstance(entry, str):
            entry = {"item": entry, "reason": ""}
        if not isinstance(entry, dict):
            continue
        item = str(entry.get("item", "")).strip()[:200]
        reason = str(entry.get("reason", "")).strip()[:500]
        if item:
            items.append({"item": item, "reason": reason})
    if decision == Decision.RETURN and not items:
        raise InvalidInput(
            field_errors=[FieldError("notice", _("退回补正须一次性列明全部需补正的材料或内容"),
                                     "required")]
        )  # fmt: skip
    if len(items) > MAX_NOTICE_ITEMS:
        raise InvalidInput(field_errors=[FieldError("notice", _("补正事项过多"), "too_many")])
    return items


def _check_input(task: ApprovalTask, decision: str, opinion: str, data: Any) -> None:
    allowed = DECISIONS_BY_STEP.get(task.step, ())
    errors = []
    if decision not in allowed:
        errors.append(FieldError("decision", _("该环节不能作出这一决定"), "invalid_choice"))
    if len(opinion) > MAX_OPINION:
        errors.append(FieldError("opinion", _("意见不能超过 2000 个字符"), "too_long"))
    if decision in (Decision.REJECT, Decision.NOT_ACCEPT) and not opinion:
        errors.append(FieldError("opinion", _("作出否定决定须写明理由"), "required"))
    if data is not None and not isinstance(data, dict):
        errors.append(FieldError("data", _("环节数据应为对象"), "invalid"))
    if errors:
        raise InvalidInput(field_errors=errors)


def _outcome(completed: list[ApprovalTask]) -> str:
    decided = [(t.step, t.decision) for t in completed if t.step in ("decide", "review")]
    final = [d for step, d in decided if step == "decide"] or [d for _s, d in decided]
    if not final:
        return Outcome.APPROVED
    approved = sum(1 for d in final if d == Decision.APPROVE)
    if approved == len(final):
        return Outcome.APPROVED
    return Outcome.PARTIAL if approved else Outcome.REJECTED


def _issue_certificates(application: Application, completed: list[ApprovalTask]) -> list[Any]:
    tasks = [t for t in completed if t.decision == Decision.APPROVE and t.certificate_type]
    if not tasks:
        return []
    # A2's e-certificate service; imported here so the engine works on its own in its tests
    from yiwang.approvals.services.certificates import certificate_issue

    issued = []
    for task in tasks:
        data = {"application": application.number, "title": application.title,
                "step": task.name, "opinion": task.opinion}  # fmt: skip
        issued.append(
            certificate_issue(
                actor=None, application=application, cert_type=task.certificate_type,
                holder=application.applicant, data=data, department=task.department,
            )
        )  # fmt: skip
    return issued


def _finish(application: Application, actor: Any, now, last: ApprovalTask) -> None:
    """办结: the outcome from the decisions, the certificates of approved steps. ``last`` is
    the task just completed (saved already), its role the one the audit record names."""
    completed = list(
        ApprovalTask.objects.filter(application=application, status=TaskStatus.COMPLETED)
        .select_related("department")
        .order_by("created_at", "pk")
    )  # one read for the outcome and the certificates
    application.status = ApplicationStatus.COMPLETED
    application.completed_at = now
    application.outcome = _outcome(completed)
    application.timer_next_at = None
    certificates = _issue_certificates(application, completed)
    audit_record(action="approvals.application.complete", target=application, actor=actor,
                 department_id=application.department_id, role=last.role,
                 changes={"outcome": ["", application.outcome]})  # fmt: skip
    names = "、".join(c.title for c in certificates)
    notices.tell_applicant(
        application, notices.COMPLETED, outcome=Outcome(application.outcome).label,
        certificates=_("已签发电子证照：%(names)s。") % {"names": names} if names else "",
    )  # fmt: skip


def _apply_decision(application, task, decision, opinion, notice, actor, now) -> None:
    """Application-level effects of a decision; the workflow is stepped by the caller."""
    if decision == Decision.ACCEPT:
        application.status = ApplicationStatus.IN_PROGRESS
        clock.clock_start(application, at=now)
        notices.tell_applicant(application, notices.ACCEPTED,
                               due_date=str(application.due_date or "-"))  # fmt: skip
    elif decision == Decision.RETURN:  # joint review: see services.corrections
        corrections.record_return(application, task, notice, opinion, now)
    elif decision == Decision.NOT_ACCEPT:
        application.status = ApplicationStatus.NOT_ACCEPTED
        application.completed_at = now
        application.timer_next_at = None
        ApprovalTask.objects.filter(application=application, status=TaskStatus.OPEN).exclude(
            pk=task.pk
        ).update(status=TaskStatus.CANCELLED)
        notices.tell_applicant(application, notices.NOT_ACCEPTED, reason=opinion)


def task_complete(
    *,
    actor: Any,
    task: ApprovalTask,
    decision: str,
    opinion: str = "",
    data: dict[str, Any] | None = None,
    expected_version: int,
    notice: Iterable[Any] | None = None,
) -> ApprovalTask:
    """Decide an open task: 受理/退回补正/不予受理 at the accept step, 同意/不同意 at review and
    decide steps (review may also return for correction). ``notice`` lists every material
    or field to correct (一次性告知) and is required for a return."""
    decision = str(decision or "").strip()
    opinion = str(opinion or "").strip()
    now = timezone.now()
    with transaction.atomic():
        # one statement reads the task and its department and locks the application row;
        # a completion that raced ahead bumped the version, so the check below still sees it
        current = (
            ApprovalTask.objects.select_related("application", "department")
            .select_for_update(of=("application",))
            .annotate(definition_sha256=F("application__definition__sha256"))
            .get(pk=task.pk)
        )
        application = current.application
        require_task_worker(actor, current)
        if current.status != TaskStatus.OPEN:
            raise Conflict(_("该任务已办理或不在待办状态"), code="task-not-open")
        if application.version != expected_version:
            raise Conflict(_("办件已被他人更新，请刷新后重试"), code="stale-version")
        _check_input(current, decision, opinion, data)
        notice_items = _clean_notice(decision, notice)
        process = parsed_by_id(application.definition_id, current.definition_sha256)
        _apply_decision(application, current, decision, opinion, notice_items, actor, now)
        current.decision, current.opinion, current.assignee = decision, opinion, actor
        if decision == Decision.RETURN:
            current.status = TaskStatus.WAITING
        else:
            current.status, current.completed_at = TaskStatus.COMPLETED, now
        workflow = load_state(application.workflow_state, process.spec)
        if decision == Decision.NOT_ACCEPT:
            runner.cancel(workflow)
        elif decision != Decision.RETURN:
            step_data = {k: v for k, v in (data or {}).items()
                         if isinstance(k, str) and k.isidentifier()
                         and k not in runner.RESERVED_DATA}  # fmt: skip
            # user tasks open before this step already have rows: no query to find them
            known = {t.spiff_task_id for t in runner.open_user_tasks(workflow, process)}
            spiff_task = workflow.get_task_from_id(UUID(current.spiff_task_id))
            decisions = dict(spiff_task.data.get("decisions") or {})
            decisions[current.bpmn_id] = decision
            step_data.update(decisions=decisions, decision=decision)
            try:
                runner.complete(workflow, current.spiff_task_id, step_data)
            except runner.EngineError as exc:
                message = _interpolate(_("流程无法继续：%(error)s"), {"error": str(exc)[:300]})
                raise Conflict(message, code="engine-error") from None
            sync_tasks(application, process, workflow, at=now, known=known)
        current.save(update_fields=["decision", "opinion", "assignee", "status",
                                    "completed_at", "updated_at"])  # fmt: skip
        persist(application, workflow)
        if decision not in (Decision.RETURN, Decision.NOT_ACCEPT) and runner.is_completed(workflow):
            _finish(application, actor, now, current)
        application.version += 1
        application.save(update_fields=APPLICATION_STEP_FIELDS)
        audit_record(
            action=f"approvals.task.{decision}", target=application, actor=actor,
            department_id=current.department_id, role=current.role,
            summary=f"{current.name}：{Decision(decision).label}",
            changes={"task": [None, current.bpmn_id], "status": [None, application.status]},
        )  # fmt: skip
    return current
