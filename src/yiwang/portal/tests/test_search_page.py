"""The portal's one search box over every public document type (search service)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.search import service

pytestmark = pytest.mark.django_db

PUBLICATION = "disclosure.publication"
GUIDE = "catalog.item"


class _NoSource:
    def __call__(self, object_id):
        return None

    def all_ids(self):
        return []


@pytest.fixture
def public_types():
    """The public types are registered by their apps; stand in for any that is not."""
    added = [t for t in (PUBLICATION, GUIDE) if t not in service.registered_types()]
    for doc_type in added:
        service.register_source(doc_type, _NoSource())
    yield
    for doc_type in added:
        service.unregister_source(doc_type)


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def index(doc_type, object_id, title, body="", *, status, age=30):
    service.index_document(
        doc_type=doc_type, object_id=object_id, title=title, body=body,
        url=f"/{doc_type}/{object_id}/", filters={"status": status}, published_at=days_ago(age),
    )  # fmt: skip


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_publications_and_guides_are_found_highlighted_and_counted(client, public_types):
    index(
        PUBLICATION,
        "1",
        "关于调整住房公积金贷款政策的通知",
        "公积金贷款额度提高。",
        status="published",
    )
    index(GUIDE, "2", "住房公积金提取办事指南", "提取公积金需要身份证。", status="active")
    index("kb", "3", "公积金怎么提取", "内部答复口径：公积金……", status="active")
    index(PUBLICATION, "4", "公积金草稿", "未发布", status="draft")
    html = page(client, q="公积金")
    assert "共找到 2 条结果" in html
    assert "<mark>公积金</mark>" in html
    assert 'href="/disclosure.publication/1/"' in html and 'href="/catalog.item/2/"' in html
    assert "内部答复口径" not in html and "/kb/3/" not in html  # staff-only, never public
    assert "公积金草稿" not in html  # not published
    assert "政府信息公开" in html and "办事指南" in html  # the tabs and labels


def test_a_tab_keeps_to_one_type(client, public_types):
    index(PUBLICATION, "1", "营业执照办理通知", status="published")
    index(GUIDE, "2", "营业执照办理指南", status="active")
    html = page(client, q="营业执照", type=GUIDE)
    assert "/catalog.item/2/" in html and "/disclosure.publication/1/" not in html
    assert "共找到 1 条结果" in html
    # an unknown type is the "all" tab, not an error and not a staff type
    assert "共找到 2 条结果" in page(client, q="营业执照", type="kb")


def test_when_no_result_has_every_word_the_page_says_so(client, public_types):
    index(PUBLICATION, "1", "社保卡挂失", "社保卡丢失请挂失。", status="published")
    index(GUIDE, "2", "居住证办理", "居住证由派出所受理。", status="active")
    html = page(client, q="社保卡 居住证")
    assert "没有找到同时包含全部关键词的结果" in html
    assert "/disclosure.publication/1/" in html and "/catalog.item/2/" in html


def test_results_come_in_pages(client, public_types):
    for n in range(23):
        index(PUBLICATION, str(n), f"第{n}号供水公告", "供水管网改造", status="published", age=n)
    first = page(client, q="供水")
    assert "共找到 23 条结果" in first and "第 1 页，共 3 页" in first
    assert first.count('class="search-result"') == 10 and 'rel="next"' in first
    third = page(client, q="供水", page="3")
    assert third.count('class="search-result"') == 3 and 'rel="prev"' in third
    assert 'rel="next"' not in third
    assert page(client, q="供水", page="abc").count('class="search-result"') == 10


def test_the_time_filter_keeps_recent_documents(client, public_types):
    index(PUBLICATION, "new", "燃气安全提示", status="published", age=2)
    index(PUBLICATION, "old", "燃气安全提示（旧）", status="published", age=400)
    html = page(client, q="燃气", period="week")
    assert "/disclosure.publication/new/" in html and "/disclosure.publication/old/" not in html
    assert "共找到 2 条结果" in page(client, q="燃气", period="nonsense")


@pytest.mark.parametrize("query", ['"(', "NEAR(a b)", "title:*", "😀", "营" * 300, "AND OR"])
def test_hostile_queries_show_a_page_not_an_error(client, public_types, query):
    index(PUBLICATION, "1", "营业执照", status="published")
    page(client, q=query)


def test_nothing_found_is_an_honest_empty_state(client, public_types):
    html = page(client, q="火星移民")
    assert "暂无搜索结果" in html and "12345" in html
