import datetime as dt

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from yiwang.audit.chain import canonical_bytes, record_hash
from yiwang.audit.models import GENESIS_HASH, AppendOnlyError, AuditRecord, ChainHead
from yiwang.audit.services import audit_record
from yiwang.audit.tests.conftest import append, as_dba
from yiwang.audit.verify import verify_chain
from yiwang.core import context
from yiwang.core.pii import sm3_hex
from yiwang.org.models import Role
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db


def test_records_link_in_sequence_and_verify(chain):
    first, second = chain[0], chain[1]
    assert [r.seq for r in chain] == [1, 2, 3, 4, 5]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (5, chain[-1].hash)
    result = verify_chain()
    assert result.ok and result.count == 5 and result.first_bad_seq is None


def test_hash_is_sm3_of_previous_hash_and_canonical_record_read_back(chain):
    stored = AuditRecord.objects.get(seq=3)
    fields = {f: getattr(stored, f) for f in ("seq", "created_at", "actor_id", "actor_label")}
    fields.update({f: getattr(stored, f) for f in ("role", "department_id", "action")})
    fields.update({f: getattr(stored, f) for f in ("object_type", "object_id", "summary")})
    fields.update({f: getattr(stored, f) for f in ("changes", "client_ip", "request_id")})
    fields["channel"] = stored.channel
    expected = sm3_hex(stored.prev_hash.encode() + canonical_bytes(fields))
    assert stored.hash == expected


def test_canonical_form_is_fixed():
    # A change to the canonical form silently invalidates every stored chain: this vector
    # must never change.
    fields = {
        "seq": 1,
        "created_at": dt.datetime(
            2025, 10, 1, 8, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))
        ),
        "actor_id": 7,
        "actor_label": "张三（zhangsan）",
        "role": "supervisor",
        "department_id": 3,
        "action": "org.department.update",
        "object_type": "org.department",
        "object_id": "3",
        "summary": "",
        "changes": {"name": ["旧", "新"], "a": [None, 1]},
        "client_ip": "10.0.0.1",
        "request_id": "abc12345",
        "channel": "web",
    }
    body = canonical_bytes(fields).decode()
    assert body.startswith('{"action":"org.department.update","actor_id":7,')
    assert '"created_at":"2025-10-01T00:00:00.000005+00:00"' in body
    assert '"changes":{"a":[null,1],"name":["旧","新"]}' in body
    assert record_hash(GENESIS_HASH, fields) == sm3_hex(GENESIS_HASH.encode() + body.encode())
    assert (
        record_hash(GENESIS_HASH, fields)
        == "08acef8b700eda361005e4ada837d0e1afb2cc0bd15b9f796ec1a4d38c542a07"
    )
    # and the digest is SM3 (GB/T 32905 test vector), not some other hash
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_rolled_back_change_leaves_no_gap():
    append(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.thing.update")
        raise RuntimeError("the service failed after auditing")
    (third,) = append(1)
    assert third.seq == 3
    assert verify_chain().ok


def test_actor_ip_request_and_channel_come_from_the_context():
    city = small_city()
    supervisor = staff("east-supervisor", city.east, Role.SUPERVISOR)
    with (
        context.bind(
            user=supervisor, client_ip="10.1.2.3", request_id="req-0001abcd", channel="web"
        ),
        transaction.atomic(),
    ):
        record = audit_record(action="test.thing.update", object_type="test.thing", object_id=9)
    assert record.actor_id == supervisor.pk
    assert record.actor_label == "east-supervisor"
    assert (record.client_ip, record.request_id, record.channel) == (
        "10.1.2.3",
        "req-0001abcd",
        "web",
    )
    # role and department from the primary membership
    assert record.role == "supervisor"
    assert record.department_id == city.east.pk
    assert record.object_id == "9"


def test_explicit_department_picks_that_membership_and_target_fills_object():
    city = small_city()
    person = staff("two-hats", city.east, Role.HANDLER)
    from yiwang.org.services import membership_add

    membership_add(actor=None, user=person, department=city.bureau, roles=[Role.DISPATCHER])
    with transaction.atomic():
        record = audit_record(
            action="org.department.update",
            target=city.west,
            actor=person,
            department_id=city.bureau.pk,
        )
    assert (record.role, record.department_id) == ("dispatcher", city.bureau.pk)
    assert (record.object_type, record.object_id) == ("org.department", str(city.west.pk))
    # acting in a department they do not belong to: the roles of the primary membership
    with transaction.atomic():
        record = audit_record(action="x.y.z", actor=person, department_id=city.west.pk)
    assert (record.role, record.department_id) == ("handler", city.west.pk)


def test_system_actions_take_the_department_of_the_target():
    city = small_city()
    with transaction.atomic():
        record = audit_record(action="org.department.update", target=city.west_street)
    assert record.actor_id is None and record.actor_label == ""
    assert record.department_id == city.west_street.pk


def test_audit_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(TransactionManagementError):
        audit_record(action="test.thing.update")
    assert not AuditRecord.objects.exists()


def test_a_missing_head_is_reported_and_the_next_append_continues_the_chain(chain):
    as_dba(("DELETE FROM audit_chainhead", []))
    result = verify_chain()
    assert not result.ok and result.code == "head_missing"
    (sixth,) = append(1)
    assert sixth.seq == 6 and sixth.prev_hash == chain[-1].hash
    assert verify_chain().ok


def test_records_cannot_be_changed_or_deleted_through_the_orm(chain):
    record = chain[0]
    record.summary = "篡改"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(seq=1).update(summary="篡改")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert verify_chain().ok


def test_long_and_odd_values_are_stored_as_hashed(db):
    with transaction.atomic():
        audit_record(
            action="test.thing.update",
            object_id="x" * 200,
            summary="长" * 5000 + "\x00",
            changes={"ratio": [0.1, 1e-7], "when": [dt.date(2025, 1, 1), None], "n": [1, 2**40]},
        )
    record = AuditRecord.objects.get()
    assert len(record.object_id) == 64 and len(record.summary) == 2000
    assert record.changes["ratio"] == ["0.1", "1e-07"]
    assert record.changes["when"] == ["2025-01-01", None]
    assert record.changes["n"] == [1, 2**40]
    assert verify_chain().ok


def test_verify_walks_in_chunks(db):
    append(7)
    seen = []
    result = verify_chain(chunk_size=3, progress=seen.append)
    assert result.ok and result.count == 7
    assert seen == [3, 3, 1]


def test_verify_of_an_empty_log_is_ok(db):
    result = verify_chain()
    assert result.ok and result.count == 0
