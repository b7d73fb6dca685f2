# ruff: noqa: E501 — BPMN fixtures read best on one line
"""Process definitions: validated uploads that name the bad element, and versions."""

from __future__ import annotations

import pytest

from yiwang.approvals.models import ProcessDefinition
from yiwang.approvals.services.applications import application_submit
from yiwang.approvals.services.definitions import (
    definition_upload,
    definitions_load_shipped,
    shipped_xml,
)
from yiwang.approvals.tests.engine_support import town
from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.org.models import Role, Scope
from yiwang.org.tests.factories import staff

pytestmark = pytest.mark.django_db

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">')  # fmt: skip


def process(body: str, key: str = "test_flow") -> str:
    return f'{HEAD}<bpmn:process id="{key}" name="测试流程" isExecutable="true">{body}</bpmn:process></bpmn:definitions>'


def linear(task: str) -> str:
    return process(
        '<bpmn:startEvent id="s"/>'
        f"{task}"
        '<bpmn:endEvent id="e"/>'
        '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>'
        '<bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e"/>'
    )


def messages(exc) -> str:
    return " ".join(e.as_dict()["message"] + " " + e.as_dict()["message_en"]
                    for e in exc.field_errors)  # fmt: skip


def test_shipped_definitions_load_once_and_validate():
    town(load_shipped=False)
    first = definitions_load_shipped()
    again = definitions_load_shipped()
    assert [d.pk for d in first] == [d.pk for d in again]
    assert {(d.key, d.version) for d in first} == {("single_department", 1),
                                                   ("enterprise_startup", 1)}  # fmt: skip


def test_upload_creates_the_next_version_and_running_instances_keep_theirs():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    v1 = application.definition
    changed = shipped_xml("single_department").replace('name="审查"', 'name="审查（新）"')
    v2 = definition_upload(actor=None, bpmn_xml=changed)
    assert (v2.key, v2.version, v2.is_current) == ("single_department", 2, True)
    v1.refresh_from_db()
    assert not v1.is_current
    assert ProcessDefinition.objects.filter(key="single_department", is_current=True).count() == 1
    application.refresh_from_db()
    assert application.definition_id == v1.pk
    newer = application_submit(actor=t.citizen, item=t.item, form_data={})
    assert newer.definition_id == v2.pk


def test_invalid_upload_names_the_element_in_chinese_and_english():
    town()
    bad_role = linear(
        '<bpmn:userTask id="t1" name="初审" camunda:candidateGroups="市场监管局:boss"/>'
    )
    with pytest.raises(InvalidInput) as exc:
        definition_upload(actor=None, bpmn_xml=bad_role)
    text = messages(exc.value)
    assert "t1" in text and "初审" in text and "boss" in text
    assert exc.value.extra["element_id"] == "t1"

    unknown = linear(
        '<bpmn:userTask id="t1" name="初审" camunda:candidateGroups="不存在局:handler"/>'
    )
    with pytest.raises(InvalidInput) as exc:
        definition_upload(actor=None, bpmn_xml=unknown)
    assert "不存在局" in messages(exc.value)

    script = linear(
        '<bpmn:scriptTask id="t1" name="偷跑脚本"><bpmn:script>1</bpmn:script></bpmn:scriptTask>'
    )
    with pytest.raises(InvalidInput) as exc:
        definition_upload(actor=None, bpmn_xml=script)
    assert "偷跑脚本" in messages(exc.value)


def test_conditions_outside_the_restricted_language_are_refused():
    town()
    xml = process(
        '<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" name="分流"/>'
        '<bpmn:userTask id="t1" name="甲"/><bpmn:userTask id="t2" name="乙"/>'
        '<bpmn:endEvent id="e"/>'
        '<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/>'
        '<bpmn:sequenceFlow id="bad" name="危险条件" sourceRef="g" targetRef="t1">'
        '<bpmn:conditionExpression>__import__("os").system("id")</bpmn:conditionExpression>'
        "</bpmn:sequenceFlow>"
        '<bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="t2"/>'
        '<bpmn:sequenceFlow id="f3" sourceRef="t1" targetRef="e"/>'
        '<bpmn:sequenceFlow id="f4" sourceRef="t2" targetRef="e"/>'
    )
    with pytest.raises(InvalidInput) as exc:
        definition_upload(actor=None, bpmn_xml=xml)
    assert "bad" in messages(exc.value) and "危险条件" in messages(exc.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not xml <",
        "<root/>",
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    ],
)
def test_garbage_is_a_clear_error_never_a_crash(text):
    with pytest.raises(InvalidInput):
        definition_upload(actor=None, bpmn_xml=text)


def test_schema_errors_and_broken_flows_are_reported():
    town()
    with pytest.raises(InvalidInput) as exc:
        definition_upload(actor=None, bpmn_xml=process('<bpmn:userTask id="t1" name="x" foo="1"/>'))
    assert "BPMN" in messages(exc.value)
    no_task = process('<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>'
                      '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>')  # fmt: skip
    with pytest.raises(InvalidInput):
        definition_upload(actor=None, bpmn_xml=no_task)


def test_only_platform_admins_upload():
    t = town()
    admin = staff(f"padm{t.n}", t.departments["city"], (Role.PLATFORM_ADMIN, Scope.ALL))
    xml = shipped_xml("single_department").replace("单部门审批", "单部门审批（修订）")
    with pytest.raises(PermissionDenied):
        definition_upload(actor=t.handlers["scjgj"], bpmn_xml=xml)
    assert definition_upload(actor=admin, bpmn_xml=xml).version == 2


def test_command_loads_lists_and_reports_a_bad_upload(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    town(load_shipped=False)
    out = StringIO()
    call_command("approvals", "definitions", "load", stdout=out)
    call_command("approvals", "definitions", "list", stdout=out)
    assert "* enterprise_startup v1" in out.getvalue()
    bad = tmp_path / "bad.bpmn"
    bad.write_text(
        linear('<bpmn:userTask id="t1" name="初审" camunda:candidateGroups="x:nobody"/>')
    )
    with pytest.raises(CommandError) as exc:
        call_command("approvals", "definitions", "upload", str(bad))
    assert "t1" in str(exc.value) and "nobody" in str(exc.value)
