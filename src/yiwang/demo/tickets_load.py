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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiwang.accounts.models import User, UserKind
from yiwang.core import context
from yiwang.core.errors import YiwangError
from yiwang.demo import tickets_catalogue as catalogue_data
from yiwang.demo import tickets_knowledge
from yiwang.demo import tickets_text as text
from yiwang.demo.tickets_life import Cast, Lives, Plan
from yiwang.notify.models import Delivery, DeliveryStatus, Notification
from yiwang.org.models import Department, Membership, Role
from yiwang.search import service as search
from yiwang.tickets import services
from yiwang.tickets.models import (
    Category,
    Channel,
    KnowledgeEntry,
    Status,
    Ticket,
    TicketEvent,
)
from yiwang.tickets.routing_rules import suggest_departments
from yiwang.tickets.services import knowledge as kb
from yiwang.workcal.workdays import add_working_hours, next_working_day

logger = logging.getLogger("yiwang.demo")
SEED = 20260801
DEFAULT_COUNT = 2000
SPAN_DAYS = 120
SWEEP_EVERY = timedelta(hours=2)  # the periodic SLA sweep, as often as it matters here
STAFF_NEWS_DAYS = timedelta(days=7)
CHUNK = 300  # steps per transaction
S = Status

# Where a request is headed (per thousand). Requests arrive evenly over the months; a recent
# one is still on its way when "now" comes (its next step would be in the future), so the
# open states fill themselves. A few older ones are stuck on purpose: a return the dispatcher
# has not decided, a reply waiting for review, a department far past its deadline.
TARGETS = {
    S.CLOSED: 195, S.VISITED: 165, S.RATED: 550, S.MERGED: 35,
    S.IN_PROGRESS: 25, S.PENDING_SIGN: 5, S.PENDING_REVIEW: 10, S.RETURN_REQUESTED: 5,
    S.PENDING_DISPATCH: 10,
}  # fmt: skip
STUCK_DAYS = (2, 25)  # how long ago a stuck request came in
CHANNELS = {Channel.PHONE: 55, Channel.WEB: 24, Channel.SMS: 4, Channel.EMAIL: 3,
            Channel.LETTER: 3, Channel.VISIT: 4, Channel.UPPER: 7}  # fmt: skip
# probability of each twist, among the requests whose path allows it
FLAGS = {"answer_now": 0.55, "transfer": 0.45, "co_opinion": 0.7, "note": 0.4, "late_sign": 0.07,
         "late_reply": 0.1, "supervise": 0.6, "extension": 0.06, "reject_return": 0.03,
         "return": 0.04, "reject_reply": 0.06, "urge": 0.08, "reopen": 0.05}  # fmt: skip
# For the one request per state that every load has (so that small loads show each state
# too): how many working days before now it came in.
OPEN_AGE = {S.PENDING_DISPATCH: (0, 0.4), S.PENDING_SIGN: (0.15, 1.2), S.IN_PROGRESS: (0.5, 5),
            S.RETURN_REQUESTED: (0.5, 2), S.PENDING_REVIEW: (0.5, 5)}  # fmt: skip
FINISHED = (S.CLOSED, S.VISITED, S.RATED)


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
            _simulated_clock() as clock,
            _quiet_outbound(clock, now) as marks,
            _quiet_log("yiwang.tickets.sla"),  # one line per sweep would bury the progress bar
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
def _weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def _targets(rng: random.Random, count: int) -> list[tuple[str, bool]]:
    """(target, in the set that shows every state) for each request."""
    targets = [(t, True) for t in list(S)[:count]]
    targets += [(_weighted(rng, TARGETS), False) for _ in range(count - len(targets))]
    rng.shuffle(targets)
    return targets


def _when(rng: random.Random, target: str, now: datetime, channel: str, shows: bool) -> datetime:
    """When the request came in: evenly over the months, fewer at weekends, at the hours
    its channel is used."""
    if shows and target in OPEN_AGE:
        low, high = OPEN_AGE[target]
        return add_working_hours(now, -rng.uniform(low, high) * 7 - 0.05)
    local_now = timezone.localtime(now)
    low, high = (0, SPAN_DAYS) if target in FINISHED or target == S.MERGED else STUCK_DAYS
    if target == S.PENDING_DISPATCH:
        low, high = 0, 1.5  # waiting for a dispatcher (again, after a return) since yesterday
    if shows:
        low = max(low, 20)  # old enough to have got there
    while True:
        day = (local_now - timedelta(days=rng.uniform(low, high))).date()
        if day.weekday() >= 5 and rng.random() < 0.4:
            continue  # fewer requests at weekends
        if channel in (Channel.LETTER, Channel.VISIT, Channel.UPPER):
            day = next_working_day(day)  # the post room and visitors' office keep office hours
            hour = rng.uniform(9, 17)
        elif channel == Channel.PHONE:
            hour = rng.choices((rng.uniform(0, 8), rng.uniform(8, 18), rng.uniform(18, 24)),
                               weights=(5, 70, 25))[0]  # fmt: skip
        else:
            hour = rng.uniform(0, 24)
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
            hours=hour
        )
        if moment < now - timedelta(minutes=10):
            return moment


def _flags(
    rng: random.Random, target: str, ticket_type: str, *, has_kb: bool, local: bool, phone: bool
) -> frozenset[str]:
    """The twists of one request's path (tickets_life reads them)."""

    def roll(name: str) -> bool:
        return rng.random() < FLAGS[name]

    if target == S.MERGED:
        return frozenset()
    finished = target in (S.CLOSED, S.VISITED, S.RATED)
    if ticket_type == "consult" and has_kb and finished and phone and roll("answer_now"):
        return frozenset({"answer_now"})  # answered on the call from the knowledge base
    names = ("co_opinion", "note", "late_sign", "late_reply", "supervise", "extension",
             "reject_reply", "urge")  # fmt: skip
    flags = {name for name in names if roll(name)}
    if local and roll("transfer"):
        flags.add("transfer")  # the district passes it to the street
    if target == S.RETURN_REQUESTED:
        flags.add(rng.choice(("return", "reject_return")))
    elif target == S.PENDING_DISPATCH:
        if rng.random() < 0.5:
            flags.add("return")  # 退单 accepted: waiting to be dispatched again
    elif target != S.PENDING_SIGN and roll("return"):
        flags.add("return")  # dispatched to the wrong department first
    elif target != S.PENDING_SIGN and roll("reject_return"):
        flags.add("reject_return")
    if target in (S.RATED, S.VISITED, S.IN_PROGRESS, S.PENDING_REVIEW) and roll("reopen"):
        flags.add("reopen")
    return frozenset(flags)


def plan_tickets(
    rng: random.Random, *, count: int, now: datetime, cast: Cast, seed: int = SEED
) -> list[Plan]:
    leaves = catalogue_data.leaves()
    categories = {c.code: c for c in Category.objects.select_related("parent").order_by("pk")}
    places = text.places()
    knowledge: dict[str, list[KnowledgeEntry]] = {}
    for entry in (
        KnowledgeEntry.objects.filter(is_active=True).select_related("category").order_by("pk")
    ):
        if entry.category_id:
            knowledge.setdefault(entry.category.code, []).append(entry)
    citizens = list(User.objects.filter(kind=UserKind.CITIZEN).order_by("username"))
    demo_citizen = next((c for c in citizens if c.username == "citizen"), None)
    bureaus = list(Department.objects.filter(kind="bureau").order_by("code"))
    districts = {d.code: d for d in Department.objects.filter(level=2).order_by("code")}
    rules: dict[tuple[str, str], tuple] = {}
    plans = []
    for n, (target, shows) in enumerate(_targets(rng, count)):
        leaf = rng.choice(leaves)
        category = categories[leaf.code]
        place = rng.choice(places)
        channel = _weighted(rng, CHANNELS)
        local = leaf.lead == catalogue_data.LOCAL
        region = place.region_code[: rng.choice((9, 12))] if local or rng.random() < 0.7 else ""
        own = text.issue_types(leaf.code)
        weights = [w if (t in own or rng.random() < 0.1) else 0
                   for t, w in zip(catalogue_data.TYPE_ORDER, leaf.types, strict=True)]  # fmt: skip
        ticket_type = rng.choices(catalogue_data.TYPE_ORDER, weights=weights or leaf.types)[0]
        values = text.values_for(rng, place, leaf.name)
        key = (leaf.code, region[:6])
        if key not in rules:
            rules[key] = suggest_departments(category, region)
        lead, co = rules[key]
        entries = knowledge.get(leaf.code, [])
        flags = _flags(
            rng, target, ticket_type, has_kb=bool(entries), local=local and bool(region),
            phone=channel == Channel.PHONE,
        )  # fmt: skip
        shows_open = shows and target in OPEN_AGE
        if shows_open:  # the straight path, so that it reaches its state before now
            flags = frozenset(f for f in flags if f in ("return", "reject_return")) if (
                target == S.RETURN_REQUESTED) else frozenset()  # fmt: skip
        plan = Plan(
            n=n, rng=random.Random(f"{seed}-{n}"), category=category, branch=leaf.code[:2],
            place=place, region_code=region, channel=channel, ticket_type=ticket_type,
            request=text.compose(rng, code=leaf.code, leaf_name=leaf.name,
                                 ticket_type=ticket_type, channel=channel, place=place,
                                 values=values),
            values=values, target=target, created_at=_when(rng, target, now, channel, shows),
            lead=lead, co=co, flags=flags,
            knowledge=rng.choice(entries) if entries and ticket_type == "consult" else None,
            finish_by=now if shows_open else None,
        )  # fmt: skip
        _people(rng, plan, cast, citizens, demo_citizen)
        if "return" in flags:
            plan.wrong_lead = _wrong(rng, lead, bureaus, districts)
            if plan.wrong_lead is None:
                plan.flags = flags - {"return"}
        plans.append(plan)
    plans.sort(key=lambda p: (p.created_at, p.n))
    first = next((p for p in plans if p.target != S.MERGED), None)
    for plan in plans:  # a repeat complaint comes after the first one
        if plan.target == S.MERGED and first is not None and plan.created_at <= first.created_at:
            plan.created_at = first.created_at + timedelta(minutes=rng.uniform(30, 240))
    plans.sort(key=lambda p: (p.created_at, p.n))
    _pair_merges(rng, plans)
    return plans


def _people(rng, plan: Plan, cast: Cast, citizens, demo_citizen) -> None:
    from yiwang.demo import identities

    if plan.channel == Channel.WEB and rng.random() < 0.75 and citizens:
        plan.requester = (
            demo_citizen if demo_citizen and rng.random() < 0.05 else rng.choice(citizens)
        )
        return
    plan.receiver = rng.choice(cast.operators)
    surname = identities.person_name(rng)[0]
    plan.requester_name = (
        surname + rng.choice(("先生", "女士"))
        if rng.random() < 0.7
        else (identities.person_name(rng))
    )
    if plan.channel != Channel.LETTER or rng.random() < 0.6:
        plan.requester_phone = identities.mobile_number(rng)


def _wrong(rng, lead, bureaus, districts):
    """Where a dispatcher might wrongly send it first: a neighbouring district or bureau."""
    if lead is None:
        return None
    pool = list(districts.values()) if lead.level == 2 else bureaus
    pool = [d for d in pool if d.pk != lead.pk]
    return rng.choice(pool) if pool else None


def _pair_merges(rng: random.Random, plans: list[Plan]) -> None:
    """A repeat complaint is merged into an earlier request about the same thing."""
    for i, plan in enumerate(plans):
        if plan.target != S.MERGED:
            continue
        earlier = [j for j in range(i) if plans[j].target != S.MERGED]
        if not earlier:
            plan.target = S.PENDING_DISPATCH
            continue
        same = [j for j in earlier if plans[j].category.pk == plan.category.pk] or earlier
        j = rng.choice(same[-8:])
        plan.merge_into = j
        other = plans[j]
        plan.category, plan.branch, plan.place = other.category, other.branch, other.place
        plan.region_code, plan.values = other.region_code, other.values
        plan.request = text.compose(
            plan.rng, code=other.category.code, leaf_name=other.category.name,
            ticket_type=other.ticket_type, channel=plan.channel, place=other.place,
            values=other.values,
        )  # fmt: skip
        plan.ticket_type = other.ticket_type


# --- running the lives under a simulated clock -------------------------------------------------
class _Clock:
    def __init__(self) -> None:
        self.moment: datetime | None = None
        self.real = timezone.now

    def __call__(self) -> datetime:
        return self.moment if self.moment is not None else self.real()


@contextmanager
def _quiet_log(name: str):
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def _simulated_clock():
    clock = _Clock()
    # Inbox messages take their time from a field default, which holds the function itself
    # (cached on the field), not a lookup of timezone.now: point it at the clock too.
    notified = Notification._meta.get_field("created_at")
    with (
        mock.patch.object(timezone, "now", clock),
        mock.patch.object(notified, "_get_default", clock),
    ):
        yield clock


@contextmanager
def _quiet_outbound(clock: _Clock, now: datetime):
    """Fictitious people get no SMS or e-mail: neither is queued while the demo loads. Staff
    hear only of the last week (older messages would long have been read and would only slow
    the load). Yields the last notification and delivery ids before the load."""
    from yiwang.tickets import notifications

    marks = {
        "notification": Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0,
        "delivery": Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    tell_staff = notifications.tell_staff
    recent = now - STAFF_NEWS_DAYS

    def tell_staff_recent(*args, **kwargs):
        if clock.moment is None or clock.moment >= recent:
            tell_staff(*args, **kwargs)

    class _NoSend:
        @staticmethod
        def enqueue(*args, **kwargs):
            return None

    with (
        mock.patch("yiwang.notify.services.enqueue_delivery", lambda *a, **k: None),
        mock.patch("yiwang.tickets.tasks.send_requester_sms", _NoSend),
        mock.patch.object(notifications, "tell_staff", tell_staff_recent),
    ):
        yield marks


def _run(plans: list[Plan], cast: Cast, *, clock: _Clock, now: datetime, tick, result) -> None:
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
