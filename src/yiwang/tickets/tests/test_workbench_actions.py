"""The action forms on the staff ticket page: every lifecycle step, stale pages, errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.org.models import Role
from yiwang.org.tests.factories import staff
from yiwang.tickets import services
from yiwang.tickets.models import (
    ExtensionRequest,
    ExtensionStatus,
    KnowledgeEntry,
    ReplyTemplate,
    Status,
    TicketType,
)
from yiwang.tickets.tests.factories import phone_request, world
from yiwang.tickets.tests.workbench_support import (
    PNG,
    STALE,
    act,
    actions_on_page,
    detail,
    fresh,
)

pytestmark = pytest.mark.django_db


def test_actions_offered_follow_state_role_and_department(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=phone_request(w),
        lead_department=w.east,
        co_departments=[w.water],
    )
    client.force_login(w.east_handler)
    east = actions_on_page(client, ticket)
    assert "sign" in east and "transfer" in east and "dispatch" not in east
    client.force_login(w.water_handler)
    water = actions_on_page(client, ticket)
    assert "sign" not in water and "co_opinion" in water
    client.force_login(w.supervisor)
    assert set(actions_on_page(client, ticket)) == {"supervise", "urge"}
    client.force_login(w.dispatcher)
    assert "transfer" in actions_on_page(client, ticket)


def test_the_whole_loop_through_the_action_forms(client):
    w = world()
    ticket = phone_request(w)
    client.force_login(w.dispatcher)
    page = client.get(detail(ticket))
    dispatch_form = dict((a, f) for a, _l, f in page.context["action_forms"])["dispatch"]
    assert dispatch_form.initial["lead_department"] == w.east.pk  # suggestion preselected
    response = act(
        client,
        ticket,
        "dispatch",
        lead_department=w.east.pk,
        co_departments=[w.water.pk],
        note="请核实",
    )
    assert response.status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.PENDING_SIGN and ticket.current_department == w.east

    client.force_login(w.east_handler)
    assert act(client, ticket, "sign").status_code == 302
    ticket = fresh(ticket)
    assert ticket.current_assignee == w.east_handler
    assert act(client, ticket, "note", note="已联系施工队").status_code == 302
    ticket = fresh(ticket)
    assert (
        act(client, ticket, "request_extension", days=3, reason="需要采购材料").status_code == 302
    )

    client.force_login(w.water_handler)
    ticket = fresh(ticket)
    assert act(client, ticket, "co_opinion", opinion="该处无供水管线").status_code == 302

    client.force_login(w.dispatcher)
    ticket = fresh(ticket)
    extension = ExtensionRequest.objects.get(ticket=ticket)
    response = act(
        client, ticket, "decide_extension", extension=extension.pk, decision="accept", note="同意"
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED

    client.force_login(w.east_handler)
    ticket = fresh(ticket)
    upload = SimpleUploadedFile("修复后.png", PNG, content_type="image/png")
    response = client.post(
        reverse("tickets:act", args=[ticket.pk, "reply"]),
        {
            "reply-expected_version": ticket.version,
            "reply-text": "已修复人行道。",
            "reply-attachments": [upload],
        },
    )
    assert response.status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.PENDING_REVIEW
    assert ticket.attachments.filter(original_name="修复后.png").exists()

    client.force_login(w.dispatcher)
    response = act(client, ticket, "approve_reply", decision="reject", note="")
    assert response.status_code == 200 and "请填写内容" in response.content.decode()
    assert (
        act(client, ticket, "approve_reply", decision="reject", note="请附照片").status_code == 302
    )
    ticket = fresh(ticket)
    assert ticket.status == Status.IN_PROGRESS
    client.force_login(w.east_handler)
    assert act(client, ticket, "reply", text="已修复并附照片。").status_code == 302
    client.force_login(w.dispatcher)
    ticket = fresh(ticket)
    assert act(client, ticket, "approve_reply", decision="accept").status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.CLOSED

    client.force_login(w.operator)
    assert act(client, ticket, "follow_up", reached="yes", level="4",
               note="满意").status_code == 302  # fmt: skip
    ticket = fresh(ticket)
    assert ticket.status == Status.RATED and ticket.ratings.get().level == 4

    client.force_login(w.dispatcher)
    assert act(client, ticket, "reopen", reason="诉求人反映仍未修好").status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.PENDING_SIGN and ticket.reopen_count == 1
    html = client.get(detail(ticket)).content.decode()
    for label in (
        "派单",
        "签收",
        "办理进展",
        "申请延期",
        "协办意见",
        "审批延期",
        "答复",
        "退回重办",
        "审核通过",
        "回访",
        "评价",
        "重办",
    ):
        assert label in html, label


def test_stale_page_gets_409_with_the_fresh_state_and_nothing_is_overwritten(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    page_version = ticket.version
    colleague = staff("east-colleague", w.east, Role.HANDLER)
    services.ticket_sign(actor=colleague, ticket=ticket)
    client.force_login(w.east_handler)
    response = act(client, ticket, "sign", version=page_version)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert fresh(ticket).current_assignee == colleague
    # an action still possible after the change keeps what the person typed
    response = act(client, ticket, "note", version=page_version, note="现场已查看")
    assert response.status_code == 409
    assert "现场已查看" in response.content.decode()
    assert not fresh(ticket).events.filter(action="note").exists()


def test_stale_version_on_a_service_without_versions_is_still_409(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    page_version = ticket.version
    services.ticket_urge(actor=w.supervisor, ticket=ticket, note="第一次催办")
    client.force_login(w.supervisor)
    response = act(client, ticket, "urge", version=page_version, note="第二次催办")
    assert response.status_code == 409
    assert fresh(ticket).urge_count == 1


def test_htmx_action_returns_the_fragment_with_a_notice(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.east_handler)
    response = client.post(
        reverse("tickets:act", args=[ticket.pk, "sign"]),
        {"sign-expected_version": ticket.version},
        headers={"HX-Request": "true", "HX-Target": "ticket-detail"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="ticket-detail"' in html and "签收：操作成功" in html


def test_invalid_input_is_shown_on_the_form_not_a_500(client):
    w = world()
    ticket = services.ticket_sign(
        actor=w.east_handler,
        ticket=services.ticket_dispatch(
            actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
        ),
    )
    client.force_login(w.east_handler)
    response = act(client, ticket, "request_extension", days=99, reason="")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "request_extension-days_error" in html
    bad = client.post(
        reverse("tickets:act", args=[ticket.pk, "reply"]),
        {
            "reply-expected_version": ticket.version,
            "reply-text": "见附件",
            "reply-attachments": [SimpleUploadedFile("fake.png", b"MZ not an image")],
        },
    )
    assert bad.status_code == 200 and "只接受" in bad.content.decode()
    assert fresh(ticket).status == Status.IN_PROGRESS
    assert client.post(reverse("tickets:act", args=[ticket.pk, "nonsense"])).status_code == 404
    # an action the viewer may not take on this ticket now
    assert act(client, ticket, "dispatch", lead_department=w.west.pk).status_code == 403


def test_transfer_offers_only_sub_departments_to_a_department(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.east_handler)
    form = dict((a, f) for a, _l, f in client.get(detail(ticket)).context["action_forms"])[
        "transfer"
    ]
    assert list(form.fields["department"].queryset) == [w.east_street]
    assert act(client, ticket, "transfer", department=w.west.pk).status_code == 200
    assert (
        act(client, ticket, "transfer", department=w.east_street.pk, note="请街道办理").status_code
        == 302
    )
    assert fresh(ticket).current_department == w.east_street


def test_return_request_and_decision(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.east_handler)
    assert act(client, ticket, "request_return", reason="属于西城区").status_code == 302
    client.force_login(w.dispatcher)
    ticket = fresh(ticket)
    assert "accept_return" in actions_on_page(client, ticket)
    assert act(client, ticket, "accept_return", decision="accept", note="").status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.PENDING_DISPATCH and ticket.current_department is None


def test_reply_templates_fill_the_reply(client):
    w = world()
    ticket = services.ticket_sign(
        actor=w.east_handler,
        ticket=services.ticket_dispatch(
            actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
        ),
    )
    road = ReplyTemplate.objects.create(
        title="道路已修复",
        body="您反映的{subject}（{case_number}）已由{department}修复。",
        category=w.road,
    )
    ReplyTemplate.objects.create(title="停水答复", body="供水已恢复。", category=w.water_cat)
    ReplyTemplate.objects.create(title="通用感谢", body="感谢您的反映。")
    client.force_login(w.east_handler)
    page = client.get(detail(ticket), {"template": road.pk})
    titles = [t.title for t in page.context["reply_templates"]]
    assert "道路已修复" in titles and "通用感谢" in titles and "停水答复" not in titles
    form = dict((a, f) for a, _l, f in page.context["action_forms"])["reply"]
    assert form.initial["text"] == (
        f"您反映的人民路人行道破损（{ticket.case_number}）已由东城区人民政府修复。"
    )


def test_answer_now_from_the_knowledge_base(client):
    w = world()
    ticket = phone_request(
        w,
        ticket_type=TicketType.CONSULT,
        subject="公积金提取",
        description="退休了怎么提取公积金？",
        category_code=None,
    )
    entry = KnowledgeEntry.objects.create(
        department=w.centre,
        question="退休提取住房公积金需要什么材料",
        answer="携带身份证和退休证到公积金中心办理。",
        keywords="公积金 退休",
    )
    client.force_login(w.operator)
    page = client.get(detail(ticket), {"kb": "公积金"})
    assert entry in page.context["kb_results"]
    assert "采用此答案办结" in page.content.decode()
    response = client.post(
        reverse("tickets:act", args=[ticket.pk, "answer_now"]),
        {"answer_now-expected_version": ticket.version, "answer_now-knowledge_entry": entry.pk},
    )
    assert response.status_code == 302
    ticket = fresh(ticket)
    assert ticket.status == Status.CLOSED and ticket.reply_text == entry.answer
    entry.refresh_from_db()
    assert entry.use_count == 1


def test_merge_into_a_case_number(client):
    w = world()
    first, repeat = phone_request(w), phone_request(w)
    client.force_login(w.dispatcher)
    assert act(client, repeat, "merge", into="SF12345-00000000-000000").status_code == 200
    assert act(client, repeat, "merge", into=first.case_number, note="重复诉求").status_code == 302
    repeat = fresh(repeat)
    assert repeat.status == Status.MERGED and repeat.merged_into == first
    assert repeat.case_number in client.get(detail(first)).content.decode()


def test_supervise_and_urge(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.supervisor)
    assert act(client, ticket, "supervise", note="列入督办").status_code == 302
    ticket = fresh(ticket)
    assert act(client, ticket, "urge", note="请今天签收").status_code == 302
    ticket = fresh(ticket)
    assert ticket.supervised and ticket.urge_count == 1
