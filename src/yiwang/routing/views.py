"""Workbench pages of text intelligence: the hotspot dashboard (热点问题) for supervisors and
the likely-duplicates panel (查重) of a staff ticket page.

These faces read tickets through the tickets app's selectors (the scope rule lives there);
the routing library underneath knows no ticket model (DESIGN §2, docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Department
from yiwang.org.permissions import can
from yiwang.routing.hotspots import HotspotReport, find_hotspots
from yiwang.routing.hotspots.chart import trend_chart
from yiwang.routing.permissions import HOTSPOTS_VIEW
from yiwang.workbench.decorators import staff_required

WINDOWS = ((7, _("近 7 天")), (30, _("近 30 天")), (90, _("近 90 天")))
CACHE_SECONDS = 300  # clustering a window takes seconds: a supervisor's reloads reuse it
TOP = 10


class HotspotFilterForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("时间范围"), choices=WINDOWS, coerce=int, required=False, initial=30
    )
    department = forms.ModelChoiceField(
        label=_("承办部门"), queryset=Department.objects.order_by("path"), required=False,
        empty_label=_("全部（本人数据范围）"),
    )  # fmt: skip


def _report(user: Any, days: int, department_id: int | None) -> HotspotReport:
    from yiwang.tickets.selectors.hotspots import hotspot_rows, place_names

    now = timezone.now()
    # the same five minutes, the same answer: the key names the window's end bucket
    moment = int(now.timestamp()) // CACHE_SECONDS
    key = f"routing:hotspots:{user.pk}:{days}:{department_id or 0}:{moment}"

    def compute() -> HotspotReport:
        since = now - timedelta(days=days)
        rows = hotspot_rows(user=user, since=since, until=now, department_id=department_id)
        naive = (timezone.localtime(since).replace(tzinfo=None),
                 timezone.localtime(now).replace(tzinfo=None))  # fmt: skip
        return find_hotspots(rows, top=TOP, start=naive[0], end=naive[1], min_messages=2,
                             known_places=place_names())  # fmt: skip

    return cache.get_or_set(key, compute, CACHE_SECONDS)


def hotspot_report(*, user: Any, days: int = 30, department_id: int | None = None):
    """The report a user may see (permission checked), cached for five minutes."""
    if not can(user, HOTSPOTS_VIEW):
        raise PermissionDenied
    if days not in dict(WINDOWS):
        days = 30
    return _report(user, days, department_id)


@staff_required
def hotspots(request):
    if not can(request.user, HOTSPOTS_VIEW):
        raise PermissionDenied
    form = HotspotFilterForm(request.GET or None)
    days, department = 30, None
    if form.is_bound and form.is_valid():
        days = form.cleaned_data["days"] or 30
        department = form.cleaned_data["department"]
    report = hotspot_report(
        user=request.user, days=days, department_id=department.pk if department else None
    )
    from yiwang.tickets.selectors.hotspots import tickets_by_ids

    wanted = [i for h in report.hotspots for i in h.representative_ids]
    tickets = tickets_by_ids(user=request.user, ids=wanted)
    chart = None
    if report.hotspots and report.window_start and report.window_end:
        chart = trend_chart(report.hotspots, start=report.window_start.date(),
                            end=report.window_end.date(), size=report.bucket)  # fmt: skip
    rows = [
        {"hotspot": h, "tickets": [tickets[i] for i in h.representative_ids if i in tickets]}
        for h in report.hotspots
    ]
    return render(request, "routing/hotspots.html", {
        "form": form, "report": report, "rows": rows, "chart": chart, "days": days,
        "department": department,
    })  # fmt: skip


@staff_required
def ticket_duplicates(request, pk: int):
    """The panel listing likely duplicates of a ticket, with a merge button each for those
    who may merge (the ordinary merge action of the ticket page)."""
    from yiwang.tickets.selectors.duplicates import duplicate_suggestions
    from yiwang.tickets.selectors.visibility import tickets_visible
    from yiwang.tickets.selectors.workbench import available_actions

    ticket = tickets_visible(user=request.user).filter(pk=pk).first()
    if ticket is None:
        raise Http404
    context = {
        "ticket": ticket,
        "suggestions": duplicate_suggestions(user=request.user, ticket=ticket),
        "may_merge": "merge" in available_actions(request.user, ticket),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "routing/_ticket_duplicates.html", context)
    return render(request, "routing/ticket_duplicates.html", context)
