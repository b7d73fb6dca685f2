"""A tampered audit table is detected: edited, deleted (middle, first, tail) and reordered
records, on SQLite and PostgreSQL alike."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from yiwang.audit.models import AuditRecord
from yiwang.audit.services import audit_record
from yiwang.audit.tests.conftest import append, as_dba
from yiwang.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

T = "audit_auditrecord"


def test_edited_summary_is_a_hash_mismatch_at_that_record(chain):
    as_dba((f"UPDATE {T} SET summary = %s WHERE seq = 3", ["无事发生"]))
    result = verify_chain()
    assert not result.ok
    assert (result.first_bad_seq, result.first_bad_id) == (3, chain[2].pk)
    assert result.code == "hash_mismatch"
    assert result.count == 2


def test_edited_changes_json_is_detected(db):
    with transaction.atomic():
        audit_record(action="test.thing.update", changes={"status": ["待办", "已办"]})
    append(1)
    as_dba((f"UPDATE {T} SET changes = %s WHERE seq = 1", ['{"status": ["待办", "退回"]}']))
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.code) == (False, 1, "hash_mismatch")


def test_edited_actor_and_time_are_detected(chain):
    as_dba((f"UPDATE {T} SET actor_id = 999 WHERE seq = 2", []))
    assert verify_chain().first_bad_seq == 2


def test_edit_with_recomputed_hash_breaks_the_next_link(chain):
    # A careful forger recomputes the edited record's hash; the next record still points at
    # the old one.
    from yiwang.audit.chain import HASHED_FIELDS, record_hash

    row = AuditRecord.objects.filter(seq=2).values(*HASHED_FIELDS, "prev_hash").get()
    row["summary"] = "改过"
    forged = record_hash(row["prev_hash"], row)
    as_dba((f"UPDATE {T} SET summary = %s, hash = %s WHERE seq = 2", ["改过", forged]))
    result = verify_chain()
    assert (result.first_bad_seq, result.code) == (3, "link_broken")


def test_deleted_middle_record_is_a_seq_gap(chain):
    as_dba((f"DELETE FROM {T} WHERE seq = 3", []))
    result = verify_chain()
    assert not result.ok
    assert (result.first_bad_seq, result.first_bad_id, result.code) == (4, chain[3].pk, "seq_gap")
    assert "3" in result.reason_en and "4" in result.reason_en


def test_deleted_first_record_is_detected(chain):
    as_dba((f"DELETE FROM {T} WHERE seq = 1", []))
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.code) == (False, 2, "seq_gap")


def test_deleted_tail_is_caught_by_the_head(chain):
    as_dba((f"DELETE FROM {T} WHERE seq >= 4", []))
    result = verify_chain()
    assert not result.ok
    assert (result.first_bad_seq, result.code, result.count) == (4, "tail_missing", 3)


def test_deleted_tail_with_renumbered_head_hash_is_caught(chain):
    # Rewinding only the head's count still leaves its hash pointing at the deleted record.
    as_dba(
        (f"DELETE FROM {T} WHERE seq = 5", []),
        ("UPDATE audit_chainhead SET seq = 4", []),
    )
    result = verify_chain()
    assert (result.ok, result.code) == (False, "head_mismatch")


def test_reordered_records_break_the_linkage(chain):
    as_dba(
        (f"UPDATE {T} SET seq = -1 WHERE seq = 2", []),
        (f"UPDATE {T} SET seq = 2 WHERE seq = 3", []),
        (f"UPDATE {T} SET seq = 3 WHERE seq = -1", []),
    )
    result = verify_chain()
    assert not result.ok
    assert (result.first_bad_seq, result.first_bad_id, result.code) == (
        2,
        chain[2].pk,
        "link_broken",
    )


def test_swapped_contents_keeping_seq_are_detected(chain):
    # Move record 4's content (and hash) into slot 3 and vice versa.
    rows = AuditRecord.objects.filter(seq__in=[3, 4]).values(
        "seq", "object_id", "hash", "prev_hash"
    )
    by_seq = {r["seq"]: r for r in rows}
    as_dba(
        (f"UPDATE {T} SET hash = %s WHERE seq = 3", ["x" * 64]),
        (f"UPDATE {T} SET hash = %s, prev_hash = %s, object_id = %s WHERE seq = 4",
         [by_seq[3]["hash"], by_seq[3]["prev_hash"], by_seq[3]["object_id"]]),
        (f"UPDATE {T} SET hash = %s, prev_hash = %s, object_id = %s WHERE seq = 3",
         [by_seq[4]["hash"], by_seq[4]["prev_hash"], by_seq[4]["object_id"]]),
    )  # fmt: skip
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 3)


@pytest.mark.postgres
def test_postgres_trigger_refuses_update_and_delete(chain):
    for sql in (f"UPDATE {T} SET summary = 'x' WHERE seq = 1", f"DELETE FROM {T} WHERE seq = 5"):
        with (
            pytest.raises(DatabaseError, match=T),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with (
        pytest.raises(DatabaseError, match="audit_chainhead"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_chainhead SET seq = seq - 1")
    result = verify_chain()
    assert result.ok and result.count == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    writers, per_writer = 4, 15
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait(timeout=10)
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(action="test.concurrent", object_id=f"{n}-{i}")
        except BaseException as exc:  # reported below; a thread must not die silently
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * per_writer + 1))
    result = verify_chain()
    assert result.ok and result.count == writers * per_writer
