"""Tickets as plain rows for hotspot discovery (yiwang.routing.hotspots): only the tickets
the viewer may see for ``routing.hotspots.view``, received in the window, optionally handled
by one department (or those below it). Every status counts: a matter people raise is hot
whether or not it was answered; a merged repeat is one more person asking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yiwang.org.models import Department
from yiwang.routing.hotspots import MessageRow
from yiwang.routing.permissions import HOTSPOTS_VIEW
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services.duplicates import known_place_names, requester_key

MAX_ROWS = 20_000


def district_names() -> dict[str, str]:
    """Region code prefix (6 digits) → the district's short name, for labels."""
    rows = Department.objects.exclude(region_code="").values_list(
        "region_code", "short_name", "name"
    )
    return {code: short or name for code, short, name in rows if len(code) == 6}


def hotspot_rows(
    *, user: Any, since: datetime, until: datetime | None = None, department_id: int | None = None
) -> list[MessageRow]:
    tickets = tickets_visible(user=user, action=HOTSPOTS_VIEW).filter(created_at__gte=since)
    if until is not None:
        tickets = tickets.filter(created_at__lte=until)
    if department_id is not None:
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            return []
        below = Department.objects.filter(path__startswith=department.path).values("pk")
        tickets = tickets.filter(Q(lead_department__in=below) | Q(current_department__in=below))
    tickets = tickets.order_by("-created_at").only(
        "pk", "subject", "description", "created_at", "address", "region_code", "requester_id",
        "requester_phone_index",
    )[:MAX_ROWS]  # fmt: skip
    districts = district_names()
    return [
        MessageRow.of(
            id=t.pk,
            subject=t.subject,
            text=t.description,
            time=timezone.localtime(t.created_at).replace(tzinfo=None),
            place=t.address,
            area=districts.get((t.region_code or "")[:6], ""),
            requester=requester_key(t),
        )
        for t in tickets
    ]


def place_names() -> tuple[str, ...]:
    return known_place_names()


def tickets_by_ids(*, user: Any, ids: list[str]) -> dict[str, Any]:
    """The visible tickets among ``ids`` (row ids are ticket pks as text), by row id."""
    pks = [int(i) for i in ids if str(i).isdigit()]
    visible = tickets_visible(user=user, action=HOTSPOTS_VIEW).filter(pk__in=pks)
    return {str(t.pk): t for t in visible.only("pk", "case_number", "subject", "status")}
