"""Staff inboxes: contents per role, counts, filters, search, bulk dispatch, Excel export."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yiwang.audit.models import AuditRecord
from yiwang.tickets import services
from yiwang.tickets.models import Channel, SlaState, Status, Ticket
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db
INBOX = reverse("tickets:inbox")


def _cases(response) -> set[str]:
    """Case numbers listed in the results table."""
    import re

    return set(re.findall(r"SF12345-\d{8}-\d{6}", response.content.decode()))


def _dispatched(w, **kwargs) -> Ticket:
    ticket = phone_request(w, **kwargs)
    lead = w.west if kwargs.get("region_code", "").startswith("339902") else w.east
    return services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=lead)


def test_dispatcher_sees_pending_dispatch_with_counts_and_the_menu_of_boxes(client):
    w = world()
    new = phone_request(w)
    sent = _dispatched(w)
    client.force_login(w.dispatcher)
    response = client.get(INBOX, {"box": "pending_dispatch"})
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("待派单", "待签收", "办理中", "即将超期", "已超期", "待审核", "督办", "我的已办"):
        assert label in html
    assert new.case_number in _cases(response)
    assert sent.case_number not in _cases(response)
    assert response.context["boxes"][0][0].key == "pending_dispatch"
    counts = {box.key: count for box, count in response.context["boxes"]}
    assert counts["pending_dispatch"] >= 1 and counts["pending_sign"] >= 1
    # the dispatcher may dispatch several at once from this box
    assert 'name="ticket"' in html and reverse("tickets:bulk_dispatch") in html


def test_handler_sees_only_their_department_and_no_dispatch_box(client):
    w = world()
    east = _dispatched(w)
    west = _dispatched(w, region_code="339902")
    client.force_login(w.east_handler)
    response = client.get(INBOX)
    keys = [box.key for box, _count in response.context["boxes"]]
    assert "pending_dispatch" not in keys and keys[0] == "pending_sign"
    assert east.case_number in _cases(response)
    assert west.case_number not in _cases(response)
    # asking for a box outside one's role falls back to one's own first box
    assert client.get(INBOX, {"box": "pending_dispatch"}).context["box"].key == "pending_sign"


def test_co_handler_finds_ticket_under_co_handling_not_under_pending_sign(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=phone_request(w),
        lead_department=w.east,
        co_departments=[w.water],
    )
    client.force_login(w.water_handler)
    assert ticket.case_number not in _cases(client.get(INBOX, {"box": "pending_sign"}))
    assert ticket.case_number in _cases(client.get(INBOX, {"box": "co_handling"}))
    services.ticket_co_opinion(actor=w.water_handler, ticket=ticket, opinion="供水管网正常")
    assert ticket.case_number not in _cases(client.get(INBOX, {"box": "co_handling"}))


def test_deadline_boxes_and_countdown_say_the_state_in_words(client):
    w = world()
    late = _dispatched(w)
    soon = _dispatched(w)
    fine = _dispatched(w)
    now = timezone.now()
    Ticket.objects.filter(pk=late.pk).update(
        sign_deadline=now - timedelta(hours=3), sla_state=SlaState.OVERDUE
    )
    Ticket.objects.filter(pk=soon.pk).update(
        sign_deadline=now + timedelta(minutes=40), sla_state=SlaState.WARNING
    )
    client.force_login(w.east_handler)
    overdue = client.get(INBOX, {"box": "overdue"})
    assert _cases(overdue) == {late.case_number}
    html = overdue.content.decode()
    assert "tk-clock--overdue" in html and "已超期" in html
    warning = client.get(INBOX, {"box": "warning"})
    assert _cases(warning) == {soon.case_number}
    assert "tk-clock--warning" in warning.content.decode()
    assert "即将超期" in warning.content.decode() and "剩余" in warning.content.decode()
    pending = client.get(INBOX, {"box": "pending_sign"})
    # most urgent first
    listed = [t.pk for t, _clock in pending.context["rows"]]
    assert listed.index(late.pk) < listed.index(soon.pk) < listed.index(fine.pk)


def test_review_box_holds_replies_returns_and_extension_requests(client):
    w = world()
    replied = _dispatched(w)
    replied = services.ticket_sign(actor=w.east_handler, ticket=replied)
    replied = services.ticket_reply(actor=w.east_handler, ticket=replied, text="已修复")
    returned = services.ticket_request_return(
        actor=w.east_handler, ticket=_dispatched(w), reason="不属于本区"
    )
    extended = services.ticket_sign(actor=w.east_handler, ticket=_dispatched(w))
    services.ticket_request_extension(actor=w.east_handler, ticket=extended, days=3, reason="施工")
    plain = services.ticket_sign(actor=w.east_handler, ticket=_dispatched(w))
    client.force_login(w.dispatcher)
    found = _cases(client.get(INBOX, {"box": "review"}))
    assert {replied.case_number, returned.case_number, extended.case_number} <= found
    assert plain.case_number not in found


def test_supervised_and_mine_boxes(client):
    w = world()
    urged = _dispatched(w)
    services.ticket_urge(actor=w.supervisor, ticket=urged, note="请尽快办理")
    other = _dispatched(w)
    client.force_login(w.supervisor)
    response = client.get(INBOX, {"box": "supervised"})
    assert urged.case_number in _cases(response) and other.case_number not in _cases(response)
    mine = client.get(INBOX, {"box": "mine"})
    assert _cases(mine) == {urged.case_number}


def test_filters_and_search_narrow_the_list(client):
    w = world()
    road = phone_request(w, subject="人行道砖块松动")
    water = phone_request(
        w,
        subject="小区停水三天",
        category_code=w.water_cat.code,
        channel=Channel.LETTER,
        region_code="339902",
    )
    client.force_login(w.dispatcher)
    get = lambda **p: _cases(client.get(INBOX, {"box": "pending_dispatch", **p}))  # noqa: E731
    assert get(q="停水") == {water.case_number}
    assert get(q=road.case_number) == {road.case_number}
    assert get(category=w.water_cat.pk) == {water.case_number}
    assert get(channel="letter") == {water.case_number}
    assert road.case_number in get(region="339901") and water.case_number not in get(
        region="339901"
    )
    today = timezone.localdate()
    assert get(date_from=today.isoformat(), date_to=today.isoformat()) >= {road.case_number}
    assert get(date_to=(today - timedelta(days=1)).isoformat()) == set()
    # a bad filter is reported, not a 500
    response = client.get(INBOX, {"box": "pending_dispatch", "region": "abc"})
    assert response.status_code == 200 and "行政区划代码应为" in response.content.decode()


def test_department_filter_includes_the_subtree(client):
    w = world()
    ticket = _dispatched(w)
    ticket = services.ticket_transfer(actor=w.east_handler, ticket=ticket, department=w.east_street)
    client.force_login(w.dispatcher)
    assert ticket.case_number in _cases(client.get(INBOX, {"box": "all", "department": w.east.pk}))
    assert ticket.case_number not in _cases(
        client.get(INBOX, {"box": "all", "department": w.west.pk})
    )


def test_htmx_filter_returns_only_the_results_fragment(client):
    w = world()
    phone_request(w)
    client.force_login(w.dispatcher)
    response = client.get(
        INBOX,
        {"box": "pending_dispatch", "q": "人行道"},
        headers={"HX-Request": "true", "HX-Target": "tk-results"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "tk-table" in html


def test_pagination(client):
    w = world()
    for _ in range(27):
        phone_request(w)
    client.force_login(w.dispatcher)
    first = client.get(INBOX, {"box": "pending_dispatch"})
    second = client.get(INBOX, {"box": "pending_dispatch", "page": 2})
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) >= 2
    assert not _cases(first) & _cases(second)


def test_bulk_dispatch_reports_each_ticket_and_a_conflict_does_not_stop_the_others(client):
    w = world()
    a, b, c = phone_request(w), phone_request(w), phone_request(w)
    stale_version = b.version
    # someone else dispatches b after the list was drawn
    services.ticket_dispatch(actor=w.dispatcher, ticket=b, lead_department=w.west)
    client.force_login(w.dispatcher)
    response = client.post(
        reverse("tickets:bulk_dispatch"),
        {
            "ticket": [f"{a.pk}:{a.version}", f"{b.pk}:{stale_version}", f"{c.pk}:{c.version}"],
            "lead_department": w.east_street.pk,
            "note": "批量派单",
        },
    )
    assert response.status_code == 200
    results = {r["pk"]: r for r in response.context["results"]}
    assert results[a.pk]["ok"] and results[c.pk]["ok"]
    assert not results[b.pk]["ok"] and results[b.pk]["status"] == 409
    assert "工单已被他人处理" in results[b.pk]["reason"]
    html = response.content.decode()
    assert "成功 2 张，失败 1 张" in html
    a.refresh_from_db(), b.refresh_from_db()
    assert a.current_department == w.east_street and a.status == Status.PENDING_SIGN
    assert b.current_department == w.west  # untouched by the bulk action


def test_bulk_dispatch_to_suggested_departments_and_refusals(client):
    w = world()
    suggested = phone_request(w)  # road in 339901 → east
    nothing = phone_request(w, category_code=w.noise.code)  # no rule → no suggestion
    client.force_login(w.dispatcher)
    response = client.post(
        reverse("tickets:bulk_dispatch"),
        {"ticket": [f"{suggested.pk}:{suggested.version}", f"{nothing.pk}:{nothing.version}"]},
    )
    results = {r["pk"]: r for r in response.context["results"]}
    assert results[suggested.pk]["ok"] and results[suggested.pk]["department"] == w.east.name
    assert not results[nothing.pk]["ok"] and results[nothing.pk]["status"] == 400
    # nothing selected: said so, nothing happens
    empty = client.post(reverse("tickets:bulk_dispatch"), {"lead_department": w.east.pk})
    assert "请至少选择一张工单" in empty.content.decode()
    # a handler may not bulk dispatch
    client.force_login(w.east_handler)
    denied = client.post(
        reverse("tickets:bulk_dispatch"), {"ticket": [f"{nothing.pk}:{nothing.version}"]}
    )
    assert denied.status_code == 403


def test_export_uses_the_same_filters_masks_the_phone_and_is_audited(client):
    w = world()
    road = phone_request(w, requester_phone="13812345678", requester_name="李建国")
    phone_request(w, subject="小区停水", description="幸福小区停水", category_code=w.water_cat.code)
    client.force_login(w.dispatcher)
    response = client.get(reverse("tickets:export"), {"box": "pending_dispatch", "q": "人行道"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单编号"
    body = [r for r in rows[1:] if r[0]]
    assert [r[0] for r in body] == [road.case_number]
    flat = " ".join(str(v) for v in body[0])
    assert "138****5678" in flat and "13812345678" not in flat
    assert "李**" in flat and "李建国" not in flat
    assert AuditRecord.objects.filter(action="tickets.export").exists()


def test_export_cells_never_become_formulas(client):
    w = world()
    phone_request(w, subject='=HYPERLINK("http://evil")')
    client.force_login(w.dispatcher)
    response = client.get(reverse("tickets:export"), {"box": "pending_dispatch"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    subjects = [r[5] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(str(s).lstrip("'").startswith("=HYPERLINK") for s in subjects)
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_citizen_is_refused_and_anonymous_sent_to_login(client):
    w = world()
    citizen_request(w)
    assert client.get(INBOX).status_code == 302
    client.force_login(w.citizen)
    assert client.get(INBOX).status_code == 403
    assert client.get(reverse("tickets:export")).status_code == 403


def test_inbox_and_menu_in_english(client):
    w = world()
    phone_request(w)
    client.force_login(w.dispatcher)
    client.cookies["django_language"] = "en"
    html = client.get(INBOX, headers={"Accept-Language": "en"}).content.decode()
    for text in ("Ticket inbox", "Awaiting dispatch", "More filters", "Dispatch selected tickets",
                 "Operator console", "Reply templates"):  # fmt: skip
        assert text in html, text
