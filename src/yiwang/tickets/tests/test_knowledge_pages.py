"""Knowledge-base pages: who may search, who may manage, forms, and 即时办结 from an entry."""

import pytest
from django.urls import reverse

from yiwang.org.models import Role
from yiwang.org.tests.factories import staff
from yiwang.tickets.models import KnowledgeEntry, Status, Ticket
from yiwang.tickets.services import knowledge as kb
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        w.entry = kb.knowledge_create(
            actor=None, department=w.centre, question="居住证怎么办理？",
            answer="在本市居住半年以上并有合法稳定就业、住所或就读的，可到派出所申领居住证。",
            keywords="居住证 暂住证",
        )  # fmt: skip
    return w


def as_user(client, user):
    client.force_login(user)
    return client


def test_operators_search_and_see_highlighted_answers(client, w):
    page = as_user(client, w.operator).get(reverse("tickets:knowledge"), {"q": "办理居住证"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark>居住证</mark>" in html and "派出所" in html
    by_keyword = client.get(reverse("tickets:knowledge"), {"q": "暂住证"}).content.decode()
    assert "居住证怎么办理？" in by_keyword  # found by its keyword alone
    partial = client.get(reverse("tickets:knowledge"), {"q": "居住证"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "居住证" in partial.content.decode()
    empty = client.get(reverse("tickets:knowledge"), {"q": "火星移民"})
    assert "没有与“火星移民”相关的问答" in empty.content.decode()


def test_citizens_and_visitors_cannot_open_the_knowledge_base(client, w):
    assert client.get(reverse("tickets:knowledge")).status_code == 302  # to the login page
    assert as_user(client, w.citizen).get(reverse("tickets:knowledge")).status_code == 403


def test_only_knowledge_managers_open_the_management_pages(client, w):
    as_user(client, w.east_handler)
    assert client.get(reverse("tickets:knowledge_manage")).status_code == 403
    assert client.get(reverse("tickets:knowledge_create")).status_code == 403
    assert client.get(reverse("tickets:knowledge_edit", args=[w.entry.pk])).status_code == 403
    detail = client.get(reverse("tickets:knowledge_detail", args=[w.entry.pk]))
    edit_link = reverse("tickets:knowledge_edit", args=[w.entry.pk])
    assert detail.status_code == 200 and edit_link not in detail.content.decode()

    as_user(client, w.dispatcher)
    listing = client.get(reverse("tickets:knowledge_manage"), {"q": "居住证"})
    assert listing.status_code == 200 and "居住证怎么办理" in listing.content.decode()


def test_a_manager_creates_an_entry_and_form_errors_show_on_the_page(client, w):
    as_user(client, w.dispatcher)
    url = reverse("tickets:knowledge_create")
    bad = client.post(url, {"department": w.centre.pk, "question": "", "answer": ""})
    assert bad.status_code == 200 and "请填写问题" in bad.content.decode()

    made = client.post(url, {
        "department": w.centre.pk, "question": "新生儿怎么落户？",
        "answer": "出生一个月内凭出生医学证明到派出所申报。", "keywords": "上户口",
    })  # fmt: skip

    entry = KnowledgeEntry.objects.get(question="新生儿怎么落户？")
    assert made.status_code == 302 and made["Location"].endswith(f"/knowledge/{entry.pk}/")


def test_a_department_admin_cannot_edit_another_districts_entry(client, w):
    west_entry = kb.knowledge_create(
        actor=None, department=w.west, question="西城区问题", answer="西城区答案"
    )
    east_admin = staff("east-admin", w.east, Role.DEPARTMENT_ADMIN)
    as_user(client, east_admin)
    edit = client.post(reverse("tickets:knowledge_edit", args=[west_entry.pk]), {"answer": "改"})
    assert edit.status_code == 403
    assert KnowledgeEntry.objects.get(pk=west_entry.pk).answer == "西城区答案"


def test_editing_a_page_someone_else_changed_meanwhile_says_so(client, w):
    as_user(client, w.dispatcher)
    url = reverse("tickets:knowledge_edit", args=[w.entry.pk])
    form = {
        "department": w.centre.pk, "question": w.entry.question, "answer": "我的修改",
        "keywords": "", "revision": kb.revision(w.entry),
    }  # fmt: skip
    kb.knowledge_update(actor=w.dispatcher, entry=w.entry, answer="别人先改了")

    stale = client.post(url, form)

    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    assert KnowledgeEntry.objects.get(pk=w.entry.pk).answer == "别人先改了"


def test_deactivating_hides_the_entry_from_operators(client, w, django_capture_on_commit_callbacks):
    as_user(client, w.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("tickets:knowledge_set_active", args=[w.entry.pk]),
            {"active": "0", "revision": kb.revision(w.entry)},
        )
    as_user(client, w.operator)
    assert (
        "居住证怎么办理"
        not in client.get(reverse("tickets:knowledge"), {"q": "居住证"}).content.decode()
    )
    assert client.get(reverse("tickets:knowledge_detail", args=[w.entry.pk])).status_code == 404


def test_answering_a_consultation_from_the_knowledge_page_closes_it(client, w):
    ticket = phone_request(w, ticket_type="consult", subject="问居住证", category_code=None)
    as_user(client, w.operator)
    search = client.get(reverse("tickets:knowledge"), {"q": "居住证", "ticket": ticket.pk})
    assert f"以此答复并办结 {ticket.case_number}" in search.content.decode()

    answered = client.post(
        reverse("tickets:knowledge_answer", args=[w.entry.pk]),
        {"ticket": ticket.pk, "answer": "您好，居住证可到派出所申领。"},
    )

    assert answered.status_code == 302
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.CLOSED and ticket.reply_text == "您好，居住证可到派出所申领。"
    again = client.post(
        reverse("tickets:knowledge_answer", args=[w.entry.pk]), {"ticket": ticket.pk}, follow=True
    )
    assert "状态已变化" in again.content.decode()  # a second click does not answer twice


def test_a_handler_cannot_answer_someone_elses_ticket_from_the_knowledge_page(client, w):
    ticket = phone_request(w, ticket_type="consult", category_code=None)
    as_user(client, w.west_handler)
    answer = client.post(
        reverse("tickets:knowledge_answer", args=[w.entry.pk]), {"ticket": ticket.pk}
    )
    assert answer.status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING_DISPATCH


def test_an_over_long_answer_is_an_error_on_the_page_not_a_closed_ticket(client, w):
    ticket = phone_request(w, ticket_type="consult", category_code=None)
    as_user(client, w.operator)
    page = client.post(
        reverse("tickets:knowledge_answer", args=[w.entry.pk]),
        {"ticket": ticket.pk, "answer": "长" * 5001}, follow=True,
    )  # fmt: skip
    assert page.status_code == 200 and "不能超过 5000 个字符" in page.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING_DISPATCH
