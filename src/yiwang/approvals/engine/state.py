"""Workflow state ⇄ JSON, without the spec.

Spiff's serializer writes the whole process spec into every serialization; here the spec is
parsed once per definition version and cached (``cache``), so the stored state is only the
task tree and data. That keeps rows small and a load–step–save round trip cheap.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter

from yiwang.approvals.engine.sandbox import SCRIPT_ENGINE

STATE_FORMAT = 1


class StateOnlyConverter(BpmnWorkflowConverter):
    """The top workflow's state; its spec comes from the caller on restore."""

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec=None):
        workflow = self.target_class(spec, {}, script_engine=SCRIPT_ENGINE, deserializing=True)
        tasks = _parents_first(dct["tasks"], dct["root"])
        workflow.tasks = self.mapping_from_dict(tasks, UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _parents_first(tasks: dict[str, Any], root: str) -> dict[str, Any]:
    """The task mapping ordered parents before children. A task's data is stored as a delta
    on its parent's, so the parent must be restored first; PostgreSQL's jsonb does not keep
    the order of object keys."""
    ordered: dict[str, Any] = {}
    queue = [root]
    while queue:
        task_id = queue.pop(0)
        if task_id in ordered or task_id not in tasks:
            continue
        ordered[task_id] = tasks[task_id]
        queue.extend(tasks[task_id].get("children", ()))
    for task_id, task in tasks.items():  # anything unreachable keeps its place at the end
        ordered.setdefault(task_id, task)
    return ordered


def _registry():
    config = dict(DEFAULT_CONFIG)
    config[BpmnWorkflow] = StateOnlyConverter
    return BpmnWorkflowSerializer.configure(config)


_REGISTRY = _registry()


def dump_state(workflow: BpmnWorkflow) -> dict[str, Any]:
    """A JSON-ready dict of the workflow's tasks and data."""
    state = _REGISTRY.convert(workflow)
    state["format"] = STATE_FORMAT
    return state


def load_state(state: dict[str, Any], spec) -> BpmnWorkflow:
    """The workflow of ``state`` on ``spec`` (the definition version it started with)."""
    state = dict(state)
    state.pop("format", None)
    return _REGISTRY.restore(state, spec=spec)
