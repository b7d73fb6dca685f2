"""Workbench statistics page for supervisors: figures, charts, tables and the Excel export.

The page and the workbook are built from the same tables, so the numbers a supervisor reads,
charts and downloads never disagree. Charts are drawn by the vendored ECharts from JSON
embedded with ``json_script``; the tables carry every number, so the page works without JS.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from yiwang.core.errors import InvalidInput
from yiwang.org.permissions import can
from yiwang.tickets.selectors import stats as selectors
from yiwang.workbench.decorators import staff_required

TOP_CATEGORIES_IN_CHART = 15


class StatsFilterForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    end = forms.DateField(label=_("结束日期"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def period(self):
        """(start, end) when valid; otherwise None, with the errors on the form."""
        if not self.is_valid():
            return None
        try:
            return selectors.check_period(self.cleaned_data["start"], self.cleaned_data["end"])
        except InvalidInput as exc:
            for error in exc.field_errors:
                self.add_error(error.field if error.field in self.fields else None, error.message)
            return None


# --- tables: one definition for the page and the workbook -------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    value: Any  # what the spreadsheet stores
    number_format: str = "General"
    numeric: bool = False


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


def _int(n: int) -> Cell:
    return Cell(str(n), n, "0", numeric=True)


def _text(s: str) -> Cell:
    return Cell(s, s)


def _rate(rate: selectors.Rate) -> Cell:
    if rate.value is None:
        return Cell("—", None, numeric=True)
    text = f"{rate.percent:.1f}%（{rate.numerator}/{rate.denominator}）"
    return Cell(text, rate.value, "0.0%", numeric=True)


def _days(value: float | None) -> Cell:
    return Cell("—" if value is None else f"{value:.1f}", value, "0.0", numeric=True)


def _summary_table(s: selectors.TicketStats) -> Table:
    bad = s.bad_reviews
    rows = [
        (_("受理总量"), _int(s.received)),
        (_("其中合并的重复诉求"), _int(s.merged)),
        (_("已办结"), _int(s.closed)),
        (_("其中即时办结"), _int(s.answered_at_once)),
        (_("办理中（未办结）"), _int(s.open_now)),
        (_("其中已超期"), _int(s.open_overdue)),
        (_("按时办结率"), _rate(s.on_time)),
        (_("答复率"), _rate(s.replied)),
        (_("满意率"), _rate(s.satisfaction)),
        (_("重办率"), _rate(s.reopen)),
        (_("平均办理用时（工作日）"), _days(s.avg_working_days)),
        (_("差评件数"), _int(bad.total)),
        (_("差评已整改"), _int(bad.rectified)),
        (_("差评整改中"), _int(bad.pending)),
        (_("差评超期未整改"), _int(bad.overdue)),
    ]
    return Table(
        "summary", gettext("总体情况"), [gettext("指标"), gettext("数值")],
        [[_text(str(label)), cell] for label, cell in rows],
    )  # fmt: skip


def _count_table(key: str, title: str, label: str, rows: list[selectors.Row]) -> Table:
    total = sum(r.count for r in rows)
    out = [[_text(r.label), _int(r.count), _rate(selectors.Rate(r.count, total))] for r in rows]
    return Table(key, title, [label, gettext("件数"), gettext("占比")], out)


def _department_table(s: selectors.TicketStats) -> Table:
    columns = [
        gettext("主办部门"),
        gettext("受理"),
        gettext("办结"),
        gettext("按时办结率"),
        gettext("答复"),
        gettext("超期件数"),
        gettext("在办超期"),
        gettext("重办"),
        gettext("满意率"),
        gettext("差评"),
        gettext("平均办理用时（工作日）"),
        gettext("答复质量（平均分）"),
    ]
    rows = [
        [_text(d.name), _int(d.received), _int(d.closed), _rate(d.on_time), _int(d.replied),
         _int(d.overdue), _int(d.open_overdue), _int(d.reopened), _rate(d.satisfaction),
         _int(d.bad_reviews), _days(d.avg_working_days), _days(d.reply_quality)]
        for d in s.by_department
    ]  # fmt: skip
    return Table("department", gettext("按主办部门"), columns, rows)


def stats_tables(s: selectors.TicketStats) -> list[Table]:
    day_rows = [[_text(r.label), _int(r.count)] for r in s.by_day]
    return [
        _summary_table(s),
        _count_table("channel", gettext("按来源渠道"), gettext("渠道"), s.by_channel),
        _count_table("type", gettext("按诉求类型"), gettext("类型"), s.by_type),
        _count_table("category", gettext("按诉求分类"), gettext("分类"), s.by_category),
        _department_table(s),
        Table("day", gettext("按日受理量"), [gettext("日期"), gettext("件数")], day_rows),
        _count_table("rating", gettext("评价等级"), gettext("评价"), s.by_rating),
    ]


def chart_data(s: selectors.TicketStats) -> dict[str, Any]:
    """What the charts draw: plain lists, embedded in the page with json_script."""
    top = s.by_category[:TOP_CATEGORIES_IN_CHART]
    departments = [d for d in s.by_department if d.department_id is not None][:20]
    return {
        "day": {
            "kind": "line",
            "title": gettext("按日受理量"),
            "labels": [r.label for r in s.by_day],
            "series": [{"name": gettext("受理"), "data": [r.count for r in s.by_day]}],
        },
        "channel": {
            "kind": "pie",
            "title": gettext("按来源渠道"),
            "data": [{"name": r.label, "value": r.count} for r in s.by_channel],
        },
        "category": {
            "kind": "bar",
            "title": gettext("按诉求分类"),
            "labels": [r.label for r in top],
            "series": [{"name": gettext("件数"), "data": [r.count for r in top]}],
        },
        "department": {
            "kind": "bar",
            "title": gettext("按主办部门"),
            "labels": [d.name for d in departments],
            "series": [
                {"name": gettext("受理"), "data": [d.received for d in departments]},
                {"name": gettext("办结"), "data": [d.closed for d in departments]},
            ],
        },
        "rating": {
            "kind": "pie",
            "title": gettext("评价等级"),
            "data": [{"name": r.label, "value": r.count} for r in s.by_rating],
        },
    }


# --- views -------------------------------------------------------------------------------------


def _allow(user) -> None:
    if not can(user, selectors.STATS_ACTION):
        raise PermissionDenied


@staff_required
def stats_page(request):
    _allow(request.user)
    form = StatsFilterForm(request.GET or None)
    period = form.period() if request.GET else selectors.default_period()
    context: dict[str, Any] = {"form": form, "stats": None}
    if period is not None:
        stats = selectors.ticket_stats(user=request.user, start=period[0], end=period[1])
        context.update(
            stats=stats,
            tables=stats_tables(stats),
            charts=chart_data(stats),
            query=f"start={stats.start.isoformat()}&end={stats.end.isoformat()}",
        )
        if not request.GET:  # show the default period in the form
            form = StatsFilterForm(initial={"start": stats.start, "end": stats.end})
            context["form"] = form
    return render(request, "tickets/stats/page.html", context)


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from running a name as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def workbook_bytes(s: selectors.TicketStats, tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    period = gettext("统计期间（按受理时间）：%(start)s 至 %(end)s") % {
        "start": s.start.isoformat(), "end": s.end.isoformat(),
    }  # fmt: skip
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31])
        sheet.append([period])
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_safe(c.value) for c in row])
            for target, cell in zip(sheet[sheet.max_row], row, strict=True):
                target.number_format = cell.number_format
        sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@staff_required
def stats_export(request):
    _allow(request.user)
    form = StatsFilterForm(request.GET or None)
    period = form.period() if request.GET else selectors.default_period()
    if period is None:
        return render(request, "tickets/stats/page.html", {"form": form, "stats": None})
    stats = selectors.ticket_stats(user=request.user, start=period[0], end=period[1])
    response = HttpResponse(
        workbook_bytes(stats, stats_tables(stats)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"tickets-stats-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
