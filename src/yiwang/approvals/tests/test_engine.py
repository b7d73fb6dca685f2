"""The engine on its own: the shipped processes parse against the demo city, state round
trips without the spec, expressions stay inside the restricted language."""

from __future__ import annotations

import json

import pytest

from yiwang.approvals.engine import runner
from yiwang.approvals.engine.parsing import parse_process
from yiwang.approvals.engine.sandbox import UnsafeExpression, check_expression
from yiwang.approvals.engine.state import dump_state, load_state
from yiwang.approvals.services.definitions import resolve_department, shipped_xml
from yiwang.catalog.tests.factories import demo_departments
from yiwang.demo.approvals_demo import load_approval_processes


@pytest.mark.django_db
def test_the_demo_loader_loads_the_shipped_processes_against_the_demo_city():
    demo_departments()
    assert load_approval_processes() == {"single_department": 1, "enterprise_startup": 1}
    assert load_approval_processes() == {"single_department": 1, "enterprise_startup": 1}
    process = parse_process(
        shipped_xml("enterprise_startup"), resolve_department=resolve_department
    )
    lanes = {m.bpmn_id: m.department for m in process.tasks.values()}
    assert lanes["seal_record"] == "公安局" and lanes["accept"] == "政务服务局"


def test_state_round_trips_compactly_without_the_spec():
    process = parse_process(shipped_xml("single_department"))
    workflow = runner.start(process, {"company": "示范", "area": 12, "bad key": 1, "decisions": 9})
    state = json.loads(json.dumps(dump_state(workflow)))
    assert "spec" not in state and len(json.dumps(state)) < 20_000
    again = load_state(state, process.spec)
    [open_task] = runner.open_user_tasks(again, process)
    assert open_task.bpmn_id == "accept"
    task = again.get_task_from_id(__import__("uuid").UUID(open_task.spiff_task_id))
    assert task.data["company"] == "示范" and task.data["decisions"] == {}
    assert "bad key" not in task.data


@pytest.mark.parametrize("expression", [
    "__import__('os')", "open('/etc/passwd')", "().__class__", "x.__class__",
    "[c for c in ()]", "lambda: 1", "exec('1')", "globals()", "a := 1",
])  # fmt: skip
def test_unsafe_expressions_are_refused(expression):
    with pytest.raises(UnsafeExpression):
        check_expression(expression)


@pytest.mark.parametrize("expression", [
    'field("area", 0) > 50', 'district in ("明湖区", "云山区")', "not decisions.get('x')",
    "len(name) >= 2 and capital * 2 <= 1000",
])  # fmt: skip
def test_ordinary_conditions_are_allowed(expression):
    check_expression(expression)


def test_state_restores_whatever_the_order_of_its_tasks():
    """PostgreSQL's jsonb reorders object keys: the task data must survive that."""
    process = parse_process(shipped_xml("single_department"))
    workflow = runner.start(process, {"area": 80})
    state = dump_state(workflow)
    state["tasks"] = dict(reversed(list(state["tasks"].items())))
    again = load_state(json.loads(json.dumps(state)), process.spec)
    [open_task] = runner.open_user_tasks(again, process)
    task = again.get_task_from_id(__import__("uuid").UUID(open_task.spiff_task_id))
    assert task.data["area"] == 80
