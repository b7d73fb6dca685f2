"""The workbench pages of 主动公开: list, form, and the workflow driven through the page."""

from __future__ import annotations

import pytest
from django.test import Client

from yiwang.disclosure.models import Publication, PublicationStatus
from yiwang.disclosure.tests.publications_factories import committed, draft, node, office

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_writer_creates_a_draft_through_the_form():
    o = office()
    writer = as_user(o.writer)
    page = writer.get("/workbench/disclosure/publications/new/")
    assert page.status_code == 200 and "公开目录" in page.content.decode()
    response = writer.post(
        "/workbench/disclosure/publications/new/",
        {
            "department": o.bureau.pk, "title": "关于做好2025年秋季学期开学工作的通知",
            "catalogue": node("zdly-jy").pk, "topic": "science", "doc_kind": "normative",
            "document_number": "示教发〔2025〕30号", "written_on": "2025-08-20",
            "body_html": '<p>各学校：<script>alert(1)</script></p><a href="javascript:x">x</a>',
        },
    )  # fmt: skip
    created = Publication.objects.get(title="关于做好2025年秋季学期开学工作的通知")
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/disclosure/publications/{created.pk}/"
    assert "script" not in created.body_html and "javascript" not in created.body_html
    assert created.author == o.writer and created.status == PublicationStatus.DRAFT


def test_form_errors_are_shown_not_500():
    o = office()
    response = as_user(o.writer).post(
        "/workbench/disclosure/publications/new/",
        {"department": o.bureau.pk, "title": "", "catalogue": "999999", "topic": "x",
         "doc_kind": "interpretation", "written_on": "2025-02-30"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写标题" in html and "请选择公开目录" in html and "error-summary" in html


def test_the_whole_workflow_through_the_pages():
    o = office()
    p = draft(o)
    url = f"/workbench/disclosure/publications/{p.pk}/"
    writer, reviewer, publisher = as_user(o.writer), as_user(o.reviewer), as_user(o.publisher)
    assert "提交保密审查" in writer.get(url).content.decode()
    writer.post(url + "submit/", {"version": p.version})
    p.refresh_from_db()
    assert p.status == PublicationStatus.PENDING
    assert "审查通过" not in writer.get(url).content.decode()  # not the author's call
    reviewer_page = reviewer.get(url).content.decode()
    assert "保密审查" in reviewer_page and "退回修改" in reviewer_page
    reviewer.post(url + "return/", {"version": p.version, "opinion": ""})
    p.refresh_from_db()
    assert p.status == PublicationStatus.PENDING  # returning needs an opinion
    reviewer.post(url + "approve/", {"version": p.version, "opinion": "不涉及国家秘密"})
    p.refresh_from_db()
    assert p.status == PublicationStatus.APPROVED
    with committed():
        response = publisher.post(url + "publish/", {"version": p.version}, follow=True)
    p.refresh_from_db()
    assert p.status == PublicationStatus.PUBLISHED
    assert p.index_number in response.content.decode()
    stale = publisher.post(
        url + "revoke/", {"version": p.version - 1, "reason": "误发"}, follow=True
    )
    assert "已被他人处理" in stale.content.decode()
    publisher.post(url + "revoke/", {"version": p.version, "reason": "误发"})
    p.refresh_from_db()
    assert p.status == PublicationStatus.REVOKED
    history = publisher.get(url).content.decode()
    for label in ("创建草稿", "提交保密审查", "保密审查通过", "发布", "撤销发布"):
        assert label in history


def test_list_is_scoped_to_the_department():
    o = office()
    mine = draft(o, title="本局的草稿")
    html = as_user(o.writer).get("/workbench/disclosure/publications/").content.decode()
    assert mine.title in html
    other = as_user(o.other_writer)
    assert mine.title not in other.get("/workbench/disclosure/publications/").content.decode()
    assert other.get(f"/workbench/disclosure/publications/{mine.pk}/").status_code == 404
    assert other.post(f"/workbench/disclosure/publications/{mine.pk}/submit/").status_code == 404


def test_citizens_and_visitors_are_kept_out():
    o = office()
    anonymous = Client().get("/workbench/disclosure/publications/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    from yiwang.accounts import services as accounts

    citizen = accounts.citizen_register(
        username="citizen_pub", password=None, password_hash="!x", real_name="王小明",
        id_number="11010519491231002X", phone="13900001234",
    )  # fmt: skip
    assert as_user(citizen).get("/workbench/disclosure/publications/").status_code == 403
    assert draft(o).pk  # the department's work is untouched


def test_edit_page_keeps_versions():
    o = office()
    p = draft(o)
    url = f"/workbench/disclosure/publications/{p.pk}/edit/"
    writer = as_user(o.writer)
    form = {
        "title": "改过的标题", "catalogue": node("zcwj").pk, "topic": "science",
        "doc_kind": "normative", "version": p.version,
    }  # fmt: skip
    assert writer.post(url, form).status_code == 302
    again = writer.post(url, {**form, "title": "旧页面上的修改"})
    assert "已被他人修改" in again.content.decode()
    p.refresh_from_db()
    assert p.title == "改过的标题"
