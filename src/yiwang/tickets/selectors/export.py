"""Excel export of a ticket list: the same rows the screen shows, personal data masked."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from yiwang.core import pii
from yiwang.tickets.models import Channel, SlaState, Status, Ticket, TicketType
from yiwang.tickets.selectors.inbox import countdown

MAX_ROWS = 100_000  # one sheet; a bigger list should be narrowed with filters first


def _headers() -> list[str]:
    return [
        _("工单编号"),
        _("受理时间"),
        _("来源渠道"),
        _("诉求类型"),
        _("诉求分类"),
        _("标题"),
        _("状态"),
        _("诉求人"),
        _("联系电话"),
        _("地址"),
        _("行政区划代码"),
        _("主办部门"),
        _("当前责任部门"),
        _("当前责任人"),
        _("签收时限"),
        _("办理时限"),
        _("时限状态"),
        _("督办中"),
        _("催办次数"),
        _("办结时间"),
    ]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def rows(tickets: Iterable[Ticket]) -> Iterator[list[Any]]:
    """One list per ticket; the requester's name and phone are always masked here."""
    now = timezone.now()
    # labels resolved once: get_FOO_display() on lazy choices costs more than the whole row
    channels, types = _labels(Channel.choices), _labels(TicketType.choices)
    statuses, sla_states = _labels(Status.choices), _labels(SlaState.choices)
    yes, no = _("是"), _("否")
    for t in tickets:
        clock = countdown(t, now)
        yield [
            t.case_number,
            _when(t.created_at),
            channels.get(t.channel, t.channel),
            types.get(t.ticket_type, t.ticket_type),
            t.category.name if t.category_id else "",
            t.subject,
            statuses.get(t.status, t.status),
            pii.mask_name(t.requester_name) if t.requester_name else "",
            pii.mask_phone(t.requester_phone) if t.requester_phone else "",
            t.address,
            t.region_code,
            t.lead_department.name if t.lead_department_id else "",
            t.current_department.name if t.current_department_id else "",
            str(t.current_assignee) if t.current_assignee_id else "",
            _when(t.sign_deadline),
            _when(t.handle_deadline),
            str(clock.label) if clock.state != "none" else sla_states.get(t.sla_state, ""),
            yes if t.supervised else no,
            t.urge_count,
            _when(t.closed_at),
        ]


FORMULA_START = ("=", "+", "-", "@")


def _text_cell(sheet, value):
    """Citizens write subjects and addresses: text that looks like a formula stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_bytes(queryset: QuerySet[Ticket]) -> bytes:
    """A write-only workbook, streamed row by row so a long list does not fill memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("工单列表"))
    widths = [26, 17, 10, 8, 14, 36, 10, 10, 14, 30, 14, 20, 20, 12, 17, 17, 10, 8, 8, 17]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in _headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(queryset[:MAX_ROWS].iterator(chunk_size=2000)):
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
