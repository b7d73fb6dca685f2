"""The fingerprint index on plain documents (no tickets): near duplicates meet, the rest not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.routing import duplicates
from yiwang.routing.duplicates import Document
from yiwang.routing.models import FingerprintKey, TextFingerprint

pytestmark = pytest.mark.django_db

LAMP = Document(
    key="doc:1", subject="和平路路灯不亮", area="339901", place="和平路",
    text="和平路从新华小区到和平菜市场一段的路灯有五盏不亮，晚上漆黑一片，行人很不安全。",
)  # fmt: skip


def _doc(key: str, **changes) -> Document:
    values = LAMP.__dict__ | {"key": key} | changes
    return Document(**values)


def test_a_reworded_report_of_the_same_lamps_is_found_with_its_score():
    duplicates.index_document(LAMP)
    probe = _doc(
        "doc:2", subject="和平路路灯坏了",
        text="市民来电反映：和平路新华小区到和平菜市场之间好几盏路灯不亮，晚上很黑，希望尽快修复。",
    )  # fmt: skip
    [match] = duplicates.find_similar(probe)
    assert match.key == "doc:1" and match.same_place and not match.exact
    assert 0.35 <= match.score < 1


def test_unrelated_text_other_area_and_old_documents_are_not_found():
    now = timezone.now()
    duplicates.index_documents([
        _doc("doc:unrelated", subject="公积金提取", place="",
             text="想咨询异地购房能否提取住房公积金，需要准备哪些材料。"),
        _doc("doc:west", area="339902"),
        _doc("doc:old", created_at=now - timedelta(days=45)),
    ])  # fmt: skip
    found = duplicates.find_similar(_doc("doc:probe"), since=now - timedelta(days=30))
    assert [m.key for m in found] == []
    assert [m.key for m in duplicates.find_similar(_doc("doc:probe"))] == ["doc:old"]


def test_exact_repeat_scores_one_and_knows_the_requester():
    duplicates.index_document(_doc("doc:1", requester="u:7"))
    [match] = duplicates.find_similar(_doc("doc:2", subject="和平路路灯不亮！", requester="u:7"))
    assert match.exact and match.score == 1.0 and match.same_requester


def test_reindexing_replaces_and_removal_and_purge_forget():
    duplicates.index_document(LAMP)
    duplicates.index_document(_doc("doc:1", subject="另一件事", text="完全不同的内容关于公积金"))
    assert TextFingerprint.objects.count() == 1
    assert duplicates.find_similar(_doc("doc:probe")) == []
    duplicates.index_document(_doc("doc:2", created_at=timezone.now() - timedelta(days=90)))
    assert duplicates.purge(older_than=timezone.now() - timedelta(days=30)) == 1
    assert duplicates.remove_documents(["doc:1", "doc:missing"]) == 1
    assert TextFingerprint.objects.count() == FingerprintKey.objects.count() == 0


@pytest.mark.parametrize(
    "text", ["", "😀😀😀", "   ", "hello world only latin", "路" * 100_000, "\x00\ud800abc"]
)
def test_bad_text_is_indexed_and_looked_up_without_error(text):
    duplicates.index_document(_doc("doc:bad", subject=text[:200], text=text))
    assert isinstance(duplicates.find_similar(_doc("doc:probe2", subject=text, text=text)), list)


def test_lookup_and_index_in_one_call():
    duplicates.index_document(LAMP)
    found = duplicates.find_similar(_doc("doc:2"), index=True)
    assert [m.key for m in found] == ["doc:1"]
    assert {m.key for m in duplicates.find_similar(_doc("doc:3"))} == {"doc:1", "doc:2"}
