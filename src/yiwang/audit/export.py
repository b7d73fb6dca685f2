"""CSV and Excel export of a filtered audit list."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from yiwang.audit.models import AuditRecord

# Excel holds about a million rows; a larger export is a job for CSV.
XLSX_MAX_ROWS = 100_000

COLUMNS = [
    ("seq", _("序号")),
    ("created_at", _("时间")),
    ("actor_id", _("操作人编号")),
    ("actor_label", _("操作人")),
    ("role", _("角色")),
    ("department_id", _("部门编号")),
    ("department_name", _("部门")),
    ("action", _("操作")),
    ("object_type", _("对象类型")),
    ("object_id", _("对象编号")),
    ("summary", _("摘要")),
    ("changes", _("变更内容")),
    ("client_ip", _("客户端地址")),
    ("request_id", _("请求编号")),
    ("channel", _("渠道")),
    ("hash", _("哈希")),
]


def _safe(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def rows(records: Iterable[AuditRecord], department_names: dict[int, str]) -> Iterator[list]:
    for r in records:
        values = {
            "seq": r.seq,
            "created_at": timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "actor_id": r.actor_id,
            "actor_label": r.actor_label,
            "role": r.role,
            "department_id": r.department_id,
            "department_name": department_names.get(r.department_id, ""),
            "action": r.action,
            "object_type": r.object_type,
            "object_id": r.object_id,
            "summary": r.summary,
            "changes": json.dumps(r.changes, ensure_ascii=False, sort_keys=True)
            if r.changes
            else "",
            "client_ip": r.client_ip,
            "request_id": r.request_id,
            "channel": r.channel,
            "hash": r.hash,
        }
        yield [_safe(values[name]) for name, _label in COLUMNS]


def header() -> list[str]:
    return [str(label) for _name, label in COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(data: Iterable[list]) -> Iterator[str]:
    """Lines of UTF-8 CSV with a byte-order mark so Excel reads the Chinese correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header())
    for row in data:
        yield writer.writerow(row)


def xlsx_bytes(data: Iterable[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(_("审计日志")))
    sheet.append(header())
    for count, row in enumerate(data):
        if count >= XLSX_MAX_ROWS:
            break
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
