"""Personal data never reaches the audit log in the clear."""

import pytest
from django.db import connection, transaction

from yiwang.audit.models import AuditRecord
from yiwang.audit.scrub import CHANGED_MARKER, mask_text
from yiwang.audit.services import audit_record
from yiwang.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"  # valid GB 11643 check digit
PHONE = "13812345678"


def raw_row_text(seq: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditrecord WHERE seq = %s", [seq])
        return " ".join(str(v) for v in cursor.fetchone())


def test_personal_fields_become_a_marker_and_nothing_raw_is_stored(settings):
    settings.YIWANG_AUDIT_PII_FIELDS = ["nickname"]
    with transaction.atomic():
        record = audit_record(
            action="accounts.profile.update",
            changes={
                "id_number": [ID, "110105199003072410"],
                "phone": ["", PHONE],
                "contact_phone": [PHONE, None],
                "password": "s3cret-Passw0rd",
                "nickname": ["小明", "大明"],
                "status": ["draft", "active"],
                "profile": [None, {"mobile": PHONE, "city": "示范市"}],
            },
        )
    changes = record.changes
    assert changes["id_number"] == [CHANGED_MARKER, CHANGED_MARKER]
    assert changes["phone"] == ["", CHANGED_MARKER]  # emptiness is not personal data
    assert changes["contact_phone"] == [CHANGED_MARKER, None]
    assert changes["password"] == CHANGED_MARKER
    assert changes["nickname"] == [CHANGED_MARKER, CHANGED_MARKER]  # from the setting
    assert changes["status"] == ["draft", "active"]
    assert changes["profile"] == [None, {"mobile": CHANGED_MARKER, "city": "示范市"}]
    stored = raw_row_text(record.seq)
    for secret in (ID, PHONE, "110105199003072410", "s3cret-Passw0rd", "小明"):
        assert secret not in stored
    assert verify_chain().ok


def test_id_numbers_and_mobiles_in_free_text_are_masked(db):
    with transaction.atomic():
        record = audit_record(
            action="tickets.ticket.create",
            summary=f"来电人 {PHONE}，身份证 {ID}，工单号 202510010000000001",
            changes={"content": [None, f"请回电 {PHONE}"]},
        )
    assert (
        record.summary == "来电人 138****5678，身份证 110***********002X，工单号 202510010000000001"
    )
    assert record.changes["content"] == [None, "请回电 138****5678"]
    assert PHONE not in raw_row_text(record.seq)


def test_masking_leaves_ordinary_numbers_alone():
    # a case number or a digit run with a wrong check digit is not an ID number
    assert mask_text("202510010000000001") == "202510010000000001"
    assert mask_text("110105194912310021") == "110105194912310021"
    assert mask_text("电话 010-12345678") == "电话 010-12345678"


def test_actor_label_of_a_citizen_shows_the_login_not_the_real_name(db):
    from yiwang.accounts.models import User, UserKind

    citizen = User.objects.create_user(
        PHONE, password=None, kind=UserKind.CITIZEN, display_name="张三"
    )
    with transaction.atomic():
        record = audit_record(action="tickets.ticket.create", actor=citizen)
    assert record.actor_id == citizen.pk
    assert record.actor_label == "138****5678"
    assert "张三" not in raw_row_text(record.seq)


def test_changes_must_be_a_mapping(db):
    with pytest.raises(TypeError), transaction.atomic():
        audit_record(action="x.y.z", changes=[("name", "a")])
    assert not AuditRecord.objects.exists()
