"""Sources, background indexing on commit, and the ``yiwang search`` command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import InvalidInput, NotFound
from yiwang.org.models import DepartmentKind, Level
from yiwang.org.services import department_create
from yiwang.search.indexing import IndexDoc
from yiwang.search.models import SearchDocument
from yiwang.search.service import index_later, index_now, rebuild, register_source, search

from .conftest import NOTE, days_ago

pytestmark = pytest.mark.django_db


def ids(results):
    return sorted(hit.object_id for hit in results.hits)


def run(*args) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_index_later_indexes_when_the_transaction_commits(
    source, django_capture_on_commit_callbacks
):
    source.docs["1"] = IndexDoc(title="路灯不亮", body="文昌街道路灯不亮", department_id=3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        index_later(NOTE, 1)
        assert search("路灯").hits == []  # not before the commit
    assert len(callbacks) == 1
    assert ids(search("路灯", department_ids=[3])) == ["1"]


def test_index_later_removes_what_the_source_no_longer_provides(
    source, django_capture_on_commit_callbacks
):
    source.docs["1"] = IndexDoc(title="路灯不亮")
    index_now(NOTE, "1")
    del source.docs["1"]
    with django_capture_on_commit_callbacks(execute=True):
        index_later(NOTE, "1")
    assert search("路灯").hits == []


def test_a_rolled_back_transaction_queues_nothing(source, django_capture_on_commit_callbacks):
    source.docs["1"] = IndexDoc(title="井盖缺失")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        index_later(NOTE, "1")
        raise RuntimeError
    assert callbacks == [] and search("井盖").hits == []


def test_providers_may_return_plain_dicts(source):
    source.docs["9"] = {"title": "积水点位", "body": "雨后积水", "filters": {"status": "open"}}
    assert index_now(NOTE, "9") is True
    assert ids(search("积水", filters={"status": "open"})) == ["9"]


def test_unknown_doc_types_and_bad_sources_are_refused():
    with pytest.raises(NotFound):
        index_now("no.such.type", "1")
    with pytest.raises(TypeError):
        register_source("test.bad", object())


def test_rebuild_indexes_everything_in_batches_and_drops_what_is_gone(source):
    for n in range(7):
        source.docs[str(n)] = IndexDoc(title=f"公告{n}", body="停水通知", published_at=days_ago(n))
    SearchDocument.objects.create(
        doc_type=NOTE, object_id="ghost", title="已删除的公告", indexed_at=days_ago(9),
        rank_key=1, dictionary="x",
    )  # fmt: skip
    out = run("rebuild", "--type", NOTE, "--batch-size", "3", "--no-progress")
    assert "7 indexed, 1 removed" in out
    assert [len(b) for b in source.batches] == [3, 3, 1]
    assert search("停水").total == 7
    assert not SearchDocument.objects.filter(object_id="ghost").exists()
    assert AuditRecord.objects.filter(action="search.rebuild", object_id=NOTE).exists()


def test_rebuild_of_an_unknown_type_is_a_command_error(source):
    with pytest.raises(CommandError):
        run("rebuild", "--type", "nope")


def test_rebuild_stale_redoes_only_rows_segmented_with_another_dictionary(source, fresh_dictionary):
    source.docs["1"] = IndexDoc(title="示范市低空经济发展促进中心公告")
    source.docs["2"] = IndexDoc(title="其他公告")
    index_now(NOTE, "1")
    index_now(NOTE, "2")
    department_create(
        actor=None, name="示范市低空经济发展促进中心", code="T-DK",
        kind=DepartmentKind.CENTRE, level=Level.CITY, region_code="339900",
    )  # fmt: skip
    fresh_dictionary.reload()
    # Indexed before the name was a word: only the OR fallback over its parts finds it.
    assert search("示范市低空经济发展促进中心").mode == "or"
    assert "2 stale" in run("stats")
    out = run("rebuild", "--stale", "--no-progress")
    assert f"{NOTE}: 2 indexed, 0 removed" in out
    results = search("示范市低空经济发展促进中心")
    assert results.mode == "and" and ids(results) == ["1"]
    assert "0 stale" in run("stats")


def test_query_command_prints_hits(source):
    source.docs["1"] = IndexDoc(title="医保报销流程", body="异地就医备案后可直接结算", url="/kb/1")
    index_now(NOTE, "1")
    out = run("query", "异地就医")
    assert "1 hits" in out and f"[{NOTE}:1] 医保报销流程" in out and "/kb/1" in out
    assert "异地就医备案" in out and "<mark>" not in out


def test_stats_and_segment_commands(source):
    source.docs["1"] = IndexDoc(title="医保报销流程")
    index_now(NOTE, "1")
    stats = run("stats")
    assert f"{NOTE}: 1 documents" in stats and "documents (文档数): 1" in stats
    assert "一网通办" in run("segment", "推进一网通办")


@pytest.mark.django_db(transaction=True)
def test_rebuild_with_worker_processes_gives_the_same_index(source):
    # On PostgreSQL this forks two analysing processes; on the in-memory SQLite test
    # database it falls back to one process (closing the connection would lose the data).
    for n in range(40):
        source.docs[str(n)] = IndexDoc(title=f"第{n}号", body="路灯维修通知", department_id=n % 3)
    result = rebuild(NOTE, batch_size=7, workers=2)
    assert (result.indexed, result.removed) == (40, 0)
    assert search("路灯", department_ids=[1]).total == 13
    assert search("第7号").hits[0].object_id == "7"


def test_a_bad_document_is_skipped_by_rebuild_but_refused_by_index_now(source, caplog):
    source.docs["good"] = IndexDoc(title="路灯维修")
    source.docs["bad"] = IndexDoc(title="路灯维修", url="/" * 600)
    result = rebuild(NOTE)
    assert result.indexed == 1 and ids(search("路灯")) == ["good"]
    assert "test.note:bad not indexed" in caplog.text
    with pytest.raises(InvalidInput):
        index_now(NOTE, "bad")
