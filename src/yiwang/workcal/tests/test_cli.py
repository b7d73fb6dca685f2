"""``yiwang calendar``: output a person can rely on, bilingual errors with exit status 2."""

import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yiwang.workcal import workdays
from yiwang.workcal.models import SpecialDay

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_arithmetic_commands():
    assert run("add", "2025-09-30", "1") == "2025-10-09"
    assert run("add", "2025-10-09", "-1") == "2025-09-30"
    assert run("is-workday", "2026-10-10") == "yes"
    assert run("is-workday", "2026-10-01") == "no"
    assert run("between", "2025-09-30", "2025-10-09") == "1"
    assert run("add-hours", "2025-09-30T16:00", "2") == "2025-10-09T09:30+08:00"
    assert run("add-hours", "2025-09-29 11:00", "1.5") == "2025-09-29T14:00+08:00"


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2025-13-01", "1"),
        ("add", "2025-9-30", "1"),
        ("add", "2025-09-30", "one"),
        ("is-workday", "tomorrow"),
        ("between", "2025-09-30", "2025-02-30"),
        ("add-hours", "2025-09-30 25:00", "1"),
        ("add", "1800-01-01", "1"),
    ],
)
def test_bad_input_is_a_bilingual_error_with_status_2(args):
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    message = str(err.value)
    assert " / " in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_import_export_and_status(tmp_path):
    target = tmp_path / "2031.csv"
    target.write_text("日期,类型,名称\n2031-10-01,节假日,国庆节\n2031-10-11,调休上班,国庆节\n")
    assert "2031" in run("import", str(target))
    assert run("is-workday", "2031-10-01") == "no"
    assert run("export", "2031").splitlines() == [
        "日期,类型,名称",
        "2031-10-01,节假日,国庆节",
        "2031-10-11,调休上班,国庆节",
    ]
    xlsx = tmp_path / "out.xlsx"
    assert run("export", "2031", "--format", "xlsx", "-o", str(xlsx)) == str(xlsx)
    assert xlsx.read_bytes()[:2] == b"PK"
    status = run("status")
    assert "2031  import" in status
    assert "FALLBACK" in status  # this year or next has no data in the test database


def test_a_bad_import_lists_every_row_and_changes_nothing(tmp_path):
    target = tmp_path / "bad.csv"
    target.write_text("date,kind\n2031-02-30,holiday\n2031-10-01,vacation\n")
    err_out = StringIO()
    with pytest.raises(CommandError) as err:
        call_command("calendar", "import", str(target), stdout=StringIO(), stderr=err_out)
    assert err.value.returncode == 2
    report = err_out.getvalue()
    assert "第 2 行" in report and "Row 2" in report and "Row 3" in report
    assert not SpecialDay.objects.filter(date__year=2031).exists()


def test_seed_keeps_admin_edits():
    SpecialDay.objects.filter(date__year=2026, date__month=10, date__day=7).update(source="admin")
    SpecialDay.objects.filter(date__year=2026, date__month=10, date__day=1).delete()
    workdays.invalidate()
    output = run("seed", "--year", "2026")
    assert output.splitlines() == [
        "2026: 新增 1、更新 0、删除 0 / added 1, updated 0, removed 0; "
        "保留人工设置 1 / kept 1 set by admins",
        "已核对 1 个年份 / checked 1 years (2026–2026)",
    ]


def test_the_installed_command_prints_the_answer_and_never_a_traceback(cli_env, yiwang_cmd):
    # A fresh data folder with no database yet: the packaged holidays still answer.
    ok = subprocess.run(
        [*yiwang_cmd, "calendar", "add", "2025-09-30", "1"],
        env=cli_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "2025-10-09"
    bad = subprocess.run(
        [*yiwang_cmd, "calendar", "is-workday", "2026-10-32"],
        env=cli_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "日期无效" in bad.stderr and "invalid DATE" in bad.stderr
