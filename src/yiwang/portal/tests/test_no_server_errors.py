"""No page of the 一网通办 apps answers 500: every route of catalog, approvals (and its GovStack
API), names, disclosure, routing, the portal search and the GET side of their REST APIs, walked
from the URL resolver so a new page is covered the day it is added, with path parameters filled
from a small real data set, fetched as a visitor, an enterprise applicant and a platform
administrator, plain and with the garbage people and crawlers send (?page=abc, huge pages and
ids, hostile text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from yiwang.approvals.tests import applicant_support
from yiwang.catalog.tests import factories as catalog_factories
from yiwang.disclosure.tests import publications_factories
from yiwang.org.models import Role, Scope
from yiwang.org.tests.factories import staff

pytestmark = pytest.mark.django_db

PREFIXES = (
    "services/",
    "workbench/catalog/",
    "apply/",
    "certificates/",
    "workbench/approvals/",
    "names/",
    "workbench/names/",
    "disclosure/",
    "workbench/disclosure/",
    "workbench/routing/",
    "search/",
    "govstack/registration/",
    "api/v1/catalog/",
    "api/v1/approvals/",
    "api/v1/names/",
    "api/v1/disclosure/",
)

GARBAGE_QUERIES = [
    {},
    {"page": "abc"},
    {"page": "99999999", "q": "<script>alert(1)</script>😀", "date_from": "2026-02-30"},
]


def _routes(patterns, prefix: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if route.startswith(PREFIXES):
                yield route


# integer ids: Django's int converter, or the APIs' typed pk / task_id path parameters
ID_PARAM = re.compile(r"<int:(\w+)>|<(pk|\w+_pk|task_id)>")
# Known 500s, reported to their app's owner; delete the entry with the fix.
KNOWN_HUGE_ID_500: set[str] = set()  # routes that still fail on a 20-digit id (none now)
ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


@dataclass
class Data:
    params: dict[str, str]
    admin: object
    applicant: object


@pytest.fixture
def data() -> Data:
    world = catalog_factories.world()
    item = catalog_factories.food_item(world, code="SC-QA-001")
    office = applicant_support.office()
    application = applicant_support.bare_application(office)
    pubs = publications_factories.office()
    publication = publications_factories.published(pubs)
    admin = staff("qa_admin", world.departments["city"], (Role.PLATFORM_ADMIN, Scope.ALL))
    params = {
        "code": item.code,
        "number": application.number,
        "pk": str(publication.pk),
        "department_code": pubs.bureau.code,
        "file_id": application.number,
    }
    return Data(params=params, admin=admin, applicant=office.enterprise)


def _url(route: str, params: dict[str, str]) -> str:
    # Unknown parameters (actions, formats, attachment ids) get a value no object has: the page
    # must still answer 4xx, never 500.
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: params.get(m.group(1), "999999"), route.replace("\\Z", "")
    ).lstrip("^")


@pytest.mark.parametrize("who", ["anonymous", "applicant", "admin"])
def test_no_page_of_the_new_apps_answers_500(client, data, who):
    assert len(ROUTES) > 40, ROUTES  # the walk found the apps' pages
    if who != "anonymous":
        client.force_login(getattr(data, who))
    client.raise_request_exception = False
    failures = []
    for route in ROUTES:
        url = _url(route, data.params)
        # garbage query strings: on the list pages, for the visitor and the admin (time budget)
        garbage = "<" not in route and who != "applicant"
        queries = GARBAGE_QUERIES if garbage else GARBAGE_QUERIES[:1]
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append(f"GET {url} {query} -> {response.status_code}")
        ids = [a or b for a, b in ID_PARAM.findall(route)]
        if (
            ids and route not in KNOWN_HUGE_ID_500
        ):  # beyond a 64-bit id: PostgreSQL refuses it, the page must say 404 / 400
            huge = _url(route, {**data.params, **dict.fromkeys(ids, "9" * 20)})
            response = client.get(huge)
            if response.status_code >= 500:
                failures.append(f"GET {huge} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_data_set_reaches_the_detail_pages(client, data):
    """Guards the test above: its filled-in detail pages are real pages, not just 404s."""
    client.force_login(data.admin)
    code, pk = data.params["code"], data.params["pk"]
    for url in (f"/services/items/{code}/", f"/disclosure/p/{pk}/", "/services/items/"):
        assert client.get(url).status_code == 200, url
    client.force_login(data.applicant)
    number = data.params["number"]
    assert client.get(f"/apply/mine/{number}/").status_code == 200
