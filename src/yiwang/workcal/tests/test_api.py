"""The public calculators at /api/v1/calendar and their problem+json errors."""

import pytest

pytestmark = pytest.mark.django_db

BASE = "/api/v1/calendar"


def test_add(client):
    r = client.get(f"{BASE}/add", {"date": "2025-09-30", "days": 1})
    assert r.status_code == 200
    assert r.json() == {
        "date": "2025-09-30",
        "days": 1,
        "result": "2025-10-09",
        "fallback_years": [],
    }
    r = client.get(f"{BASE}/add", {"date": "2031-12-30", "days": 3})
    assert r.json()["result"] == "2032-01-02" and r.json()["fallback_years"] == [2031, 2032]


def test_is_workday(client):
    body = client.get(f"{BASE}/is-workday", {"date": "2026-10-10"}).json()
    assert body == {
        "date": "2026-10-10",
        "is_working_day": True,
        "kind": "workday",
        "name": "国庆节",
        "is_fallback": False,
    }


def test_between(client):
    body = client.get(f"{BASE}/between", {"start": "2025-09-30", "end": "2025-10-09"}).json()
    assert body["working_days"] == 1


def test_years_flag_the_fallback_years(client):
    rows = {row["year"]: row for row in client.get(f"{BASE}/years").json()}
    assert rows[2025]["source"] == "seed" and not rows[2025]["is_fallback"]
    assert rows[2025]["holidays"] == 28 and rows[2025]["workdays"] == 5  # as published
    missing = [y for y, row in rows.items() if row["is_fallback"]]
    assert missing and all(y > 2026 for y in missing)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("add", {"date": "2025-13-01", "days": 1}, "date"),
        ("add", {"date": "1700000000", "days": 1}, "date"),  # no Unix timestamps
        ("add", {"date": "2025-09-30", "days": "x"}, "days"),
        ("add", {"date": "2025-09-30", "days": 99999999}, "days"),
        ("add", {"days": 1}, "date"),
        ("is-workday", {"date": "2025-W40-1"}, "date"),
        ("between", {"start": "2025-09-30", "end": "30/09/2025"}, "end"),
    ],
)
def test_bad_input_is_a_problem_document_with_field_errors(client, path, params, field):
    r = client.get(f"{BASE}/{path}", params)
    assert r.status_code == 400
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert [e["field"] for e in body["errors"]] == [field]
    error = body["errors"][0]
    assert error["message"] != error["message_en"] and error["message_en"]
