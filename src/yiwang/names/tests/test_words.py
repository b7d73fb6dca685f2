# ruff: noqa: E501 — form posts read best on one line
"""禁限用字词: services with audit and versions, and the staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.names.models import NameWord
from yiwang.names.services import word_create, word_set_active, word_update, words_seed
from yiwang.org.models import Role, Scope
from yiwang.org.tests.factories import department, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return staff("n1admin", department("示范市人民政府"), (Role.PLATFORM_ADMIN, Scope.ALL))


def test_seed_is_idempotent_and_keeps_edits():
    added = words_seed(actor=None)
    assert added > 50 and NameWord.objects.filter(word="黑社会", kind="prohibited").exists()
    bank = NameWord.objects.get(word="银行")
    word_update(actor=None, entry=bank, expected_version=bank.version, reason="本市说明")
    assert words_seed(actor=None) == 0
    assert NameWord.objects.get(word="银行").reason == "本市说明"


def test_word_services_validate_version_and_audit(admin):
    word = word_create(actor=admin, word="神算", kind="prohibited", category="crime",
                       reason="迷信")  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        word_create(actor=admin, word="神算", kind="prohibited", category="crime", reason="x")
    assert caught.value.field_errors[0].code == "duplicate"
    with pytest.raises(InvalidInput) as caught:
        word_create(actor=admin, word="ab", kind="x", category="y", reason="")
    assert {e.field for e in caught.value.field_errors} == {"word", "kind", "category", "reason"}
    word_update(actor=admin, entry=word, expected_version=1, reason="含有迷信内容")
    with pytest.raises(Conflict):
        word_update(actor=admin, entry=word, expected_version=1, reason="旧版本")
    word_set_active(actor=admin, entry=word, active=False, expected_version=2)
    assert NameWord.objects.get(pk=word.pk).is_active is False
    assert AuditRecord.objects.filter(action__startswith="names.word").count() == 3
    handler = staff("n1h", department("示范市市场监督管理局"), Role.HANDLER)
    with pytest.raises(PermissionDenied):
        word_create(actor=handler, word="测试", kind="prohibited", category="other", reason="x")


def test_staff_pages_list_add_edit_and_toggle(client, admin):
    words_seed(actor=None)
    client.force_login(admin)
    page = client.get(reverse("names:words"), {"kind": "restricted"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "银行" in text and "黑社会" not in text
    bad = client.post(reverse("names:word_create"), {"word": "", "kind": "prohibited",
                                                      "category": "crime", "reason": ""})  # fmt: skip
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    made = client.post(reverse("names:word_create"), {"word": "神算", "kind": "prohibited",
                                                       "category": "crime", "reason": "迷信"})  # fmt: skip
    assert made.status_code == 302
    word = NameWord.objects.get(word="神算")
    edit = client.post(reverse("names:word_edit", args=[word.pk]), {
        "word": "神算", "kind": "restricted", "category": "crime", "reason": "迷信内容",
        "version": word.version})  # fmt: skip
    assert edit.status_code == 302 and NameWord.objects.get(pk=word.pk).kind == "restricted"
    stale = client.post(reverse("names:word_edit", args=[word.pk]), {
        "word": "神算", "kind": "prohibited", "category": "crime", "reason": "x", "version": 1})  # fmt: skip
    assert "已被他人修改" in stale.content.decode()
    client.post(reverse("names:word_toggle", args=[word.pk]), {"version": 2})
    assert NameWord.objects.get(pk=word.pk).is_active is False


def test_staff_without_the_role_get_403(client):
    client.force_login(staff("n1h2", department("示范市市场监督管理局"), Role.HANDLER))
    assert client.get(reverse("names:words")).status_code == 403
