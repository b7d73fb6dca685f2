import io
import sqlite3
import subprocess

import pytest
from django.core.management import call_command

from yiwang.audit.models import ChainVerification
from yiwang.audit.tests.conftest import as_dba

pytestmark = pytest.mark.django_db


def run_verify():
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_intact_chain_exits_0_and_prints_the_count(chain):
    code, out, err = run_verify()
    assert code == 0
    assert "共 5 条记录" in out and "intact: 5 records" in out
    assert f"hash {chain[-1].hash}" in out
    assert "网络安全法" in out and "180" in out  # the retention note
    assert err == ""  # no progress bar when not on a terminal
    status = ChainVerification.objects.get()
    assert status.ok and status.count == 5


def test_broken_chain_exits_1_and_names_the_first_bad_record(chain):
    as_dba(("UPDATE audit_auditrecord SET summary = %s WHERE seq = 2", ["x"]))
    code, _out, err = run_verify()
    assert code == 1
    assert f"seq 2 (id {chain[1].pk})" in err
    assert "edited" in err and "内容被修改" in err
    status = ChainVerification.objects.get()
    assert (status.ok, status.first_bad_seq, status.code) == (False, 2, "hash_mismatch")


def test_deleted_tail_exits_1(chain):
    as_dba(("DELETE FROM audit_auditrecord WHERE seq = 5", []))
    code, _out, err = run_verify()
    assert code == 1 and "seq 5" in err and "tail" in err


def test_empty_log_is_intact(db):
    code, out, _err = run_verify()
    assert code == 0 and "0 records" in out


def test_yiwang_audit_verify_end_to_end(cli_env, yiwang_data_dir, yiwang_cmd):
    """The real command line on a fresh embedded database: intact, then tampered."""

    def yiwang(*args):
        return subprocess.run(
            [*yiwang_cmd, *args], env=cli_env, capture_output=True, text=True, timeout=120
        )

    script = (
        "from django.core.management import call_command\n"
        "from django.db import transaction\n"
        "call_command('migrate', 'audit', verbosity=0)\n"
        "from yiwang.audit.services import audit_record\n"
        "for i in range(3):\n"
        "    with transaction.atomic():\n"
        "        audit_record(action='test.thing.update', object_id=str(i))\n"
    )
    assert yiwang("shell", "-c", script).returncode == 0
    intact = yiwang("audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert "intact: 3 records" in intact.stdout

    db = sqlite3.connect(yiwang_data_dir / "yiwang.sqlite3")
    with db:
        db.execute("UPDATE audit_auditrecord SET seq = 9 WHERE seq = 2")
    db.close()
    broken = yiwang("audit", "verify")
    assert broken.returncode == 1
    assert "seq 3" in broken.stderr and "BROKEN" in broken.stderr
