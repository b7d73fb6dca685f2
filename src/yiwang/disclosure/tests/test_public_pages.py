"""The public side of 主动公开: catalogue, department catalogue, a publication, search, API."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from yiwang.disclosure.services import publications as svc
from yiwang.disclosure.tests.publications_factories import (
    committed,
    draft,
    node,
    office,
    published,
)

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    '"', "(", ")", "招生 AND (", "NEAR(a b)", "title:招生", "*", "^", "招生\x00", "😀",
    "a" * 10_000, "' OR 1=1 --", "{}", "-", "招生 -", ":",
]  # fmt: skip


def at(year: int, month: int = 3, day: int = 5) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10))


@pytest.fixture
def city():
    o = office()
    policy = published(
        o, when=at(2024), title="示范市学前教育发展三年行动计划", catalogue=node("zdly-jy"),
        keywords="学前教育 幼儿园", body_html="<p>到2026年，普惠性幼儿园覆盖率达到90%。</p>",
    )  # fmt: skip
    reading = published(
        o, when=at(2024, 4), title="一图读懂学前教育三年行动计划", doc_kind="interpretation",
        catalogue=node("zcjd"), interprets=policy, body_html="<p>解读要点：扩大普惠资源。</p>",
    )  # fmt: skip
    noise = published(
        o, when=at(2025), title="关于夜间施工噪声管理的通告", catalogue=node("zdly-hb"),
        doc_kind="other", topic="urban", body_html="<p>夜间施工须办理许可。</p>",
    )  # fmt: skip
    hidden = draft(o, title="尚在起草的幼儿园收费办法", catalogue=node("zdly-jy"))
    return SimpleNamespace(o=o, policy=policy, reading=reading, noise=noise, hidden=hidden)


def test_catalogue_shows_counts_and_only_public_documents(client, city):
    page = client.get("/disclosure/")
    assert page.status_code == 200
    html = page.content.decode()
    assert city.policy.title in html and city.noise.title in html
    assert city.hidden.title not in html
    tree = {item.node.code: item for item in page.context["tree"]}
    assert tree["zdly"].count == 2  # 教育 and 环境保护 under 重点领域
    assert [c.count for c in tree["zdly"].children if c.node.code == "zdly-jy"] == [1]


def test_a_catalogue_node_lists_its_subtree_and_filters_by_year(client, city):
    html = client.get("/disclosure/catalogue/zdly/").content.decode()
    assert city.policy.title in html and city.noise.title in html and city.reading.title not in html
    html = client.get("/disclosure/catalogue/zdly/?year=2025").content.decode()
    assert city.noise.title in html and city.policy.title not in html
    assert client.get("/disclosure/catalogue/nope/").status_code == 404
    assert client.get("/disclosure/catalogue/zdly/?year=abc&page=x").status_code == 200


def test_department_catalogue(client, city):
    html = client.get(f"/disclosure/departments/{city.o.bureau.code}/").content.decode()
    assert city.policy.title in html and city.noise.title in html and city.hidden.title not in html
    assert "示范市教育局" in html
    empty = client.get(f"/disclosure/departments/{city.o.other.code}/")
    assert empty.status_code == 200 and city.policy.title not in empty.content.decode()
    assert client.get("/disclosure/departments/NOPE/").status_code == 404
    listing = client.get("/disclosure/departments/").content.decode()
    assert city.o.bureau.name in listing and city.o.other.name not in listing


def test_publication_page_has_metadata_and_links_its_interpretation(client, city):
    html = client.get(f"/disclosure/p/{city.policy.pk}/").content.decode()
    for text in (
        "索引号",
        city.policy.index_number,
        "示范市教育局",
        "发文字号",
        "示教发〔2025〕12号",
    ):
        assert text in html
    assert f"/disclosure/p/{city.reading.pk}/" in html and "相关解读" in html
    html = client.get(f"/disclosure/p/{city.reading.pk}/").content.decode()
    assert f"/disclosure/p/{city.policy.pk}/" in html and "本文是对以下文件的解读" in html


def test_unpublished_and_revoked_publications_are_not_found(client, city):
    assert client.get(f"/disclosure/p/{city.hidden.pk}/").status_code == 404
    svc.publication_revoke(
        actor=city.o.publisher,
        publication=city.noise,
        reason="误发",
        expected_version=city.noise.version,
    )
    assert client.get(f"/disclosure/p/{city.noise.pk}/").status_code == 404
    assert client.get("/disclosure/p/999999/").status_code == 404


def test_interpretations_list(client, city):
    html = client.get("/disclosure/interpretations/").content.decode()
    assert city.reading.title in html and city.policy.title not in html


def test_search_page_highlights_and_filters(client, city):
    page = client.get("/disclosure/search", {"q": "学前教育"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>学前教育</mark>" in html
    assert (
        f"/disclosure/p/{city.policy.pk}/" in html and f"/disclosure/p/{city.reading.pk}/" in html
    )
    kind = client.get("/disclosure/search", {"q": "学前教育", "kind": "interpretation"})
    assert f"/disclosure/p/{city.policy.pk}/" not in kind.content.decode()
    assert f"/disclosure/p/{city.reading.pk}/" in kind.content.decode()
    by_node = client.get("/disclosure/search", {"q": "学前教育", "catalogue": "zdly"})
    assert f"/disclosure/p/{city.reading.pk}/" not in by_node.content.decode()
    year = client.get("/disclosure/search", {"q": "施工", "year": "2024"})
    assert "没有找到相关信息" in year.content.decode()
    dept = client.get("/disclosure/search", {"q": "施工", "department": city.o.other.pk})
    assert "没有找到相关信息" in dept.content.decode()
    assert (
        city.hidden.title
        not in client.get("/disclosure/search", {"q": "收费办法"}).content.decode()
    )


def test_search_never_errors(client, city):
    for query in HOSTILE_QUERIES:
        for params in ({"q": query}, {"q": query, "year": query[:10], "department": query[:10]}):
            assert client.get("/disclosure/search", params).status_code == 200, query
            api = client.get("/api/v1/disclosure/search", {"q": query})
            assert api.status_code == 200, query
    assert client.get("/disclosure/search", {"page": "-5", "q": "教育"}).status_code == 200


def test_search_api(client, city):
    body = client.get("/api/v1/disclosure/search", {"q": "幼儿园", "kind": "normative"}).json()
    assert body["total"] == 1 and body["mode"] == "and"
    hit = body["items"][0]
    assert hit["id"] == city.policy.pk and hit["url"].endswith(f"/disclosure/p/{city.policy.pk}/")
    assert "<mark>" in hit["snippet"] or "<mark>" in hit["title_html"]
    assert client.get("/api/v1/disclosure/search", {"limit": 1000}).status_code in (400, 422)


def test_list_detail_and_catalogue_api(client, city):
    listing = client.get("/api/v1/disclosure/publications", {"catalogue": "zdly"}).json()
    assert {item["id"] for item in listing["items"]} == {city.policy.pk, city.noise.pk}
    detail = client.get(f"/api/v1/disclosure/publications/{city.policy.pk}").json()
    assert detail["index_number"] == city.policy.index_number
    assert detail["interpretation_ids"] == [city.reading.pk]
    assert client.get(f"/api/v1/disclosure/publications/{city.hidden.pk}").status_code == 404
    missing = client.get("/api/v1/disclosure/publications", {"catalogue": "nope"})
    assert missing.status_code == 404 and missing.json()["detail"] == "公开目录不存在"
    tree = client.get("/api/v1/disclosure/catalogue").json()
    assert [n["name"] for n in tree][:3] == ["机构职能", "政策文件", "规划计划"]


def test_sitemap_lists_public_publications_only(client, city):
    response = client.get("/disclosure/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert f"http://testserver/disclosure/p/{city.policy.pk}/" in xml
    assert f"/disclosure/p/{city.hidden.pk}/" not in xml
    assert "http://testserver/disclosure/catalogue/zdly-jy/" in xml


def test_attachment_download_of_public_publication(client, city):
    from yiwang.disclosure.services.publications_attachments import attachment_add

    o = city.o
    p = draft(o, title="带附件的通知")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    item = attachment_add(actor=o.writer, publication=p, filename="通知.pdf", data=pdf)
    url = f"/disclosure/p/{p.pk}/files/{item.pk}/"
    assert client.get(url).status_code == 404  # not yet public
    with committed():
        p.refresh_from_db()
        p = svc.publication_submit(actor=o.writer, publication=p, expected_version=p.version)
        p = svc.publication_review(
            actor=o.reviewer, publication=p, approve=True, expected_version=p.version
        )
        svc.publication_publish(actor=o.publisher, publication=p, expected_version=p.version)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf
    assert response["X-Content-Type-Options"] == "nosniff"
