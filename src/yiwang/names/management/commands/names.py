"""``yiwang names check "示范市云帆科技有限公司"`` and the upkeep of the name register:
``yiwang names seed-words`` (add the shipped 禁限用字词), ``yiwang names expire`` (retire
lapsed reservations). ``check`` exits 0 when the name may be declared (ok or warnings),
1 when it is rejected or restricted, 2 when it is malformed."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from yiwang.core.errors import YiwangError, bilingual
from yiwang.names import services
from yiwang.names.checking import name_check

INPUT_ERROR = 2
NOT_DECLARABLE = 1


class Command(BaseCommand):
    help = "Enterprise name pre-check (企业名称自主申报): check a name, seed words, expire holds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        p = sub.add_parser("check", help="check a proposed full name (比对名称)")
        p.add_argument("name", metavar="NAME")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        sub.add_parser("seed-words", help="add the shipped prohibited/restricted words")
        sub.add_parser("expire", help="mark lapsed reservations expired")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "seed-words":
            self.stdout.write(f"新增字词 {services.words_seed(actor=None)} 个 / words added")
            return
        if action == "expire":
            count = services.reservations_expire()
            self.stdout.write(f"保留期满 {count} 个 / reservations expired")
            return
        try:
            result = name_check(name=options["name"])
        except YiwangError as exc:
            zh, en = bilingual(exc.detail)
            lines = [f"{zh} / {en}"]
            for error in exc.field_errors:
                item = error.as_dict()
                lines.append(f"  {item['field']}: {item['message']} / {item['message_en']}")
            raise CommandError("\n".join(lines), returncode=INPUT_ERROR) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(result)
        if not result.can_declare:
            raise SystemExit(NOT_DECLARABLE)

    def _print(self, result) -> None:
        data = result.as_dict()
        parts = data["name"]
        self.stdout.write(f"{parts['full_name']}：{data['verdict_label']} ({data['verdict']})")
        self.stdout.write(
            f"  行政区划 {parts['region']} | 字号 {parts['trade_name']} | "
            f"行业 {parts['industry']} | 组织形式 {parts['org_form']}"
        )
        for finding in data["findings"]:
            self.stdout.write(f"  [{finding['level']}] {finding['message']}")
        self.stdout.write(f"  ({data['took_ms']} ms)")
