"""Planning the demo's requests: how many end in each state, when they came in, what happens
in their lives (the plan ``tickets_life`` then plays through the services)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from yiwang.accounts.models import User, UserKind
from yiwang.demo import tickets_catalogue as catalogue_data
from yiwang.demo import tickets_text as text
from yiwang.org.models import Department
from yiwang.tickets.models import (
    Category,
    Channel,
    KnowledgeEntry,
    Status,
    Ticket,
)
from yiwang.tickets.routing_rules import suggest_departments
from yiwang.workcal.workdays import add_working_hours, next_working_day

SEED = 20260801
DEFAULT_COUNT = 2000
SPAN_DAYS = 120
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
class Plan:
    n: int
    rng: random.Random
    category: Category
    branch: str  # top-level code, e.g. "CJ"
    place: text.Place
    region_code: str
    channel: str
    ticket_type: str
    request: text.Request
    values: dict[str, str]
    target: str
    created_at: datetime
    lead: Any  # the department the rules suggest
    co: list[Any]
    flags: frozenset[str] = frozenset()
    requester: Any = None  # a citizen account
    requester_name: str = ""
    requester_phone: str = ""
    receiver: Any = None  # the operator who took the call
    knowledge: KnowledgeEntry | None = None
    wrong_lead: Any = None  # dispatched here first, then returned
    merge_into: int | None = None
    finish_by: datetime | None = None  # must reach its target before this moment
    ticket: Ticket | None = None
    log: list[str] = field(default_factory=list)


class Cast:
    """Who does what: staff by role and department, read once (their grants stay cached)."""

    def __init__(self, *, operators, dispatchers, supervisors, handlers, department_names):
        self.operators = operators
        self.dispatchers = dispatchers
        self.supervisors = supervisors
        self.handlers = handlers  # department id -> [users]
        self.department_names = department_names  # id -> short name

    def handler(self, rng: random.Random, department_id: int):
        return rng.choice(self.handlers[department_id])


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
