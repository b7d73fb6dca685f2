"""The catalogue is configurable, and 索引号 stay unique when publishers work at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.disclosure.selectors.publications import catalogue_tree
from yiwang.disclosure.services import publications as svc
from yiwang.disclosure.services.publications import next_index_number
from yiwang.disclosure.services.publications_catalogue import catalogue_node_create
from yiwang.disclosure.tests.publications_factories import node, office, published

pytestmark = pytest.mark.django_db


def test_a_department_adds_its_own_node_under_a_standard_one():
    o = office()
    own = catalogue_node_create(
        actor=o.publisher, code="jyj-zsxx", name="招生信息", parent=node("zdly-jy"),
        department=o.bureau,
    )  # fmt: skip
    assert own.path == "/zdly/zdly-jy/jyj-zsxx/" and own.depth == 2
    p = published(o, title="2025年小学招生划片范围", catalogue=own)
    tree = {item.node.code: item for item in catalogue_tree(department=o.bureau)}
    assert tree["zdly"].count == 1
    education = next(c for c in tree["zdly"].children if c.node.code == "zdly-jy")
    assert [c.node.code for c in education.children] == ["jyj-zsxx"]
    # the city-wide catalogue does not show one department's own node
    overall = {item.node.code: item for item in catalogue_tree()}
    assert all(c.node.code != "jyj-zsxx" for c in overall["zdly"].children[0].children)
    with pytest.raises(InvalidInput):  # other departments cannot file under it
        svc.publication_create(
            actor=o.other_writer, department=o.other, title="x", catalogue=own, topic="general"
        )
    assert p.catalogue == own


def test_catalogue_nodes_are_checked():
    o = office()
    with pytest.raises(PermissionDenied):
        catalogue_node_create(
            actor=o.writer, code="x", name="x", parent=node("qt"), department=o.bureau
        )
    with pytest.raises(InvalidInput) as excinfo:
        catalogue_node_create(
            actor=o.publisher, code="zcwj", name="", parent=None, department=o.bureau,
            decision_kind="tax",
        )  # fmt: skip
    fields = {e.field for e in excinfo.value.field_errors}
    assert fields == {"code", "name", "decision_kind", "parent"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_never_share_an_index_number():
    o = office()
    writers, per_writer = 4, 10
    start = threading.Barrier(writers)
    numbers: list[str] = []
    failures: list[BaseException] = []

    def take() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(per_writer):
                numbers.append(next_index_number(department=o.bureau, year=2025))
        except BaseException as exc:  # reported below; a thread must not die silently
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    expected = {f"{o.bureau.code}/2025-{n:05d}" for n in range(1, writers * per_writer + 1)}
    assert sorted(numbers) == sorted(expected)
