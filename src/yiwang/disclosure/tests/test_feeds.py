"""RSS and Atom feeds of newly published information, overall and per catalogue node."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from yiwang.disclosure.tests.publications_factories import draft, node, office, published

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def docs():
    o = office()
    older = published(
        o, title="示范市义务教育招生办法", catalogue=node("zdly-jy"),
        when=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip
    newer = published(
        o, title="关于开展大气污染防治专项检查的通知", catalogue=node("zdly-hb"),
        body_html="<p>检查<strong>重点</strong>企业 &amp; 工地。</p>",
    )  # fmt: skip
    hidden = draft(o, title="未发布的草稿")
    return older, newer, hidden


def test_rss_lists_public_information_newest_first(client, docs):
    older, newer, hidden = docs
    response = client.get("/disclosure/feed.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [newer.title, older.title]
    first = items[0]
    assert first.findtext("link") == f"http://testserver/disclosure/p/{newer.pk}/"
    assert first.findtext("guid") == newer.index_number
    assert first.findtext("description") == "检查重点企业 & 工地。"  # plain text, no markup
    assert hidden.title not in response.content.decode()


def test_atom_per_catalogue_node_includes_its_subtree(client, docs):
    _older, newer, _hidden = docs
    response = client.get("/disclosure/catalogue/zdly-hb/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert "环境保护" in feed.findtext(f"{ATOM}title")
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [newer.title]
    parent = ET.fromstring(client.get("/disclosure/catalogue/zdly/feed.rss").content)
    assert len(parent.find("channel").findall("item")) == 2
    assert client.get("/disclosure/catalogue/nope/feed.rss").status_code == 404


def test_pages_announce_their_feeds(client, docs):
    html = client.get("/disclosure/").content.decode()
    assert 'type="application/rss+xml"' in html and "/disclosure/feed.atom" in html
