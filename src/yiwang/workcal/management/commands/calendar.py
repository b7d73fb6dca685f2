"""``yiwang calendar ...``: working-day arithmetic and calendar maintenance from the shell.

Bad input (a date that does not parse, a file with bad rows) prints a bilingual message and
exits with status 2; it never shows a traceback.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from yiwang.core.errors import YiwangError, bilingual
from yiwang.workcal import exports, selectors, services, workdays
from yiwang.workcal.imports import ImportRejected, parse_iso_date

INPUT_ERROR = 2
ARITHMETIC = {"add", "is_workday", "between", "add_hours"}
MAX_DAYS = 36600
MAX_HOURS = 100000.0


def _fail(zh: str, en: str) -> CommandError:
    return CommandError(f"{zh} / {en}", returncode=INPUT_ERROR)


def _date(text: str, what: str = "DATE") -> date:
    value = parse_iso_date(text)
    if value is None:
        raise _fail(
            f"日期无效“{text}”，应为 YYYY-MM-DD（如 2025-09-30）",
            f"invalid {what} {text!r}: expected YYYY-MM-DD (e.g. 2025-09-30)",
        )
    if not services.MIN_YEAR <= value.year <= services.MAX_YEAR:
        raise _fail(
            f"日期“{text}”超出支持范围（1900–2100 年）",
            f"{what} {text!r} is outside the supported range (1900–2100)",
        )
    return value


def _datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _fail(
            f"时间无效“{text}”，应为 YYYY-MM-DDTHH:MM（如 2025-09-30T16:00）",
            f"invalid DATETIME {text!r}: expected YYYY-MM-DDTHH:MM (e.g. 2025-09-30T16:00)",
        ) from None
    if not services.MIN_YEAR <= value.year <= services.MAX_YEAR:
        raise _fail("时间超出支持范围（1900–2100 年）", "DATETIME is outside 1900–2100")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _number(text: str, kind: type, limit: float, what: str):
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or value != value or abs(value) > limit:
        raise _fail(
            f"{what} 应为绝对值不超过 {limit:g} 的{'整数' if kind is int else '数字'}：“{text}”",
            f"{what} must be a {'whole ' if kind is int else ''}number of at most {limit:g}: "
            f"{text!r}",
        )
    return value


class Command(BaseCommand):
    help = "Working-day calendar: arithmetic, import/export, seed, status (工作日历)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        p = sub.add_parser("add", help="DATE plus N working days (N may be negative)")
        p.add_argument("date", metavar="DATE")
        p.add_argument("days", metavar="N")
        p = sub.add_parser("is-workday", help="print yes or no")
        p.add_argument("date", metavar="DATE")
        p = sub.add_parser("between", help="working days in (A, B]")
        p.add_argument("start", metavar="A")
        p.add_argument("end", metavar="B")
        p = sub.add_parser("add-hours", help="DATETIME plus H working hours")
        p.add_argument("datetime", metavar="DATETIME")
        p.add_argument("hours", metavar="H")
        p = sub.add_parser("import", help="import a year from CSV or .xlsx (all or nothing)")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--year", type=int, default=None, help="the year the file is for")
        p = sub.add_parser("export", help="write a year's special days as CSV or .xlsx")
        p.add_argument("year", metavar="YEAR")
        p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        p.add_argument("-o", "--output", metavar="FILE", default=None)
        p = sub.add_parser("seed", help="(re)load chinese-calendar data, keeping admin edits")
        p.add_argument("--year", type=int, action="append", dest="years", default=None)
        p.add_argument("--force", action="store_true", help="also overwrite admin edits")
        sub.add_parser("status", help="years loaded, their source, fallback flags")

    def handle(self, *args, **options):
        action = options["action"].replace("-", "_")
        run = getattr(self, f"do_{action}")
        try:
            if "workcal_specialday" in connection.introspection.table_names():
                run(options)
            elif action in ARITHMETIC:
                self.stderr.write(
                    "note: the database is not set up yet; counting from the packaged "
                    "chinese-calendar data / 注意：数据库尚未初始化，按内置节假日数据计算"
                )
                with workdays.using_packaged_data():
                    run(options)
            else:
                raise CommandError(
                    "数据库尚未初始化，请先运行 yiwang migrate / "
                    "the database is not set up: run 'yiwang migrate' first"
                )
        except ImportRejected as exc:
            zh, en = bilingual(exc.detail)
            self.stderr.write(f"{zh} / {en}")
            self.stderr.write(exc.report())
            raise CommandError("import rejected / 导入失败", returncode=INPUT_ERROR) from None
        except YiwangError as exc:
            zh, en = bilingual(exc.detail)
            lines = [f"{zh} / {en}"] + [
                f"{fe['field']}: {fe['message']} / {fe['message_en']}"
                for fe in (e.as_dict() for e in exc.field_errors)
            ]
            raise CommandError("\n".join(lines), returncode=INPUT_ERROR) from None

    def do_add(self, o):
        d = _date(o["date"])
        n = _number(o["days"], int, MAX_DAYS, "N")
        self.stdout.write(workdays.add_working_days(d, n).isoformat())

    def do_is_workday(self, o):
        d = _date(o["date"])
        self.stdout.write("yes" if workdays.is_working_day(d) else "no")

    def do_between(self, o):
        a, b = _date(o["start"], "A"), _date(o["end"], "B")
        self.stdout.write(str(workdays.working_days_between(a, b)))

    def do_add_hours(self, o):
        t = _datetime(o["datetime"])
        hours = _number(o["hours"], float, MAX_HOURS, "H")
        result = timezone.localtime(
            workdays.add_working_hours(t, hours), timezone.get_default_timezone()
        )
        self.stdout.write(result.isoformat(timespec="minutes" if not result.second else "seconds"))

    def do_import(self, o):
        path = Path(o["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(
                f"无法读取文件“{path}”", f"cannot read {str(path)!r}: {exc.strerror}"
            ) from None
        r = services.year_import(actor=None, data=data, filename=path.name, year=o["year"])
        self.stdout.write(
            f"{r.year}: {r.holidays} 个节假日、{r.workdays} 个调休上班日已导入 / "
            f"imported {r.holidays} holidays and {r.workdays} adjusted workdays"
            + (f"; {r.outside_year} in neighbouring years" if r.outside_year else "")
        )

    def do_export(self, o):
        year = _number(o["year"], int, services.MAX_YEAR, "YEAR")
        if year < services.MIN_YEAR:
            raise _fail("年份超出支持范围（1900–2100 年）", "YEAR is outside 1900–2100")
        if o["format"] == "xlsx":
            output = o["output"] or f"workcal-{year}.xlsx"
            Path(output).write_bytes(exports.export_xlsx(year))
            self.stdout.write(output)
        elif o["output"]:
            Path(o["output"]).write_bytes(exports.export_csv(year))
            self.stdout.write(o["output"])
        else:
            self.stdout.write(exports.export_csv(year, bom=False).decode("utf-8"), ending="")

    def do_seed(self, o):
        results = services.calendar_seed(actor=None, years=o["years"], force=o["force"])
        for r in results:
            if r.skipped:
                self.stdout.write(
                    f"{r.year}: 已跳过（已导入或人工维护）/ skipped: imported or set by admins"
                )
            elif r.changed or r.kept:
                state = (
                    f"新增 {r.created}、更新 {r.updated}、删除 {r.deleted} / "
                    f"added {r.created}, updated {r.updated}, removed {r.deleted}"
                )
                if r.kept:
                    state += f"; 保留人工设置 {r.kept} / kept {r.kept} set by admins"
                self.stdout.write(f"{r.year}: {state}")
        years = [r.year for r in results]
        span = f"{min(years)}–{max(years)}" if years else "-"
        self.stdout.write(f"已核对 {len(years)} 个年份 / checked {len(years)} years ({span})")

    def do_status(self, o):
        self.stdout.write("year  source  holidays  workdays  fallback")
        for row in selectors.years_overview():
            flag = "FALLBACK 周末推算" if row.is_fallback else "-"
            self.stdout.write(
                f"{row.year}  {row.source:<6}  {row.holidays:>8}  {row.workdays:>8}  {flag}"
            )
