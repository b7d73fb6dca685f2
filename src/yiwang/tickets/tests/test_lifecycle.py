"""The closed loop through the services: 受理 → 派单 → 签收 → 答复 → 审核 → 办结 → 回访 → 评价."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail  # noqa: F401

from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.tickets import services
from yiwang.tickets.models import Rating, SlaState, Status, Ticket, TicketEvent
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_whole_loop_with_named_responsibility_at_every_step():
    w = world()
    ticket = phone_request(w)
    assert re.fullmatch(r"SF12345-\d{8}-\d{6}", ticket.case_number)
    assert ticket.status == Status.PENDING_DISPATCH
    assert ticket.suggested_department == w.east  # rule: road + region 339901
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=ticket, lead_department=ticket.suggested_department
    )
    assert ticket.status == Status.PENDING_SIGN and ticket.current_department == w.east
    assert ticket.sign_deadline and ticket.handle_deadline and ticket.sla_next_at
    ticket = services.ticket_sign(actor=w.east_handler, ticket=ticket)
    assert ticket.current_assignee == w.east_handler
    ticket = services.ticket_reply(
        actor=w.east_handler, ticket=ticket, text="已安排维修，三日内完成。"
    )
    assert ticket.status == Status.PENDING_REVIEW
    ticket = services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    assert ticket.status == Status.CLOSED and ticket.closed_at
    ticket = services.ticket_follow_up(actor=w.operator, ticket=ticket, reached=True, note="已修好")
    assert ticket.status == Status.VISITED
    ticket = services.ticket_rate(actor=w.operator, ticket=ticket, level=5, channel="phone")
    assert ticket.status == Status.RATED
    actions = list(TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True))
    assert actions == ["create", "dispatch", "sign", "reply", "approve_reply", "follow_up", "rate"]
    assert all(e.actor_id for e in TicketEvent.objects.filter(ticket=ticket))


def test_case_numbers_are_sequential_per_day():
    w = world()
    first, second = phone_request(w), phone_request(w)
    a, b = int(first.case_number[-6:]), int(second.case_number[-6:])
    assert b == a + 1 and first.case_number[:-6] == second.case_number[:-6]


def test_stale_version_is_a_conflict_and_nothing_is_overwritten():
    w = world()
    ticket = phone_request(w)
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    services.ticket_sign(actor=w.east_handler, ticket=ticket, expected_version=ticket.version)
    with pytest.raises(Conflict):
        services.ticket_sign(actor=w.east_handler, ticket=ticket, expected_version=ticket.version)
    with pytest.raises(Conflict):  # and without a version: the state has moved on
        services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.west)
    assert Ticket.objects.get(pk=ticket.pk).current_department == w.east


def test_handler_of_another_district_cannot_act_or_see():
    from yiwang.org.permissions import can

    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    assert not can(w.west_handler, "tickets.view", ticket)
    with pytest.raises(PermissionDenied):
        services.ticket_sign(actor=w.west_handler, ticket=ticket)
    with pytest.raises(PermissionDenied):  # handlers cannot dispatch
        services.ticket_dispatch(
            actor=w.east_handler, ticket=phone_request(w), lead_department=w.east
        )


def test_transfer_down_the_tree_only():
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    with pytest.raises(PermissionDenied):
        services.ticket_transfer(actor=w.east_handler, ticket=ticket, department=w.west)
    ticket = services.ticket_transfer(actor=w.east_handler, ticket=ticket, department=w.east_street)
    assert ticket.current_department == w.east_street and ticket.status == Status.PENDING_SIGN
    ticket = services.ticket_sign(actor=w.street_handler, ticket=ticket)
    assert ticket.current_assignee == w.street_handler


def test_return_to_dispatcher_accept_and_reject():
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    with pytest.raises(InvalidInput):
        services.ticket_request_return(actor=w.east_handler, ticket=ticket, reason="")
    ticket = services.ticket_request_return(actor=w.east_handler, ticket=ticket, reason="不属本区")
    assert ticket.status == Status.RETURN_REQUESTED
    ticket = services.ticket_decide_return(
        actor=w.dispatcher, ticket=ticket, accept=False, note="属于东城区"
    )
    assert ticket.status == Status.PENDING_SIGN
    ticket = services.ticket_request_return(
        actor=w.east_handler, ticket=ticket, reason="确实不属本区"
    )
    ticket = services.ticket_decide_return(actor=w.dispatcher, ticket=ticket, accept=True)
    assert ticket.status == Status.PENDING_DISPATCH and ticket.current_department is None


def test_extension_moves_the_deadline_by_working_days():
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    ticket = services.ticket_sign(actor=w.east_handler, ticket=ticket)
    before = ticket.handle_deadline
    ext = services.ticket_request_extension(
        actor=w.east_handler, ticket=ticket, days=3, reason="需协调"
    )
    with pytest.raises(Conflict):
        services.ticket_request_extension(
            actor=w.east_handler, ticket=ticket, days=3, reason="再申请"
        )
    ext = services.ticket_decide_extension(actor=w.supervisor, extension=ext, approve=True)
    after = Ticket.objects.get(pk=ticket.pk).handle_deadline
    assert ext.new_deadline == after and after > before


def test_bad_rating_gets_a_rectification_deadline_and_reopen_works():
    w = world()
    ticket = citizen_request(w)
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.water)
    ticket = services.ticket_sign(actor=w.water_handler, ticket=ticket)
    ticket = services.ticket_reply(
        actor=w.water_handler, ticket=ticket, text="管道抢修，已恢复供水。"
    )
    ticket = services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    ticket = services.ticket_rate(actor=w.citizen, ticket=ticket, level=1, comment="还是没水")
    rating = Rating.objects.get(ticket=ticket)
    assert rating.is_bad and rating.rectify_deadline
    with pytest.raises(Conflict):
        services.ticket_rate(actor=w.citizen, ticket=ticket, level=5)
    ticket = services.ticket_reopen(actor=w.citizen, ticket=ticket, reason="仍然停水")
    assert ticket.status == Status.PENDING_SIGN and ticket.reopen_count == 1
    assert ticket.current_department == w.water
    other = world()
    with pytest.raises(PermissionDenied):  # someone else's ticket
        services.ticket_reopen(actor=other.citizen, ticket=ticket, reason="x")


def test_merge_follows_the_live_ticket_and_tells_the_requester():
    from yiwang.notify.models import Notification

    w = world()
    main = citizen_request(w)
    repeat = citizen_request(w, subject="又停水了")
    merged = services.ticket_merge(actor=w.dispatcher, ticket=repeat, into=main)
    assert merged.status == Status.MERGED and merged.merged_into == main
    assert Notification.objects.filter(recipient=w.citizen, event="tickets.merged").exists()


def test_answer_now_from_knowledge_base_closes_at_once():
    from yiwang.tickets.models import KnowledgeEntry

    w = world()
    entry = KnowledgeEntry.objects.create(
        department=w.centre, question="公积金怎么提取", answer="携带身份证到公积金中心办理。"
    )
    ticket = phone_request(w, ticket_type="consult", subject="咨询公积金提取", category_code=None)
    ticket = services.ticket_answer_now(actor=w.operator, ticket=ticket, knowledge_entry=entry)
    assert ticket.status == Status.CLOSED and ticket.reply_text == entry.answer
    entry.refresh_from_db()
    assert entry.use_count == 1


def test_sla_sweep_warns_then_escalates(settings):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    # deadline of signing: 2 working hours; jump past 75% then past 100%
    warn_at = ticket.sla_next_at
    result = services.sla_sweep(now=warn_at)
    ticket.refresh_from_db()
    assert result.warned == 1 and ticket.sla_state == SlaState.WARNING
    result = services.sla_sweep(now=ticket.sign_deadline)
    ticket.refresh_from_db()
    assert result.overdue == 1 and ticket.sla_state == SlaState.OVERDUE and ticket.supervised
    assert services.sla_sweep(now=ticket.sign_deadline).examined == 0  # nothing left to do


def test_deadlines_skip_the_2025_national_day_holiday():
    from unittest import mock

    from django.utils import timezone

    w = world()
    at = datetime(2025, 9, 30, 10, 0, tzinfo=SHANGHAI)
    with mock.patch.object(timezone, "now", return_value=at):
        ticket = phone_request(w)  # accepted: the handling clock starts
        ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    assert ticket.sign_deadline.astimezone(SHANGHAI) == datetime(
        2025, 9, 30, 12, 0, tzinfo=SHANGHAI
    )
    # 5 working days from 2025-09-30: 10-09, 10-10, 10-11 (Saturday, 调休 workday), 10-13, 10-14
    assert ticket.handle_deadline.astimezone(SHANGHAI).date().isoformat() == "2025-10-14"


def test_invalid_intake_reports_every_field():
    w = world()
    with pytest.raises(InvalidInput) as exc:
        phone_request(
            w, subject="", description="x" * 5001, requester_phone="12", latitude="91",
            longitude="abc", category_code="NOPE", ticket_type="bad",
        )  # fmt: skip
    fields = {e.field for e in exc.value.field_errors}
    assert fields == {"subject", "description", "requester_phone", "latitude", "longitude",
                      "category", "ticket_type"}  # fmt: skip


def test_sweep_sends_one_digest_per_person_and_audits_the_batch():
    from yiwang.audit.models import AuditRecord
    from yiwang.notify.models import Notification

    w = world()
    tickets = [
        services.ticket_dispatch(
            actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
        )
        for _ in range(3)
    ]
    latest = max(t.sign_deadline for t in tickets)
    before = Notification.objects.filter(recipient=w.east_handler).count()
    result = services.sla_sweep(now=latest)
    assert result.overdue == 3
    digests = Notification.objects.filter(recipient=w.east_handler, event="tickets.sla_overdue")
    assert (
        digests.count() == 1
        and Notification.objects.filter(recipient=w.east_handler).count() == before + 1
    )
    assert digests.get().title.startswith("3 ")
    assert all(t.case_number in digests.get().body for t in tickets)
    batch = AuditRecord.objects.filter(action="tickets.ticket.escalate").get()
    assert sorted(batch.changes["escalated"][1]) == sorted(t.case_number for t in tickets)
    assert TicketEvent.objects.filter(action="escalate").count() == 3


def test_the_handling_clock_starts_at_acceptance_and_watches_undispatched_tickets():
    w = world()
    ticket = phone_request(w)
    assert ticket.handle_deadline is not None and ticket.sla_next_at is not None
    ticket.refresh_from_db()
    assert ticket.sla_next_at is not None  # persisted, so the sweep will find it
    result = services.sla_sweep(now=ticket.handle_deadline)
    ticket.refresh_from_db()
    assert result.overdue == 1 and ticket.sla_state == SlaState.OVERDUE
    # dispatching later keeps the whole-case deadline; signing gets its own clock
    deadline = ticket.handle_deadline
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    assert ticket.handle_deadline == deadline and ticket.sign_deadline is not None


def test_every_requester_of_a_merged_complaint_hears_the_answer():
    from yiwang.accounts import services as accounts
    from yiwang.notify.models import Notification

    w = world()
    other = accounts.citizen_register(
        username="neighbour", password=None, password_hash="!x", real_name="赵邻居",
        id_number="11010519491231002X", phone="13700002222",
    )  # fmt: skip
    main = citizen_request(w)
    repeat = citizen_request(w, actor=other, requester=other, subject="楼里还是停水")
    services.ticket_merge(actor=w.dispatcher, ticket=repeat, into=main)
    main = services.ticket_dispatch(actor=w.dispatcher, ticket=main, lead_department=w.water)
    main = services.ticket_sign(actor=w.water_handler, ticket=main)
    main = services.ticket_reply(actor=w.water_handler, ticket=main, text="已抢修完毕。")
    services.ticket_review(actor=w.dispatcher, ticket=main, accept=True)
    for person in (w.citizen, other):
        assert Notification.objects.filter(recipient=person, event="tickets.replied").exists()
        assert Notification.objects.filter(recipient=person, event="tickets.closed").exists()


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        ("2025-01-27", "2025-02-10"),  # Spring Festival 2025 (01-28..02-04; 02-08 is a workday)
        ("2025-09-30", "2025-10-14"),  # National Day 2025 (10-11 Saturday is a workday)
        ("2026-02-13", "2026-02-27"),  # Spring Festival 2026 (02-14 Saturday is a workday)
        ("2026-09-30", "2026-10-13"),  # National Day 2026 (10-10 Saturday is a workday)
    ],
)
def test_handling_deadline_across_the_2025_and_2026_holidays(accepted, due):
    from unittest import mock

    from django.utils import timezone

    w = world()
    at = datetime.fromisoformat(f"{accepted}T10:00").replace(tzinfo=SHANGHAI)
    with mock.patch.object(timezone, "now", return_value=at):
        ticket = phone_request(w)  # complaint: 5 working days by default
    local = ticket.handle_deadline.astimezone(SHANGHAI)
    assert (local.date().isoformat(), local.strftime("%H:%M")) == (due, "17:30")
