import pytest

from yiwang.org.models import Role
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db


def test_api_lists_only_departments_in_scope_and_hides_others(client):
    city = small_city()
    handler = staff("api-handler", city.east, Role.HANDLER)
    client.force_login(handler)
    listed = client.get("/api/v1/org/departments").json()
    assert [d["name"] for d in listed] == ["东城区人民政府"]
    response = client.get(f"/api/v1/org/departments/{city.west.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_api_create_department_validation_is_problem_json(client):
    city = small_city()
    admin = staff("api-admin", city.city, Role.PLATFORM_ADMIN)
    client.force_login(admin)
    response = client.post(
        "/api/v1/org/departments",
        {"name": "测试局", "code": "TEST-1", "kind": "bureau", "level": 1,
         "region_code": "33990", "parent_id": city.city.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    [error] = body["errors"]
    assert error["field"] == "region_code"
    assert "行政区划代码" in error["message"]
    assert "region" in error["message_en"].lower()


def test_workbench_department_pages_respect_scope(client):
    city = small_city()
    handler = staff("wb-handler", city.east, Role.HANDLER)
    client.force_login(handler)
    page = client.get("/workbench/org/")
    assert page.status_code == 200
    assert "东城区人民政府" in page.content.decode()
    assert "西城区人民政府" not in page.content.decode()
    assert client.get(f"/workbench/org/{city.west.pk}/").status_code == 404
