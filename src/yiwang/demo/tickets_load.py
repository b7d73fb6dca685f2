"""The demo's 12345 data: the dispatch catalogue, the knowledge base, and about 2,000 requests
over the past four months in every state, made through the platform's own services.

Aging: instead of making every request now and shifting its timestamps back afterwards, the
loader runs each request's life (``tickets_life``) in time order under a simulated clock
(``django.utils.timezone.now`` answers the simulated moment while a step runs, and only then).
So deadlines are computed by workcal at the moment they were set (weekends, National Day and
调休 included), case numbers carry the day they were filed and count per day, the timeline,
audit log and inbox show when each step happened, and the periodic SLA sweep runs as it
would have — warnings, overdue marks and escalations fall where they belong. A request whose
next step would be in the future stops where it is: recent requests are still open.

The demo's requesters are fictitious, so nothing is sent to their phones: SMS and e-mail are
not queued while loading, and the staff's older inbox messages are marked read.
Deterministic: the same seed and the same "now" give the same data.
"""

from __future__ import annotations

import heapq
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiwang.accounts.models import User
from yiwang.core import context
from yiwang.core.errors import YiwangError
from yiwang.demo import tickets_catalogue as catalogue_data
from yiwang.demo import tickets_knowledge
from yiwang.demo.simulation import Clock, quiet_log, quiet_outbound, simulated_clock
from yiwang.demo.tickets_life import Lives
from yiwang.demo.tickets_plan import DEFAULT_COUNT, SEED, Cast, Plan, plan_tickets
from yiwang.notify.models import Delivery, DeliveryStatus, Notification
from yiwang.org.models import Department, Membership, Role
from yiwang.search import service as search
from yiwang.tickets import services
from yiwang.tickets.models import (
    Category,
    KnowledgeEntry,
    Ticket,
    TicketEvent,
)
from yiwang.tickets.services import knowledge as kb

logger = logging.getLogger("yiwang.demo")

SWEEP_EVERY = timedelta(hours=2)  # the periodic SLA sweep, as often as it matters here
CHUNK = 300  # steps per transaction


@dataclass
class TicketsLoadResult:
    created: bool
    categories: int = 0
    knowledge: int = 0
    tickets: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # steps a service refused (a bug)


def is_loaded() -> bool:
    return TicketEvent.objects.filter(action="create", data__demo=True).exists()


def load_demo_tickets(
    *, count: int = DEFAULT_COUNT, progress=None, now: datetime | None = None, seed: int = SEED
) -> TicketsLoadResult:
    """Load the catalogue and knowledge base (once) and ``count`` requests (once).
    ``progress(n)`` hears of each request finished. Needs the demo city."""
    if is_loaded():
        return TicketsLoadResult(created=False)
    tick = progress or (lambda n=1: None)
    now = now or timezone.now()
    result = TicketsLoadResult(created=True)
    with context.bind(channel="demo"):
        if not catalogue_data.is_loaded():
            load_catalogue_and_knowledge()
        result.categories = Category.objects.filter(parent__isnull=False).count()
        result.knowledge = KnowledgeEntry.objects.filter(is_active=True).count()
        rng = random.Random(seed)
        cast = _cast()
        plans = plan_tickets(rng, count=count, now=now, cast=cast, seed=seed)
        with (
            simulated_clock() as clock,
            quiet_outbound(clock, now) as marks,
            quiet_log("yiwang.tickets.sla"),  # one line per sweep would bury the progress bar
        ):
            _run(plans, cast, clock=clock, now=now, tick=tick, result=result)
            clock.moment = now
            _settle(now, marks)
    result.tickets = sum(1 for p in plans if p.ticket is not None)
    result.by_status = dict(
        Counter(Ticket.objects.filter(pk__in=[p.ticket.pk for p in plans if p.ticket]).values_list(
            "status", flat=True))
    )  # fmt: skip
    return result


def load_catalogue_and_knowledge():
    """The dispatch catalogue and the knowledge base, indexed for search at once (the index
    tasks queued by the writes would wait for a worker)."""
    with transaction.atomic():
        leaves = catalogue_data.load_catalogue()
        entries = load_knowledge()
    search.index_many(kb.DOC_TYPE, [entry.pk for entry in entries])
    return leaves, entries


def load_knowledge() -> list[KnowledgeEntry]:
    departments = catalogue_data.department_map()
    categories = {c.code: c for c in Category.objects.all()}
    made = []
    for key, code, question, answer, keywords in tickets_knowledge.ENTRIES:
        entry = kb.knowledge_create(
            actor=None, department=departments[key], question=question, answer=answer,
            keywords=keywords, category=categories.get(code) if code else None,
        )  # fmt: skip
        made.append(entry)
    return made


# --- who --------------------------------------------------------------------------------------
def _users_with(role: str, **membership):
    ids = Membership.objects.filter(
        is_active=True, grants__role=role, user__is_active=True, **membership
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def _cast() -> Cast:
    handlers: dict[int, list] = {}
    users = {}
    rows = (
        Membership.objects.filter(is_active=True, grants__role=Role.HANDLER, user__is_active=True)
        .order_by("department_id", "user__username")
        .values_list("department_id", "user_id")
    )
    for user in User.objects.filter(pk__in={u for _, u in rows}):
        users[user.pk] = user
    for department_id, user_id in rows:
        handlers.setdefault(department_id, []).append(users[user_id])
    city_path = Department.objects.filter(parent__isnull=True).values_list("path", flat=True)
    return Cast(
        operators=_users_with(Role.OPERATOR),
        dispatchers=_users_with(Role.DISPATCHER),
        supervisors=_users_with(Role.SUPERVISOR, department__path__in=list(city_path)),
        handlers=handlers,
        department_names={
            d.pk: d.short_name or d.name for d in Department.objects.only("name", "short_name")
        },
    )


# --- what and when ----------------------------------------------------------------------------
def _run(plans: list[Plan], cast: Cast, *, clock: Clock, now: datetime, tick, result) -> None:
    lives = Lives(cast, plans)
    queue: list[tuple[datetime, int, int]] = []
    running = {}
    for i, plan in enumerate(plans):
        life = lives.life(plan)
        when, step = next(life)
        running[i] = (life, step)
        heapq.heappush(queue, (when, i, i))
    seq = len(plans)
    last_sweep = None
    done = 0
    while queue and queue[0][0] <= now:
        with transaction.atomic():
            for _ in range(CHUNK):
                if not queue or queue[0][0] > now:
                    break
                when, _seq, i = heapq.heappop(queue)
                if last_sweep is None or when - last_sweep >= SWEEP_EVERY:
                    clock.moment = when
                    services.sla_sweep(now=when)
                    last_sweep = when
                clock.moment = when
                life, step = running.pop(i)
                plan = plans[i]
                try:
                    plan.ticket = step()  # each service rolls back its own failure
                    nxt = life.send(plan.ticket)
                except StopIteration:
                    done += 1
                    tick(1)
                    continue
                except YiwangError as exc:  # a plan the rules refuse: stop that request
                    result.skipped.append(f"{plan.n} {plan.target}: {exc!r}")
                    logger.warning("demo request %s stopped: %r", plan.n, exc)
                    done += 1
                    tick(1)
                    continue
                next_when = max(nxt[0], when + timedelta(seconds=1))
                running[i] = (life, nxt[1])
                seq += 1
                heapq.heappush(queue, (next_when, seq, i))
        clock.moment = None
    tick(len(plans) - done)  # requests whose next step lies in the future


def _settle(now: datetime, marks: dict[str, int]) -> None:
    """After the load: the SLA sweep at the real now, no deliveries left queued for the
    fictitious people, and staff messages older than three days read (as people do)."""
    services.sla_sweep(now=now)
    with transaction.atomic():
        Delivery.objects.filter(pk__gt=marks["delivery"], status=DeliveryStatus.QUEUED).delete()
        Notification.objects.filter(
            pk__gt=marks["notification"], read_at__isnull=True,
            created_at__lt=now - timedelta(days=3),
        ).update(read_at=F("created_at") + timedelta(hours=2))  # fmt: skip
