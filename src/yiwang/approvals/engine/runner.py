"""Run a process: start it, list its open user tasks, complete one, fire due timers.

Pure engine work on SpiffWorkflow objects — no database. The services load the state from
the Application row, call these, and persist what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from yiwang.approvals.engine.parsing import ParsedProcess
from yiwang.approvals.engine.sandbox import SCRIPT_ENGINE

RESERVED_DATA = frozenset({"decisions", "field"})


class EngineError(RuntimeError):
    """The process could not advance (e.g. a gateway condition failed on the data)."""


@dataclass(frozen=True)
class OpenTask:
    spiff_task_id: str
    bpmn_id: str


def initial_data(form_data: dict[str, Any]) -> dict[str, Any]:
    """Task data at the start: the form's fields by name, and an empty decision record."""
    data = {k: v for k, v in form_data.items() if isinstance(k, str) and k.isidentifier()}
    for name in RESERVED_DATA:
        data.pop(name, None)
    data["decisions"] = {}
    return data


def _advance(workflow: BpmnWorkflow) -> None:
    try:
        workflow.do_engine_steps()
    except SpiffWorkflowException as exc:
        raise EngineError(str(exc)) from exc


def start(process: ParsedProcess, form_data: dict[str, Any]) -> BpmnWorkflow:
    workflow = BpmnWorkflow(process.spec, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data.update(initial_data(form_data))
    _advance(workflow)
    return workflow


def open_user_tasks(workflow: BpmnWorkflow, process: ParsedProcess) -> list[OpenTask]:
    return [
        OpenTask(str(task.id), task.task_spec.bpmn_id)
        for task in workflow.get_tasks(state=TaskState.READY)
        if task.task_spec.manual and task.task_spec.bpmn_id in process.tasks
    ]


def complete(workflow: BpmnWorkflow, spiff_task_id: str, data: dict[str, Any]) -> None:
    """Complete the READY user task ``spiff_task_id`` with ``data`` merged into its data."""
    from uuid import UUID

    task = workflow.get_task_from_id(UUID(spiff_task_id))
    if task is None or task.state != TaskState.READY:
        raise EngineError(f"task {spiff_task_id} is not open")
    task.data.update(data)
    try:
        task.run()
    except SpiffWorkflowException as exc:
        raise EngineError(str(exc)) from exc
    _advance(workflow)


def cancel(workflow: BpmnWorkflow) -> None:
    workflow.cancel()


def fire_due_timers(workflow: BpmnWorkflow, process: ParsedProcess) -> list[str]:
    """Let timers whose time has come fire; the user task bpmn ids whose limit ran out."""
    before = {t.id for t in workflow.get_tasks(state=TaskState.COMPLETED)}
    workflow.refresh_timers()
    _advance(workflow)
    fired = []
    for task in workflow.get_tasks(state=TaskState.COMPLETED):
        if task.id not in before and task.task_spec.name in process.timers:
            fired.append(process.timers[task.task_spec.name])
    return fired


def postpone_step_timers(
    workflow: BpmnWorkflow, process: ParsedProcess, deadlines: dict[str, Any]
) -> int:
    """Move the waiting step timers of the user tasks in ``deadlines`` ({bpmn id: aware
    datetime}) to those moments; returns how many moved. Used when a task that waited for
    the applicant opens again: its limit resumes where it stood."""
    from datetime import UTC

    moved = 0
    for task in workflow.get_tasks(state=TaskState.WAITING):
        target = process.timers.get(task.task_spec.name)
        if target in deadlines and isinstance(task.task_spec, CatchingEvent):
            task._set_internal_data(event_value=deadlines[target].astimezone(UTC).isoformat())
            moved += 1
    return moved


def next_timer_at(workflow: BpmnWorkflow) -> str | None:
    """ISO time of the earliest waiting timer, or None."""
    values = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if isinstance(task.task_spec, CatchingEvent):
            value = task._get_internal_data("event_value")
            if isinstance(value, str):
                values.append(value)
    return min(values) if values else None


def is_completed(workflow: BpmnWorkflow) -> bool:
    return workflow.is_completed()
