"""Garbage into every disclosure form and API endpoint: empty, 10,000 characters, wrong
types, hostile HTML, impossible dates, unknown ids, a disguised attachment — always an
answer in Chinese (4xx or the page again), never a 500, and nothing hostile stored as HTML.

The forms are found on the pages themselves (every ``<form method="post">`` and its fields),
so a form added later is swept too."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from yiwang.disclosure.services.reports import report_open
from yiwang.disclosure.tests import publications_factories as pubs
from yiwang.disclosure.tests.requests_factories import file_request, office

pytestmark = pytest.mark.django_db

GARBAGE = {
    "empty": "",
    "long": "长" * 10_000,
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "date": "2025-02-30",
    "number": "9" * 5000,
    "negative": "-1",
}
FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
ACTION = re.compile(r'<form[^>]*action="([^"]*)"', re.I)
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', re.I)


def forms_on(client: Client, url: str) -> list[tuple[str, set[str]]]:
    page = client.get(url)
    assert page.status_code == 200, url
    text = page.content.decode()
    found = []
    for match in FORM.finditer(text):
        tag = text[match.start() : match.start() + 400]
        action = ACTION.match(tag)
        target = html.unescape(action.group(1)) if action and action.group(1) else url
        names = set(FIELD.findall(match.group(1))) - {"csrfmiddlewaretoken"}
        found.append((target, names))
    return found


@pytest.fixture
def world():
    o = office()
    p = pubs.office()
    publication = pubs.published(p, title="示范市学前教育发展三年行动计划")
    req = file_request(o, actor=o.citizen)
    report = report_open(actor=o.head, year=2025, department=o.bureau)
    return o, p, publication, req, report


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_every_form_takes_garbage_without_a_500(world, kind):
    o, p, publication, req, report = world
    value = GARBAGE[kind]
    pages = [
        (Client(), "/disclosure/requests/new/"),
        (Client(), "/disclosure/requests/track/"),
        (logged_in(o.citizen), f"/disclosure/requests/mine/{req.number}/"),
        (logged_in(o.handler), "/workbench/disclosure/requests/new/"),
        (logged_in(o.handler), f"/workbench/disclosure/requests/{req.pk}/"),
        (logged_in(o.head), f"/workbench/disclosure/reports/{report.pk}/"),
        (logged_in(p.writer), "/workbench/disclosure/publications/new/"),
        (logged_in(p.publisher), f"/workbench/disclosure/publications/{publication.pk}/"),
        (logged_in(p.publisher), "/workbench/disclosure/catalogue/"),
    ]
    posted = 0
    for client, url in pages:
        for target, names in forms_on(client, url):
            data = dict.fromkeys(names, value)
            if "action" in names:  # one submit per action the form offers
                data.pop("action")
            response = client.post(target, data)
            posted += 1
            assert response.status_code < 500, (target, kind)
            assert "<script>alert(1)" not in response.content.decode(), target
    assert posted >= 15  # the sweep really found the forms


def test_a_disguised_attachment_is_refused(world):
    p = world[1]
    draft = pubs.draft(p, title="带附件的草稿")
    client = logged_in(p.writer)
    fake = ("通知.pdf", b"MZ\x90\x00 this is a windows program", "application/pdf")
    response = client.post(
        f"/workbench/disclosure/publications/{draft.pk}/attach/",
        {"file": _upload(*fake)},
    )
    assert response.status_code in (302, 400)
    assert not draft.attachments.exists()


def _upload(name, data, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


API = "/api/v1/disclosure"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/requests", ""),
        ("post", "/requests", "not json"),
        ("post", "/requests", "[]"),
        ("post", "/requests", '{"applicant_type": 5, "name": [], "phone": {}, "department_id": 1}'),
        ("post", "/requests", '{"applicant_type": "natural", "name": "' + "长" * 10000 + '"}'),
        ("post", "/requests/track", '{"number": "' + "9" * 5000 + '", "phone": null}'),
        ("post", "/requests/track", '{"number": "<script>", "phone": "1"}'),
        ("get", "/search?q=" + "(" * 300 + '"AND NEAR*', None),
        ("get", "/search?q=%00&year=abc&page=-5", None),
        ("get", "/publications?year=2025-02-30&page=0&page_size=100000", None),
        ("get", "/publications/" + "9" * 30, None),
        ("get", "/publications/-1", None),
        ("get", "/requests/inbox/" + "9" * 30, None),
        ("get", "/requests/inbox?status=<b>&page=abc", None),
    ],
)  # fmt: skip
def test_the_api_answers_garbage_with_problem_json(method, path, body):
    client = logged_in(office().handler)  # staff: the inbox endpoints are reached too
    if method == "post":
        response = client.post(API + path, body, content_type="application/json")
    else:
        response = client.get(API + path)
    assert response.status_code < 500, (path, response.content[:300])
    if response.status_code >= 400:
        problem = response.json()
        assert problem.get("detail") and problem.get("detail_en")
