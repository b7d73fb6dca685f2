"""The knowledge base: writes through the services (checked, audited, indexed) and the
operators' Chinese search through the shared search service."""

import pytest

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.org.models import Role
from yiwang.org.tests.factories import staff
from yiwang.search.models import SearchDocument
from yiwang.tickets import services
from yiwang.tickets.models import KnowledgeEntry, Status
from yiwang.tickets.selectors.knowledge import knowledge_get, knowledge_list, knowledge_search
from yiwang.tickets.services import knowledge as kb
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db

FUND = "住房公积金提取需要什么条件？"
FUND_ANSWER = (
    "职工本人及配偶在本市无自有住房且租房自住的，可以申请提取住房公积金支付房租，每年一次。"
)


@pytest.fixture
def w():
    return world()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run index_later's on-commit task, as a real request's commit would."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def entry(committed, w, **overrides):
    values = dict(
        actor=w.dispatcher, department=w.centre, question=FUND, answer=FUND_ANSWER,
        keywords="公积金 租房，提取",
    )  # fmt: skip
    values.update(overrides)
    return committed(kb.knowledge_create, **values)


def test_create_cleans_audits_and_indexes(w, committed):
    made = entry(committed, w, question="  住房公积金   提取需要什么条件？ ")

    assert made.question == "住房公积金 提取需要什么条件？"
    assert made.keywords == "公积金、租房、提取"
    assert made.updated_by == w.dispatcher
    record = AuditRecord.objects.get(action="tickets.knowledge.create")
    assert record.actor_id == w.dispatcher.pk and record.object_id == str(made.pk)
    assert SearchDocument.objects.filter(doc_type="kb", object_id=str(made.pk)).exists()


def test_every_invalid_field_is_reported_at_once(w):
    with pytest.raises(InvalidInput) as exc:
        kb.knowledge_create(
            actor=w.dispatcher, department=w.centre, question="", answer="x" * 5001,
            keywords="词" * 201,
        )  # fmt: skip
    assert {e.field for e in exc.value.field_errors} == {"question", "answer", "keywords"}


def test_a_chinese_question_finds_the_entry_by_words_in_its_keywords_and_answer(w, committed):
    made = entry(committed, w)
    entry(committed, w, question="社保卡丢了怎么补办？", answer="携带身份证到社保卡服务网点补办。",
          keywords="社保卡 挂失")  # fmt: skip

    found = knowledge_search(user=w.operator, query="租房能提取公积金吗", limit=5)

    assert [e.pk for e in found][:1] == [made.pk]
    assert "<mark>" in found[0].question_html and "<mark>" in found[0].snippet
    assert knowledge_search(user=w.operator, query="社保卡挂失")[0].question.startswith("社保卡")


def test_search_escapes_html_and_citizens_get_nothing(w, committed):
    entry(committed, w, question="<script>公积金</script>怎么提取", keywords="")

    found = knowledge_search(user=w.operator, query="公积金")

    assert "<script>" not in found[0].question_html
    assert knowledge_search(user=w.citizen, query="公积金") == []


def test_update_reindexes_and_a_stale_revision_is_a_conflict(w, committed):
    made = entry(committed, w)
    revision = kb.revision(made)

    changed = committed(
        kb.knowledge_update, actor=w.dispatcher, entry=made, answer="新的答案：可在网上办理提取。",
        keywords="公积金 网上办理", expected_revision=revision,
    )  # fmt: skip

    assert changed.answer.startswith("新的答案")
    assert knowledge_search(user=w.operator, query="网上办理")[0].pk == made.pk
    with pytest.raises(Conflict):
        kb.knowledge_update(
            actor=w.dispatcher, entry=made, answer="又改", expected_revision=revision
        )
    assert KnowledgeEntry.objects.get(pk=made.pk).answer.startswith("新的答案")
    audit = AuditRecord.objects.get(action="tickets.knowledge.update")
    assert set(audit.changes) == {"answer", "keywords"}


def test_deactivated_entries_leave_the_search_but_stay_for_their_managers(w, committed):
    made = entry(committed, w)

    committed(kb.knowledge_set_active, actor=w.dispatcher, entry=made, active=False)

    assert knowledge_search(user=w.operator, query="公积金") == []
    assert not SearchDocument.objects.filter(doc_type="kb").exists()
    assert knowledge_get(user=w.operator, pk=made.pk) is None
    assert knowledge_get(user=w.dispatcher, pk=made.pk) == made
    assert list(knowledge_list(user=w.dispatcher, status="inactive")) == [made]
    committed(kb.knowledge_set_active, actor=w.dispatcher, entry=made, active=True)
    assert knowledge_search(user=w.operator, query="公积金")[0].pk == made.pk


def test_department_admins_manage_their_own_departments_only(w, committed):
    east_admin = staff("east-admin", w.east, Role.DEPARTMENT_ADMIN)
    east_entry = entry(committed, w, actor=east_admin, department=w.east_street)
    with pytest.raises(PermissionDenied):
        kb.knowledge_create(actor=east_admin, department=w.west, question="问", answer="答")
    with pytest.raises(PermissionDenied):  # handlers consult, they do not edit
        kb.knowledge_update(actor=w.east_handler, entry=east_entry, answer="改")
    with pytest.raises(PermissionDenied):  # nor move an entry out of their reach
        kb.knowledge_update(actor=east_admin, entry=east_entry, department=w.west)
    assert list(knowledge_list(user=east_admin)) == [east_entry]
    assert list(knowledge_list(user=staff("west-admin", w.west, Role.DEPARTMENT_ADMIN))) == []


def test_answer_now_from_a_search_hit_closes_the_consultation(w, committed):
    entry(committed, w)
    ticket = phone_request(w, ticket_type="consult", subject="咨询公积金", category_code=None)
    hit = knowledge_search(user=w.operator, query="公积金提取")[0]

    ticket = services.ticket_answer_now(actor=w.operator, ticket=ticket, knowledge_entry=hit)

    assert ticket.status == Status.CLOSED and ticket.reply_text == FUND_ANSWER
    assert KnowledgeEntry.objects.get(pk=hit.pk).use_count == 1


def test_rebuild_through_the_search_command_finds_the_active_entries(w, committed):
    from yiwang.search import service as search

    active = entry(committed, w)
    entry(committed, w, question="停用的问题", answer="停用的答案")
    KnowledgeEntry.objects.filter(question="停用的问题").update(is_active=False)

    result = search.rebuild("kb")

    assert result.indexed == 1
    assert list(SearchDocument.objects.values_list("object_id", flat=True)) == [str(active.pk)]
