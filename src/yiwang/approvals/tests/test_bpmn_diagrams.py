"""The shipped BPMN files carry their diagram (BPMN DI), so bpmn.io and Camunda Modeler open
them laid out: every flow node, lane and pool has a shape with bounds, every sequence flow an
edge whose ends touch its source and target; and the files still validate and load."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from yiwang.approvals.engine.parsing import parse_process
from yiwang.approvals.services.definitions import SHIPPED_DIR, definitions_load_shipped
from yiwang.catalog.tests.factories import demo_departments

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
NOT_NODES = {"sequenceFlow", "laneSet", "lane", "flowNodeRef", "extensionElements",
             "documentation", "incoming", "outgoing"}  # fmt: skip
FILES = sorted(SHIPPED_DIR.glob("*.bpmn"))


def _bounds(shape) -> tuple[float, float, float, float]:
    b = shape.find("dc:Bounds", NS)
    return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _touches(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y, w, h = box
    slack = 2
    inside = x - slack <= point[0] <= x + w + slack and y - slack <= point[1] <= y + h + slack
    return inside


def test_the_processes_folder_is_not_empty():
    assert {p.stem for p in FILES} >= {"single_department", "enterprise_startup"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_element_has_a_shape_and_every_flow_an_edge(path: Path):
    root = etree.parse(str(path)).getroot()
    planes = root.findall(".//bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert len(planes) == 1
    ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    assert planes[0].get("bpmnElement") in ids
    shapes = {s.get("bpmnElement"): _bounds(s) for s in planes[0].findall("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in planes[0].findall("bpmndi:BPMNEdge", NS)}
    for process in root.findall("bpmn:process", NS):
        nodes = [el for el in process if isinstance(el.tag, str)
                 and etree.QName(el.tag).localname not in NOT_NODES]  # fmt: skip
        assert nodes
        for node in nodes:
            assert node.get("id") in shapes, f"no shape for {node.get('id')}"
            assert min(shapes[node.get("id")][2:]) > 0
        for lane in process.findall(".//bpmn:lane", NS):
            lane_box = shapes[lane.get("id")]
            for ref in lane.findall("bpmn:flowNodeRef", NS):  # a node is drawn inside its lane
                x, y, w, h = shapes[ref.text.strip()]
                assert _touches((x, y), lane_box) and _touches((x + w, y + h), lane_box), ref.text
        for flow in process.findall("bpmn:sequenceFlow", NS):
            edge = edges.get(flow.get("id"))
            assert edge is not None, f"no edge for {flow.get('id')}"
            points = [
                (float(p.get("x")), float(p.get("y"))) for p in edge.findall("di:waypoint", NS)
            ]
            assert len(points) >= 2
            assert _touches(points[0], shapes[flow.get("sourceRef")]), flow.get("id")
            assert _touches(points[-1], shapes[flow.get("targetRef")]), flow.get("id")
    for participant in root.findall(".//bpmn:participant", NS):
        assert participant.get("id") in shapes


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_laid_out_files_still_validate(path: Path):
    process = parse_process(path.read_bytes())  # BPMN XSD validation and our own checks
    assert process.tasks


@pytest.mark.django_db
def test_the_shipped_definitions_load():
    demo_departments()  # the lanes name the demo city's bureaus
    loaded = definitions_load_shipped()
    assert {d.key for d in loaded} >= {"single_department", "enterprise_startup"}
    assert all("BPMNShape" in d.bpmn_xml for d in loaded)
