"""The life of one demo request, step by step, as a generator.

``life(plan, cast)`` yields ``(when, step)`` pairs: ``step()`` calls one service (as the
operator, dispatcher, handler, supervisor or citizen who would) and returns the ticket; the
generator is sent the updated ticket and yields the next step, whose time it works out from
the ticket's real deadlines (working hours from workcal, as the services computed them). The
loader runs the steps of every request in time order under a simulated clock and stops a
request whose next step would lie in the future — so recent requests are still open.

A plan's ``target`` is the state it should end in; paths to open states stop there.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from yiwang.demo import tickets_replies as replies
from yiwang.demo.tickets_plan import Cast, Plan
from yiwang.tickets import services
from yiwang.tickets.models import (
    Channel,
    Status,
    Ticket,
    TicketType,
)
from yiwang.workcal.workdays import add_working_hours, working_hours_between

Step = Callable[[], Ticket]
Life = Generator[tuple[datetime, Step], Ticket, None]
S = Status
OPEN_TARGETS = frozenset({S.PENDING_SIGN, S.IN_PROGRESS, S.RETURN_REQUESTED, S.PENDING_REVIEW})


def wh(t: datetime, hours: float) -> datetime:
    return add_working_hours(t, hours)


def _date(t: datetime) -> str:
    local = timezone.localtime(t)
    return f"{local.month}月{local.day}日"


class Lives:
    """Builds each plan's generator; holds the cast and the plans (for merges)."""

    def __init__(self, cast: Cast, plans: list[Plan]):
        self.cast = cast
        self.plans = plans

    def _reply_text(self, p: Plan, when: datetime) -> str:
        dept = self.cast.department_names.get(p.ticket.current_department_id, "")
        if p.ticket_type == TicketType.PRAISE:
            return replies.PRAISE_REPLY.format(dept=dept)
        if p.ticket_type == TicketType.SUGGESTION:
            return replies.SUGGESTION_REPLY.format(dept=dept)
        if p.ticket_type == TicketType.CONSULT and p.knowledge is not None:
            return replies.CONSULT_REPLY.format(answer=p.knowledge.answer)
        template = p.rng.choice(replies.REPLIES.get(p.branch, replies.REPLIES["ZW"]))
        return template.format(dept=dept, date=_date(when), subject=p.request.subject)

    # --- the whole life ---------------------------------------------------------------------
    def life(self, p: Plan) -> Life:
        r = p.rng
        yield p.created_at, lambda: self._create(p)
        t = p.created_at
        if p.target == S.MERGED:
            into = self.plans[p.merge_into]
            t = wh(t, r.uniform(0.1, 1.5))
            yield t, lambda: services.ticket_merge(
                actor=r.choice(self.cast.dispatchers), ticket=p.ticket, into=into.ticket,
                note=replies.MERGE_NOTE.format(case=into.ticket.case_number),
            )  # fmt: skip
            return
        if p.knowledge is not None and "answer_now" in p.flags:
            t = t + timedelta(minutes=r.uniform(3, 9))
            yield t, lambda: services.ticket_answer_now(
                actor=p.receiver or r.choice(self.cast.operators), ticket=p.ticket,
                knowledge_entry=p.knowledge,
            )  # fmt: skip
            yield from self._after_close(p, t, final=True)
            return
        if p.target == S.PENDING_DISPATCH and "return" not in p.flags:
            return
        t = yield from self._dispatch(p, t, p.wrong_lead or p.lead)
        if p.wrong_lead is not None:
            t = yield from self._returned(p, t)
            if t is None:
                return
        t = yield from self._handle(p, t, first_round=True)
        if t is None:
            return
        yield from self._after_close(p, t, final="reopen" not in p.flags)
        if "reopen" not in p.flags:
            return
        t = p.ticket.updated_at + timedelta(hours=r.uniform(1, 30))
        reopener = p.requester if p.requester is not None else r.choice(self.cast.dispatchers)
        yield (
            t,
            lambda: services.ticket_reopen(
                actor=reopener, ticket=p.ticket, reason=r.choice(replies.REOPEN_REASONS)
            ),
        )
        if p.target == S.PENDING_SIGN:
            return
        t = yield from self._handle(p, t, first_round=False)
        if t is not None:
            yield from self._after_close(p, t, final=True)

    # --- steps ------------------------------------------------------------------------------
    def _create(self, p: Plan) -> Ticket:
        web_self = p.channel == Channel.WEB and p.requester is not None
        actor = p.requester if web_self else (None if p.channel == Channel.WEB else p.receiver)
        upper = p.channel == Channel.UPPER
        result = services.ticket_create(
            actor=actor, channel=p.channel, ticket_type=p.ticket_type,
            subject=p.request.subject, description=p.request.description,
            category_code=p.category.code, address=p.request.address,
            region_code=p.region_code, requester=p.requester,
            requester_name=p.requester_name, requester_phone=p.requester_phone,
            allow_publication=p.rng.random() < 0.4,
            external_source="省12345平台" if upper else "",
            external_id=f"SJ{timezone.localtime(p.created_at):%Y%m%d}{p.n:05d}" if upper else "",
            recording_ref=f"REC-{timezone.localtime(p.created_at):%Y%m%d%H%M%S}-{p.n:04d}"
            if p.channel == Channel.PHONE else "",
            extra={"demo": True},
        )  # fmt: skip
        return result.ticket

    def _dispatch(self, p: Plan, t: datetime, lead):
        r = p.rng
        t = wh(t, r.uniform(0.05, 0.8))
        co = [] if lead is not p.lead else p.co
        yield t, lambda: services.ticket_dispatch(
            actor=r.choice(self.cast.dispatchers), ticket=p.ticket, lead_department=lead,
            co_departments=co,
        )  # fmt: skip
        return t

    def _returned(self, p: Plan, t: datetime):
        """Dispatched to the wrong department: it asks to return the ticket; the dispatcher
        accepts and dispatches again to the right one (or rejects, and it handles it)."""
        r = p.rng
        wrong = p.wrong_lead
        handler = self.cast.handler(r, wrong.pk)
        t = wh(t, r.uniform(0.3, 1.8))
        yield (
            t,
            lambda: services.ticket_request_return(
                actor=handler, ticket=p.ticket, reason=r.choice(replies.RETURN_REASONS)
            ),
        )
        if p.target == S.RETURN_REQUESTED:
            return None
        t = wh(t, r.uniform(0.2, 2.5))
        yield t, lambda: services.ticket_decide_return(
            actor=r.choice(self.cast.dispatchers), ticket=p.ticket, accept=True,
            note="同意退单，重新派单。",
        )  # fmt: skip
        if p.target == S.PENDING_DISPATCH:
            return None
        t = yield from self._dispatch(p, t, p.lead)
        return t

    def _handle(self, p: Plan, t: datetime, *, first_round: bool):
        """Sign, (transfer), notes, co-opinion, extension, reply, review — until the target or
        closing. Returns the closing time, or None when the plan stops at an open state."""
        r, cast, flags = p.rng, self.cast, p.flags if first_round else frozenset()
        final = first_round is False or "reopen" not in p.flags
        department = p.ticket.current_department
        street = None
        if "transfer" in flags and department.level == 2:
            street = department.children.filter(code=p.region_code[:9]).first()
            street = street if street is not None and street.pk in cast.handlers else None
        if final and p.target == S.PENDING_SIGN and street is None:
            return None
        limit_hours = working_hours_between(p.ticket.dispatched_at, p.ticket.sign_deadline)
        if "late_sign" in flags:
            t = wh(p.ticket.sign_deadline, r.uniform(0.3, 3))
        else:
            t = wh(t, r.uniform(0.05, 0.85) * max(limit_hours, 0.25))
        signer = cast.handler(r, department.pk)
        if "reject_return" in flags:
            t = wh(t, r.uniform(0.1, 1))
            yield (
                t,
                lambda: services.ticket_request_return(
                    actor=signer, ticket=p.ticket, reason=r.choice(replies.RETURN_REASONS)
                ),
            )
            if final and p.target == S.RETURN_REQUESTED:
                return None
            t = wh(t, r.uniform(0.2, 2))
            yield t, lambda: services.ticket_decide_return(
                actor=r.choice(cast.dispatchers), ticket=p.ticket, accept=False,
                note=r.choice(replies.RETURN_REJECT_NOTES),
            )  # fmt: skip
            t = wh(t, r.uniform(0.1, 0.6))
        yield t, lambda: services.ticket_sign(actor=signer, ticket=p.ticket)
        assignee = signer
        if street is not None:
            t = wh(t, r.uniform(0.2, 2))
            yield t, lambda: services.ticket_transfer(
                actor=signer, ticket=p.ticket, department=street,
                note=f"属{street.short_name or street.name}辖区，请街道核实处理。",
            )  # fmt: skip
            if final and p.target == S.PENDING_SIGN:
                return None
            assignee = cast.handler(r, street.pk)
            t = wh(t, r.uniform(0.1, 1.5))
            yield t, lambda: services.ticket_sign(actor=assignee, ticket=p.ticket)
        deadline = p.ticket.handle_deadline
        room = max(0.5, working_hours_between(t, deadline))
        late = "late_reply" in flags
        share = r.uniform(0.3, 0.85) * room
        if p.finish_by is not None:  # the one request showing 待审核 must get there in time
            share = min(share, 0.7 * working_hours_between(t, p.finish_by))
        reply_at = wh(deadline, r.uniform(1, 20)) if late else wh(t, share)
        steps = self._middle(p, flags, t, room, assignee, deadline, late)
        # not ``yield from``: the loader sends each step's ticket back, a list cannot take it
        for at, step in sorted(steps, key=lambda item: item[0]):  # noqa: UP028
            yield at, step
        if steps:
            reply_at = max(reply_at, max(at for at, _ in steps) + timedelta(minutes=20))
        if "extension_granted" in p.log and late:
            reply_at = max(reply_at, wh(deadline, r.uniform(0.5, 6)))
        if final and p.target == S.IN_PROGRESS:
            return None
        t = reply_at
        yield (
            t,
            lambda: services.ticket_reply(
                actor=assignee, ticket=p.ticket, text=self._reply_text(p, t)
            ),
        )
        if final and p.target == S.PENDING_REVIEW:
            return None
        t = wh(t, r.uniform(0.1, 3))
        if "reject_reply" in flags:
            yield t, lambda: services.ticket_review(
                actor=r.choice(cast.dispatchers), ticket=p.ticket, accept=False,
                note=r.choice(replies.REVIEW_REJECT_NOTES),
            )  # fmt: skip
            t = wh(t, r.uniform(1, 8))
            yield (
                t,
                lambda: services.ticket_reply(
                    actor=assignee, ticket=p.ticket, text="补充答复：" + self._reply_text(p, t)
                ),
            )
            t = wh(t, r.uniform(0.1, 2))
        yield (
            t,
            lambda: services.ticket_review(
                actor=r.choice(cast.dispatchers), ticket=p.ticket, accept=True
            ),
        )
        return t

    def _middle(self, p, flags, t, room, assignee, deadline, late) -> list[tuple[datetime, Step]]:
        """Progress notes, co-handling opinion, extension, supervision and urging while the
        ticket is in hand, each at its own time."""
        r, cast = p.rng, self.cast
        steps: list[tuple[datetime, Step]] = []
        if "note" in flags:
            steps.append(
                (
                    wh(t, r.uniform(0.05, 0.25) * room),
                    _on(p, services.ticket_note, actor=assignee, note=r.choice(replies.NOTES)),
                )
            )
        co = [d for d in p.co if d.pk in cast.handlers]
        if co and "co_opinion" in flags:
            steps.append(
                (
                    wh(t, r.uniform(0.1, 0.3) * room),
                    _on(
                        p,
                        services.ticket_co_opinion,
                        actor=cast.handler(r, r.choice(co).pk),
                        opinion=r.choice(replies.CO_OPINIONS),
                    ),
                )
            )
        if "extension" in flags:
            approve, days = r.random() < 0.8, r.choice((2, 3, 5))
            reason = r.choice(replies.EXTENSION_REASONS)
            decider = r.choice(cast.dispatchers + cast.supervisors)
            asked = wh(t, r.uniform(0.3, 0.5) * room)
            holder: dict[str, Any] = {}

            def request_extension() -> Ticket:
                holder["ext"] = services.ticket_request_extension(
                    actor=assignee, ticket=p.ticket, days=days, reason=reason
                )
                return Ticket.objects.get(pk=p.ticket.pk)

            def decide_extension() -> Ticket:
                services.ticket_decide_extension(
                    actor=decider, extension=holder["ext"], approve=approve,
                    note=replies.EXTENSION_NOTES[approve],
                )  # fmt: skip
                return Ticket.objects.get(pk=p.ticket.pk)

            steps.append((asked, request_extension))
            steps.append((wh(asked, r.uniform(0.3, 3)), decide_extension))
            if approve:
                p.log.append("extension_granted")
        if late and "supervise" in flags:
            steps.append(
                (
                    wh(deadline, r.uniform(0.2, 0.9)),
                    _on(
                        p,
                        services.ticket_supervise,
                        actor=r.choice(cast.supervisors),
                        note=r.choice(replies.SUPERVISE_NOTES),
                    ),
                )
            )
        if "urge" in flags:
            steps.append(
                (
                    wh(t, r.uniform(0.4, 0.7) * room),
                    _on(
                        p,
                        services.ticket_urge,
                        actor=r.choice(cast.dispatchers),
                        note=r.choice(replies.URGE_NOTES),
                    ),
                )
            )
        return steps

    def _after_close(self, p: Plan, t: datetime, *, final: bool):
        """回访 and 评价 after closing. Before a reopen the rating is a bad one."""
        r, cast = p.rng, self.cast
        target = p.target if final else S.RATED
        if target == S.CLOSED:
            return
        level = _level(r, bad=not final)
        comment = r.choice(replies.RATING_COMMENTS[level])
        online = p.requester is not None and target == S.RATED and r.random() < 0.6
        if online:
            t = t + timedelta(hours=r.uniform(0.5, 40))
            yield (
                t,
                lambda: services.ticket_rate(
                    actor=p.requester, ticket=p.ticket, level=level, comment=comment
                ),
            )
            return
        t = wh(t, r.uniform(0.5, 10))
        reached = target == S.RATED or r.random() < 0.85
        note = r.choice(replies.FOLLOW_UP_NOTES[reached])
        yield t, lambda: services.ticket_follow_up(
            actor=r.choice(cast.operators), ticket=p.ticket, reached=reached,
            note=comment or note, level=level if target == S.RATED else None,
        )  # fmt: skip


def _on(p: Plan, func: Callable[..., Ticket], **kwargs: Any) -> Step:
    """A step calling ``func`` on the plan's ticket as it is when the step runs."""
    return lambda: func(ticket=p.ticket, **kwargs)


def _level(rng: random.Random, *, bad: bool) -> int:
    if bad:
        return rng.choice((1, 2, 2))
    return rng.choices((5, 4, 3, 2, 1), weights=(56, 26, 10, 5, 3))[0]
