"""``yiwang catalog import FILE.xlsx`` / ``yiwang catalog export FILE.xlsx``: the service-item
catalogue as an Excel workbook (sheets 事项, 材料, 特殊环节, 常见问题).

A file with bad rows prints every problem (sheet, row, column) and exits with status 2,
having changed nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.catalog import selectors
from yiwang.catalog.excel.reader import ImportRejected
from yiwang.catalog.excel.writer import export_workbook
from yiwang.catalog.services.imports import catalog_import
from yiwang.core.errors import YiwangError, bilingual

INPUT_ERROR = 2


class Command(BaseCommand):
    help = "Service-item catalogue: import or export an Excel workbook (政务服务事项目录)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        p = sub.add_parser("import", help="import FILE.xlsx (all or nothing)")
        p.add_argument("file", metavar="FILE")
        p = sub.add_parser("export", help="write the catalogue to FILE.xlsx")
        p.add_argument("file", metavar="FILE")
        p.add_argument("--department", metavar="CODE", help="only this department (机构代码)")
        p.add_argument("--status", help="only items in this status (active, cancelled ...)")

    def handle(self, *args, **options):
        try:
            if options["action"] == "import":
                self._import(Path(options["file"]))
            else:
                self._export(Path(options["file"]), options["department"], options["status"])
        except ImportRejected as exc:
            zh, en = bilingual(exc.detail)
            self.stderr.write(f"{zh} / {en}")
            self.stderr.write(exc.report())
            raise CommandError("import rejected / 导入失败", returncode=INPUT_ERROR) from None
        except YiwangError as exc:
            zh, en = bilingual(exc.detail)
            raise CommandError(f"{zh} / {en}", returncode=INPUT_ERROR) from None

    def _import(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"无法读取文件“{path}” / cannot read {str(path)!r}: {exc.strerror}",
                returncode=INPUT_ERROR,
            ) from None
        r = catalog_import(actor=None, data=data)
        self.stdout.write(
            f"新增 {r.created} 项、更新 {r.updated} 项、未变 {r.unchanged} 项；"
            f"材料 {r.materials} 项、特殊环节 {r.special_steps} 个 / "
            f"created {r.created}, updated {r.updated}, unchanged {r.unchanged} items; "
            f"{r.materials} materials, {r.special_steps} special steps"
        )

    def _export(self, path: Path, department: str | None, status: str | None) -> None:
        items = selectors.items_for_export(department_code=department, status=status)
        path.write_bytes(export_workbook(items))
        self.stdout.write(f"{path}: {len(items)} 项 / items")
