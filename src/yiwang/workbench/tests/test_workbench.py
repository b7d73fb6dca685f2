"""The staff workbench: who gets in, and what the shell shows them about themselves."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.portal.tests import people

pytestmark = pytest.mark.django_db

HOME = reverse("workbench:home")
EVENT = "workbench.test.assigned"

register_event(
    EVENT,
    title="新工单 {{ case_no }}",
    body="请办理工单 {{ case_no }}。",
    description="workbench shell test event",
)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=/workbench/")


def test_citizen_is_refused_with_a_friendly_403(client):
    client.force_login(people.citizen())
    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in html and "<footer" in html
    # and the portal does not offer a workbench link to a citizen
    assert f'href="{HOME}"' not in client.get("/").content.decode()


def test_handler_sees_department_role_navigation_and_unread_count(client):
    dept = people.department("示范市东城区人民政府")
    handler = people.handler(dept=dept)
    notify_user(user=handler, event=EVENT, context={"case_no": "12345-0001"})
    client.force_login(handler)

    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert "李承办" in html and "示范市东城区人民政府" in html and "承办人" in html
    assert 'aria-label="工作台导航"' in html
    assert f'<a href="{HOME}" aria-current="page">' in html
    for name in ("org:departments", "notify:inbox", "accounts:profile", "accounts:totp"):
        assert f'href="{reverse(name)}"' in html
    assert 'class="badge badge--count">1<span class="visually-hidden">条未读' in html
    # the portal header offers the way in
    assert f'href="{HOME}"' in client.get("/").content.decode()


def test_staff_without_department_still_gets_a_working_page(client):
    from yiwang.accounts import services

    lone = services.staff_create(
        actor=None, username="lone", password=people.PASSWORD, display_name="王新人"
    )
    client.force_login(lone)
    html = client.get(HOME).content.decode()
    assert "尚未分配部门" in html and "您还没有被分配到任何部门" in html


def test_workbench_in_english(client):
    client.force_login(people.handler())
    html = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My departments and roles" in html and "Workbench navigation" in html
    assert "Handler" in html  # the role label comes from org's catalogue


def test_navigation_leaves_out_pages_that_do_not_exist():
    rendered = Template(
        "{% load yiwang_shell %}{% maybe_url 'nope:missing' as u %}[{{ u }}]"
        "{% maybe_url 'portal:section' 'open' as v %}[{{ v }}]"
    ).render(Context({}))
    assert rendered == "[][/open/]"


def test_navigation_offers_only_pages_the_person_may_open(client):
    from yiwang.org.models import Role
    from yiwang.org.tests.factories import small_city, staff

    city = small_city()
    client.force_login(staff("nav-handler", city.east, Role.HANDLER))
    html = client.get(HOME).content.decode()
    assert reverse("org:departments") in html
    assert reverse("audit:log") not in html  # a handler would be refused there
    client.force_login(staff("nav-supervisor", city.east, Role.SUPERVISOR))
    assert reverse("audit:log") in client.get(HOME).content.decode()
