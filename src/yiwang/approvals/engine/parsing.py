"""Parse and validate an approval process (BPMN 2.0 XML) into a SpiffWorkflow spec.

Who does a user task — the convention (also in docs/CONTRACTS.md, "approvals engine"):

* **department**: the task's own property ``department``; else the department part of
  ``camunda:candidateGroups="<department>:<role>"``; else the name of the task's **lane**;
  else none, meaning the department of the applied-for service item. A department is named
  by its 机构代码, its 简称 or its full name.
* **role**: property ``role``; else the role part of ``candidateGroups``; else ``handler``.
* **step**: property ``step`` — ``accept`` (受理: accept, return for correction with one
  notice, or refuse), ``review`` (审查) or ``decide`` (决定); default ``review``.
* **certificate**: property ``certificate`` — the e-certificate type issued at 办结 when the
  task approved; ``item`` means the service item's own certificate type.

Properties are read from ``spiffworkflow:properties`` (SpiffArena modeler) and
``camunda:properties`` (Camunda Modeler "Extension properties"). A non-interrupting
boundary timer with a ``timeDuration`` on a user task is that step's time limit in working
days (``P3D``): when it runs out the department is warned. Gateway conditions use the
restricted expression language of ``sandbox``; scripts are refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException

from yiwang.approvals.engine.sandbox import UnsafeExpression, check_expression
from yiwang.approvals.engine.timers import (
    WorkingTimeError,
    parse_working_duration,
    with_working_day_timers,
)
from yiwang.core.errors import FieldError, InvalidInput

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {
    "bpmn": BPMN_NS,
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "camunda": "http://camunda.org/schema/1.0/bpmn",
}
MAX_BPMN_BYTES = 2 * 1024 * 1024
ROLES = ("operator", "dispatcher", "handler", "supervisor", "department_admin", "platform_admin")
STEPS = ("accept", "review", "decide")
FORBIDDEN = {
    "scriptTask": _("不允许脚本任务"),
    "serviceTask": _("不允许服务任务"),
    "businessRuleTask": _("不允许业务规则任务"),
    "callActivity": _("不允许调用活动"),
    "sendTask": _("不允许发送任务"),
    "receiveTask": _("不允许接收任务"),
}
FORBIDDEN_EXTENSIONS = ("preScript", "postScript", "script", "executionListener", "taskListener")

_VALIDATOR: BpmnValidator | None = None


@dataclass(frozen=True)
class TaskMeta:
    """Who does a user task and what kind of step it is."""

    bpmn_id: str
    name: str
    department: str  # a department reference; "" = the service item's department
    role: str
    step: str
    certificate: str = ""
    time_limit: str = ""  # working-time duration of its boundary timer, "" = none


@dataclass
class ParsedProcess:
    key: str
    name: str
    spec: Any
    tasks: dict[str, TaskMeta]
    timers: dict[str, str] = field(default_factory=dict)  # boundary timer id -> its task id
    sha256: str = ""


def _problem(element_id: str, element_name: str, problem: Any, detail: str = "") -> InvalidInput:
    if element_id:
        message = format_lazy(
            _("流程元素 {id}（{name}）：{problem}"),
            id=element_id,
            name=element_name or "-",
            problem=problem,
        )
    else:
        message = problem
    if detail:
        message = format_lazy("{message}（{detail}）", message=message, detail=detail)
    return InvalidInput(
        message,
        field_errors=[FieldError("bpmn_xml", message, "invalid_bpmn")],
        extra={"element_id": element_id, "element_name": element_name},
    )


def _validator() -> BpmnValidator:
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = BpmnValidator()
    return _VALIDATOR


def _properties(node) -> dict[str, str]:
    props: dict[str, str] = {}
    for prefix in ("camunda", "spiffworkflow"):
        for prop in node.xpath(f"./bpmn:extensionElements/{prefix}:properties/{prefix}:property",
                               namespaces=NS):  # fmt: skip
            name = (prop.get("name") or "").strip()
            if name:
                props[name] = (prop.get("value") or "").strip()
    return props


def _lane_of(root, node_id: str) -> str:
    for lane in root.xpath(".//bpmn:lane", namespaces=NS):
        refs = [(r.text or "").strip() for r in lane.xpath("./bpmn:flowNodeRef", namespaces=NS)]
        if node_id in refs:
            return (lane.get("name") or "").strip()
    return ""


def _read_xml(bpmn_xml: str | bytes):
    data = bpmn_xml.encode("utf-8") if isinstance(bpmn_xml, str) else bytes(bpmn_xml)
    if not data.strip():
        raise _problem("", "", _("流程定义为空"))
    if len(data) > MAX_BPMN_BYTES:
        raise _problem("", "", _("流程定义文件不能超过 2 MB"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise _problem("", "", _("不是有效的 XML"), str(exc)) from None
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise _problem("", "", _("不是 BPMN 2.0 文件（根元素应为 bpmn:definitions）"))
    return data, root


def _check_schema(root) -> None:
    try:
        _validator().validate(root)
    except ValidationException as exc:
        raise _problem("", "", _("不符合 BPMN 2.0 规范"),
                       f"line {exc.line_number}: {exc}") from None  # fmt: skip


def _executable_process(root):
    processes = root.xpath("./bpmn:process", namespaces=NS)
    executable = [p for p in processes if p.get("isExecutable", "true").lower() != "false"]
    if len(executable) != 1:
        raise _problem("", "", _("应当恰好包含一个可执行流程（bpmn:process）"))
    return executable[0]


def _check_elements(process) -> None:
    for tag, problem in FORBIDDEN.items():
        for node in process.iter(f"{{{BPMN_NS}}}{tag}"):
            raise _problem(node.get("id", ""), node.get("name", ""), problem)
    for node in process.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local in FORBIDDEN_EXTENSIONS and etree.QName(node).namespace != BPMN_NS:
            owner = node.getparent().getparent() if node.getparent() is not None else node
            raise _problem(owner.get("id", ""), owner.get("name", ""), _("不允许脚本或监听器"))
    for flow in process.iter(f"{{{BPMN_NS}}}conditionExpression"):
        parent = flow.getparent()
        try:
            check_expression((flow.text or "").strip())
        except UnsafeExpression as exc:
            raise _problem(parent.get("id", ""), parent.get("name", ""),
                           _("条件表达式不在允许的范围内"), str(exc)) from None  # fmt: skip


def _check_timers(process) -> dict[str, tuple[str, str]]:
    """Boundary timers: {timer id: (attached task id, duration)}; other timers refused."""
    timers: dict[str, tuple[str, str]] = {}
    for definition in process.iter(f"{{{BPMN_NS}}}timerEventDefinition"):
        event = definition.getparent()
        event_id, event_name = event.get("id", ""), event.get("name", "")
        if etree.QName(event).localname != "boundaryEvent":
            raise _problem(event_id, event_name, _("计时器只能作为附着在用户任务上的边界事件"))
        if event.get("cancelActivity", "true").lower() != "false":
            raise _problem(
                event_id, event_name, _("计时器边界事件应为非中断（cancelActivity=false）")
            )
        duration = definition.xpath("./bpmn:timeDuration", namespaces=NS)
        if not duration:
            raise _problem(event_id, event_name, _("计时器应使用时长（timeDuration），如 P3D"))
        text = (duration[0].text or "").strip().strip("'\"")
        try:
            parse_working_duration(text)
        except WorkingTimeError as exc:
            raise _problem(event_id, event_name, _("计时器时长无效，应为工作日时长如 P3D"),
                           str(exc)) from None  # fmt: skip
        # Modelers write P3D; Spiff evaluates an expression: make it a literal.
        duration[0].text = repr(text)
        timers[event_id] = (event.get("attachedToRef", ""), text)
    return timers


def _task_metas(root, process, timers, resolve_department) -> dict[str, TaskMeta]:
    metas: dict[str, TaskMeta] = {}
    limits = {task_id: duration for task_id, duration in timers.values()}
    for node in process.iter(f"{{{BPMN_NS}}}userTask"):
        node_id, name = node.get("id", ""), (node.get("name") or "").strip()
        props = _properties(node)
        group_dept, _sep, group_role = (
            node.get(f"{{{NS['camunda']}}}candidateGroups") or ""
        ).partition(":")
        department = props.get("department") or group_dept.strip() or _lane_of(root, node_id)
        role = props.get("role") or group_role.strip() or "handler"
        step = props.get("step") or "review"
        if not name:
            raise _problem(node_id, "", _("用户任务应有名称"))
        if role not in ROLES:
            raise _problem(node_id, name, format_lazy(_("未知的角色 {role}"), role=role))
        if step not in STEPS:
            raise _problem(node_id, name, format_lazy(_("未知的环节类型 {step}"), step=step))
        if department and resolve_department is not None and resolve_department(department) is None:
            raise _problem(node_id, name, format_lazy(_("找不到部门「{department}」"),
                                                      department=department))  # fmt: skip
        certificate = props.get("certificate", "")
        metas[node_id] = TaskMeta(
            node_id, name, department, role, step, certificate, limits.get(node_id, "")
        )
    if not metas:
        raise _problem(process.get("id", ""), process.get("name", ""), _("流程中没有用户任务"))
    if sum(1 for m in metas.values() if m.step == "accept") > 1:
        raise _problem(process.get("id", ""), process.get("name", ""), _("受理环节至多一个"))
    for timer_id, (task_id, _duration) in timers.items():
        if task_id not in metas:
            raise _problem(timer_id, "", _("计时器应附着在用户任务上"))
    return metas


def parse_process(
    bpmn_xml: str | bytes, *, resolve_department: Callable[[str], Any] | None = None
) -> ParsedProcess:
    """Validate ``bpmn_xml`` and build its spec; InvalidInput naming the element otherwise."""
    data, root = _read_xml(bpmn_xml)
    _check_schema(root)
    process = _executable_process(root)
    key = process.get("id", "")
    _check_elements(process)
    timers = _check_timers(process)
    metas = _task_metas(root, process, timers, resolve_department)
    parser = BpmnParser()
    try:
        parser.add_bpmn_xml(root, filename=f"{key}.bpmn")
        spec = parser.get_spec(key)
    except ValidationException as exc:
        raise _problem(exc.id, exc.name, _("流程结构有误"), str(exc)) from None
    except SpiffWorkflowException as exc:
        raise _problem("", "", _("流程结构有误"), str(exc)) from None
    timer_tasks: dict[str, str] = {}
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, CatchingEvent):
            task_spec.event_definition = with_working_day_timers(task_spec.event_definition)
            bpmn_id = getattr(task_spec, "bpmn_id", None)
            if bpmn_id in timers:
                timer_tasks[task_spec.name] = timers[bpmn_id][0]
    return ParsedProcess(
        key=key,
        name=(process.get("name") or key).strip(),
        spec=spec,
        tasks=metas,
        timers=timer_tasks,
        sha256=hashlib.sha256(data).hexdigest(),
    )
