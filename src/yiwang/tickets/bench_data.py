"""The sandboxed half of ``yiwang bench tickets``: bulk-load open tickets, time one SLA sweep
and the public tracking selectors. Runs only inside the benchmark's own database.

The open tickets are fixture data: they are written straight into the table (COPY on
PostgreSQL, executemany on SQLite), bypassing the services, because a million service calls
would take hours and measure intake, not the sweep. They look like the real thing where the
sweep cares: open states, departments with handlers, deadlines, ``sla_next_at`` in the past
for a share of them (half reaching the 75% warning, half overdue) and in the future for the
rest; a tenth are still waiting for dispatch (no moment at all).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yiwang.core.bench import latency_summary, progress
from yiwang.tickets.models import Category, SlaState, Status, Ticket

PER_DAY = 5000  # fixture tickets received per past day
BATCH = 20_000
WARM_UP = 20  # tickets swept before the measured sweep, so imports and caches are warm
TARGET_SECONDS = 1.0


def _departments() -> list[tuple[int, str]]:
    from yiwang.org.models import Department

    return list(
        Department.objects.filter(code__startswith="BENCH-D")
        .order_by("code")
        .values_list("pk", "region_code")
    )


def fixture_rows(
    total: int,
    due: int,
    now: datetime,
    *,
    columns: list[str],
    sqlite: bool,
    departments: list[tuple[int, str]],
    category_id: int,
) -> Iterator[tuple]:
    """Rows in ``columns`` order (values ready for the driver): ``total`` open tickets, then
    WARM_UP more that fall due two hours earlier, for the untimed warm-up sweep."""
    naive = now.astimezone(UTC).replace(tzinfo=None)

    def stamp(offset: timedelta):
        return str(naive + offset) if sqlite else now + offset

    today = timezone.localdate()
    day_tags = {}
    constant = {
        "version": 1, "channel": "phone", "ticket_type": "complaint", "subject": "道路设施损坏",
        "description": "市民来电反映道路设施损坏，请尽快处理。（批量测试数据）",
        "category_id": category_id, "address": "", "latitude": None, "longitude": None,
        "allow_publication": False, "requester_id": None, "requester_name": "",
        "requester_phone": "", "requester_phone_index": "", "external_source": "",
        "external_id": "", "recording_ref": "", "received_by_id": None,
        "current_assignee_id": None, "previous_status": "", "signed_at": None,
        "replied_at": None, "closed_at": None, "overdue_at": None, "supervised": False,
        "urge_count": 0, "reopen_count": 0, "merged_into_id": None, "reply_text": "",
    }  # fmt: skip
    step = total // due if due else 0
    for i in range(total + WARM_UP):
        days_ago = i // PER_DAY + 1
        if days_ago not in day_tags:
            day_tags[days_ago] = f"{today - timedelta(days=days_ago):%Y%m%d}"
        dept_id, region = departments[i % len(departments)]
        created = timedelta(days=-days_ago, seconds=(i % PER_DAY) * 10)
        row = dict(constant)
        row.update(
            created_at=stamp(created), updated_at=stamp(created),
            case_number=f"SF12345-{day_tags[days_ago]}-{i % PER_DAY + 1:06d}",
            region_code=f"{region}001", suggested_department_id=dept_id,
        )  # fmt: skip
        is_due = i < total and step and i % step == 0 and i // step < due
        if i >= total:  # warm-up: its 75% moment came two hours ago
            row.update(status=Status.IN_PROGRESS, sla_state=SlaState.OK,
                       dispatched_at=stamp(timedelta(days=-10)),
                       sign_deadline=stamp(timedelta(days=-10, hours=2)),
                       handle_deadline=stamp(timedelta(days=1)),
                       sla_next_at=stamp(timedelta(hours=-2, seconds=-i % 60)))  # fmt: skip
        elif is_due and (i // step) % 2 == 0:  # reaches 75% of its handling time now
            row.update(status=Status.IN_PROGRESS, sla_state=SlaState.OK,
                       dispatched_at=stamp(timedelta(days=-10)),
                       sign_deadline=stamp(timedelta(days=-10, hours=2)),
                       handle_deadline=stamp(timedelta(days=1)),
                       sla_next_at=stamp(timedelta(seconds=-(i % 3000) - 1)))  # fmt: skip
        elif is_due:  # its handling deadline has just passed
            deadline = timedelta(seconds=-(i % 3000) - 1)
            row.update(status=Status.IN_PROGRESS, sla_state=SlaState.WARNING,
                       dispatched_at=stamp(timedelta(days=-8)),
                       sign_deadline=stamp(timedelta(days=-8, hours=2)),
                       handle_deadline=stamp(deadline), sla_next_at=stamp(deadline))  # fmt: skip
        elif i % 10 == 1:  # waiting for the dispatcher: no clock yet
            row.update(status=Status.PENDING_DISPATCH, sla_state=SlaState.OK,
                       dispatched_at=None, sign_deadline=None, handle_deadline=None,
                       sla_next_at=None, lead_department_id=None,
                       current_department_id=None)  # fmt: skip
        else:  # in hand, next moment some time in the coming days
            row.update(status=Status.PENDING_SIGN if i % 10 == 2 else Status.IN_PROGRESS,
                       sla_state=SlaState.OK, dispatched_at=stamp(timedelta(hours=-1)),
                       sign_deadline=stamp(timedelta(hours=1)),
                       handle_deadline=stamp(timedelta(days=5)),
                       sla_next_at=stamp(timedelta(minutes=i % 7200 + 1)))  # fmt: skip
        row.setdefault("lead_department_id", dept_id)
        row.setdefault("current_department_id", dept_id)
        yield tuple(row[c] for c in columns)


def bulk_load(total: int, due: int, now: datetime) -> tuple[float, str]:
    """Insert the fixture tickets; (seconds, method)."""
    fields = [f for f in Ticket._meta.concrete_fields if not f.primary_key]
    columns = [f.attname for f in fields]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Ticket._meta.db_table)
    sqlite = connection.vendor == "sqlite"
    # read before the COPY starts: the connection is busy with it until the end
    rows = fixture_rows(
        total, due, now, columns=columns, sqlite=sqlite, departments=_departments(),
        category_id=Category.objects.values_list("pk", flat=True).get(code="BENCH-ROAD"),
    )  # fmt: skip
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            method = "COPY"
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
            method = "executemany"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would soon do on a live system
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started, method


def measure_tracking(samples: int) -> dict[str, Any]:
    """p50/p99 of what the public tracking page asks: case number + phone check, then the
    public timeline and the approved reply (yiwang.tickets.selectors.tracking)."""
    from yiwang.tickets.selectors.tracking import (
        approved_reply,
        public_timeline,
        ticket_for_tracking,
    )

    ids = list(Ticket.objects.filter(channel="api").values_list("pk", flat=True))
    chosen = random.Random(12345).sample(ids, min(samples, len(ids)))
    pairs = [(t.case_number, t.requester_phone) for t in Ticket.objects.filter(pk__in=chosen)]
    timings = []
    for n, (case_number, phone) in enumerate(pairs * 2):
        t0 = time.perf_counter()
        ticket = ticket_for_tracking(case_number=case_number, phone=phone)
        assert ticket is not None, "tracking must find the ticket it was given"
        public_timeline(ticket)
        approved_reply(ticket)
        if n >= len(pairs):  # the first pass warms caches and connections
            timings.append(time.perf_counter() - t0)
    return {
        "samples": len(timings),
        **latency_summary(timings),
        "tickets_in_table": Ticket.objects.count(),
        "measured": "selectors.tracking: ticket_for_tracking + public_timeline + approved_reply",
    }


def stage_sweep(options: dict[str, Any]) -> dict[str, Any]:
    from yiwang.tickets.services.supervision import due_tickets, sla_sweep

    total = options["open_tickets"]
    due = round(total * options["due_fraction"])
    now = timezone.now()
    progress(f"bulk-loading {total} open tickets ({due} due)")
    load_seconds, method = bulk_load(total, due, now)
    warm = sla_sweep(now=now - timedelta(hours=1))  # the warm-up tickets only
    assert warm.examined == WARM_UP, warm
    t0 = time.perf_counter()  # a minute in which nothing fell due: the cost of looking
    idle = sla_sweep(now=now - timedelta(minutes=55))
    idle_seconds = time.perf_counter() - t0
    assert idle.examined == 0, idle
    with transaction.atomic():
        plan = due_tickets(now).explain()
        t0 = time.perf_counter()
        first_batch = len(list(due_tickets(now)))
        select_ms = (time.perf_counter() - t0) * 1000
    progress(f"sweeping ({first_batch} in the first batch)")
    t0 = time.perf_counter()
    result = sla_sweep(now=now)
    seconds = time.perf_counter() - t0
    sweep = {
        "seconds": round(seconds, 3),
        "target_seconds": TARGET_SECONDS,
        "open_tickets": total,
        "due": due,
        "examined": result.examined,
        "warned": result.warned,
        "overdue": result.overdue,
        "ms_per_due_ticket": round(seconds * 1000 / result.examined, 3)
        if result.examined
        else None,
        "select_due_batch_ms": round(select_ms, 2),
        "idle_sweep_ms": round(idle_seconds * 1000, 2),
        "uses_sla_index": "ticket_sla_next" in plan,
        "plan": " | ".join(line.strip() for line in plan.splitlines() if line.strip())[:1000],
        "fixture": f"{method} bulk load, bypassing services (fixture data)",
        "load_seconds": round(load_seconds, 1),
    }
    return {"sla_sweep": sweep, "tracking": measure_tracking(options["tracking_samples"])}
