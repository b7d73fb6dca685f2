"""Publications through their workflow: drafting, 保密审查, publishing, revoking, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from yiwang.disclosure.models import PublicationEvent, PublicationStatus, Validity
from yiwang.disclosure.selectors.publications import search_publications
from yiwang.disclosure.services import publications as svc
from yiwang.disclosure.services.publications_catalogue import catalogue_seed
from yiwang.disclosure.tests.publications_factories import committed, draft, node, office, published

pytestmark = pytest.mark.django_db


def titles(query: str, **filters) -> list[str]:
    return [hit.title for hit in search_publications(query=query, **filters).hits]


def test_standard_catalogue_is_seeded_and_seeding_again_adds_nothing():
    assert node("zdly-jy").parent == node("zdly")
    assert node("xzxk").decision_kind == "license"
    assert node("zdly-jy").path == "/zdly/zdly-jy/"
    assert catalogue_seed() == 0


def test_draft_review_publish_gives_index_number_and_makes_it_findable():
    o = office()
    p = draft(o)
    assert p.status == PublicationStatus.DRAFT and p.index_number is None
    assert titles("招生入学") == []  # a draft is not public
    p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
    assert p.status == PublicationStatus.PENDING
    p = svc.publication_review(
        actor=o.reviewer, publication=p, approve=True, opinion="不涉密", expected_version=p.version
    )
    assert (p.status, p.reviewer) == (PublicationStatus.APPROVED, o.reviewer)
    when = timezone.make_aware(dt.datetime(2025, 3, 5, 10, 0))
    with committed():
        p = svc.publication_publish(
            actor=o.publisher, publication=p, expected_version=p.version, published_at=when
        )
    assert p.status == PublicationStatus.PUBLISHED
    assert p.index_number == f"{o.bureau.code}/2025-00001"
    assert titles("招生入学") == [p.title]
    actions = list(PublicationEvent.objects.filter(publication=p).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish"]
    audited = AuditRecord.objects.filter(action__startswith="disclosure.publication.")
    assert audited.count() == 4


def test_index_numbers_run_per_department_and_year():
    o = office()
    in_2024 = timezone.make_aware(dt.datetime(2024, 12, 31, 9))
    in_2025 = timezone.make_aware(dt.datetime(2025, 1, 2, 9))
    numbers = [
        published(o, when=in_2024).index_number,
        published(o, when=in_2024, title="第二份").index_number,
        published(o, when=in_2025, title="第三份").index_number,
    ]
    code = o.bureau.code
    assert numbers == [f"{code}/2024-00001", f"{code}/2024-00002", f"{code}/2025-00001"]
    other = svc.next_index_number(department=o.other, year=2024)
    assert other == f"{o.other.code}/2024-00001"


def test_the_author_cannot_review_their_own_text():
    o = office()
    p = svc.publication_create(
        actor=o.publisher, department=o.bureau, title="自己写的稿件", body_html="正文",
        catalogue=node(), topic="general",
    )  # fmt: skip
    p = svc.publication_submit(actor=o.publisher, publication=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):
        svc.publication_review(
            actor=o.publisher, publication=p, approve=True, expected_version=p.version
        )


def test_returning_needs_an_opinion_and_sends_the_draft_back_for_editing():
    o = office()
    p = draft(o)
    p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
    with pytest.raises(InvalidInput) as excinfo:
        svc.publication_review(
            actor=o.reviewer, publication=p, approve=False, opinion=" ", expected_version=p.version
        )
    assert excinfo.value.field_errors[0].field == "opinion"
    p = svc.publication_review(
        actor=o.reviewer, publication=p, approve=False, opinion="第三段含学生个人信息，请删除",
        expected_version=p.version,
    )  # fmt: skip
    assert p.status == PublicationStatus.DRAFT
    assert p.review_opinion == "第三段含学生个人信息，请删除"
    p = svc.publication_update(
        actor=o.writer, publication=p, expected_version=p.version, body_html="<p>已删除</p>"
    )
    assert p.body_text == "已删除"


def test_a_stale_version_is_a_conflict_not_an_overwrite():
    o = office()
    p = draft(o)
    stale = p.version
    svc.publication_update(actor=o.writer, publication=p, expected_version=stale, title="新标题")
    with pytest.raises(Conflict):
        svc.publication_update(
            actor=o.second_writer, publication=p, expected_version=stale, title="另一个标题"
        )
    p.refresh_from_db()
    assert p.title == "新标题"


def test_transitions_out_of_order_are_conflicts():
    o = office()
    p = draft(o)
    with pytest.raises(Conflict):
        svc.publication_publish(actor=o.publisher, publication=p, expected_version=p.version)
    p = published(o, title="已发布")
    with pytest.raises(Conflict):
        svc.publication_update(actor=o.writer, publication=p, expected_version=p.version, title="x")


def test_permissions_follow_roles_and_departments():
    o = office()
    with pytest.raises(PermissionDenied):
        svc.publication_create(
            actor=o.other_writer, department=o.bureau, title="越权", catalogue=node(),
            topic="general",
        )  # fmt: skip
    with pytest.raises(NotAuthenticated):
        svc.publication_create(
            actor=None, department=o.bureau, title="匿名", catalogue=node(), topic="general"
        )
    p = draft(o)
    p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):  # a handler writes, a supervisor reviews
        svc.publication_review(
            actor=o.second_writer, publication=p, approve=True, expected_version=p.version
        )
    p = svc.publication_review(
        actor=o.reviewer, publication=p, approve=True, expected_version=p.version
    )
    with pytest.raises(PermissionDenied):
        svc.publication_publish(actor=o.writer, publication=p, expected_version=p.version)
    with pytest.raises(PermissionDenied):
        svc.publication_publish(actor=o.other_writer, publication=p, expected_version=p.version)


def test_hostile_html_is_sanitised():
    o = office()
    p = draft(
        o,
        body_html=(
            '<p onclick="steal()">通知<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">点我</a><a href="https://gov.example/a">原文</a>'
            '<img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
            '<h2 style="color:red">一、目标</h2><table><tr><td colspan="2">表格</td></tr></table>'
        ),
    )
    body = p.body_html
    for bad in ("script", "onclick", "javascript:", "onerror", "<img", "iframe", "style="):
        assert bad not in body
    assert "<h2>一、目标</h2>" in body
    assert 'href="https://gov.example/a"' in body and 'colspan="2"' in body
    assert "alert" not in p.body_text


def test_plain_text_becomes_paragraphs_and_is_escaped():
    o = office()
    p = draft(o, body_html="第一段 a<b\n\n第二段 <script>")
    assert p.body_html == "<p>第一段 a&lt;b</p><p>第二段 &lt;script&gt;</p>"


def test_bad_fields_are_reported_together():
    o = office()
    with pytest.raises(InvalidInput) as excinfo:
        svc.publication_create(
            actor=o.writer, department=o.bureau, title="", catalogue=None, topic="nope",
            doc_kind="secret", written_on="2025-13-01", decision_count=-3,
        )  # fmt: skip
    fields = {e.field for e in excinfo.value.field_errors}
    assert {"title", "catalogue", "topic", "doc_kind", "written_on", "decision_count"} <= fields


def test_decision_counts_only_in_licence_penalty_and_enforcement_nodes():
    o = office()
    with pytest.raises(InvalidInput):
        draft(o, decision_count=12)
    p = draft(o, catalogue=node("xzcf"), decision_count=12, doc_kind="other")
    assert p.decision_count == 12


def test_interpretation_must_point_at_a_published_policy():
    o = office()
    unpublished = draft(o, title="尚未发布的政策")
    with pytest.raises(InvalidInput):
        draft(o, title="解读", doc_kind="interpretation", catalogue=node("zcjd"))
    with pytest.raises(InvalidInput):
        draft(o, title="解读", doc_kind="interpretation", interprets=unpublished)
    policy = published(o, title="示范市促进民办教育规范发展的若干规定")
    reading = published(
        o, title="图解：民办教育若干规定", doc_kind="interpretation",
        catalogue=node("zcjd"), interprets=policy,
    )  # fmt: skip
    assert list(policy.interpretations.all()) == [reading]


def test_revoking_takes_it_off_search_and_needs_a_reason():
    o = office()
    p = published(o)
    assert titles("招生") == [p.title]
    with pytest.raises(InvalidInput):
        svc.publication_revoke(actor=o.publisher, publication=p, reason="", expected_version=None)
    with committed():
        p = svc.publication_revoke(
            actor=o.publisher,
            publication=p,
            reason="内容有误，重新发布",
            expected_version=p.version,
        )
    assert p.status == PublicationStatus.REVOKED and p.index_number
    assert titles("招生") == []


def test_expiry_marks_lapsed_documents_and_is_safe_to_run_twice():
    o = office()
    today = timezone.localdate()
    p = published(o, effective_until=today + dt.timedelta(days=10))
    assert svc.publications_expire_due(today=today) == 0
    later = today + dt.timedelta(days=11)
    with committed():
        assert svc.publications_expire_due(today=later) == 1
    assert svc.publications_expire_due(today=later) == 0
    p.refresh_from_db()
    assert (p.status, p.validity) == (PublicationStatus.EXPIRED, Validity.EXPIRED)
    assert p.validity_changed_on == today + dt.timedelta(days=11)
    assert titles("招生", doc_kind="normative") == [p.title]  # still public, marked 失效


def test_repeal_is_recorded_with_its_date():
    o = office()
    p = published(o)
    p = svc.publication_set_validity(
        actor=o.publisher, publication=p, validity=Validity.REPEALED,
        changed_on=dt.date(2025, 6, 1), expected_version=p.version,
    )  # fmt: skip
    assert (p.validity, p.validity_changed_on) == ("repealed", dt.date(2025, 6, 1))
    with pytest.raises(InvalidInput):
        svc.publication_set_validity(
            actor=o.publisher, publication=p, validity="forever", expected_version=p.version
        )
