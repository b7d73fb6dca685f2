"""The workbench audit pages: who may see them, and what each person sees."""

import csv
import io
import re

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from yiwang.audit.models import AuditRecord, ChainVerification
from yiwang.audit.services import audit_record
from yiwang.org.models import Role
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")


@pytest.fixture
def city():
    c = small_city()
    # One marker record per department of interest, plus one tied to no department.
    for name, dept in (("east", c.east), ("street", c.east_street), ("west", c.west)):
        with transaction.atomic():
            audit_record(
                action="test.case.update",
                object_type="test.case",
                object_id=f"case-{name}",
                department_id=dept.pk,
                summary=f"marker-{name}",
            )
    with transaction.atomic():
        audit_record(action="test.platform.setting", summary="marker-platform")
    return c


@pytest.fixture
def supervisor(city):
    return staff("east-supervisor", city.east, Role.SUPERVISOR)


@pytest.fixture
def admin(city):
    return staff("platform-admin", city.city, Role.PLATFORM_ADMIN)


def markers(response) -> set[str]:
    return set(re.findall(r"marker-\w+", response.content.decode()))


def test_anonymous_is_sent_to_login(client, city):
    response = client.get(LOG)
    assert response.status_code == 302 and "login" in response["Location"]


def test_handler_gets_403(client, city):
    client.force_login(staff("east-handler", city.east, Role.HANDLER))
    assert client.get(LOG).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403
    seq = AuditRecord.objects.get(summary="marker-east").seq
    assert client.get(reverse("audit:detail", args=[seq])).status_code == 403


def test_supervisor_sees_only_their_department_and_below(client, supervisor):
    client.force_login(supervisor)
    response = client.get(LOG)
    assert response.status_code == 200
    assert markers(response) == {"marker-east", "marker-street"}
    west = AuditRecord.objects.get(summary="marker-west")
    assert client.get(reverse("audit:detail", args=[west.seq])).status_code == 404
    east = AuditRecord.objects.get(summary="marker-east")
    detail = client.get(reverse("audit:detail", args=[east.seq]))
    assert detail.status_code == 200 and east.hash in detail.content.decode()


def test_platform_admin_sees_everything(client, admin):
    client.force_login(admin)
    found = markers(client.get(LOG, {"action": "test"}))
    assert found == {"marker-east", "marker-street", "marker-west", "marker-platform"}


def test_filters(client, admin):
    client.force_login(admin)
    assert markers(client.get(LOG, {"action": "test.case"})) == {
        "marker-east",
        "marker-street",
        "marker-west",
    }
    assert markers(client.get(LOG, {"object_type": "test.case", "object_id": "case-west"})) == {
        "marker-west"
    }
    assert markers(client.get(LOG, {"date_from": "2000-01-01", "date_to": "2000-01-02"})) == set()
    record = AuditRecord.objects.get(summary="marker-street")
    today = record.created_at.astimezone().date().isoformat()
    assert "marker-street" in markers(client.get(LOG, {"date_from": today, "date_to": today}))


def test_request_id_and_actor_filters(client, admin, supervisor):
    from yiwang.core import context

    with context.bind(request_id="req-filter-0001", user=supervisor), transaction.atomic():
        audit_record(action="test.case.close", summary="marker-closed")
    client.force_login(admin)
    assert markers(client.get(LOG, {"request_id": "req-filter-0001"})) == {"marker-closed"}
    assert markers(client.get(LOG, {"actor": "east-super"})) == {"marker-closed"}
    assert markers(client.get(LOG, {"actor": str(supervisor.pk)})) >= {"marker-closed"}


def test_bad_filter_input_is_a_field_error_not_a_500(client, admin):
    client.force_login(admin)
    response = client.get(LOG, {"date_from": "2025-13-45", "action": "test.case"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "field-error" in body
    assert "marker-platform" not in body  # the valid filter still applies
    reversed_range = client.get(LOG, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert "截止日期不能早于起始日期" in reversed_range.content.decode()
    assert client.get(LOG, {"page": "999", "actor": "9" * 40}).status_code == 200


def test_pagination(client, admin):
    for i in range(55):
        with transaction.atomic():
            audit_record(action="test.bulk.create", summary=f"bulk-{i}")
    client.force_login(admin)
    first = client.get(LOG, {"action": "test.bulk"}).content.decode()
    assert "bulk-54" in first and "bulk-4<" not in first
    second = client.get(LOG, {"action": "test.bulk", "page": 2}).content.decode()
    assert "bulk-4<" in second and "bulk-54" not in second
    assert "action=test.bulk&amp;page=1" in second  # links keep the filters


def test_htmx_request_gets_only_the_results(client, admin):
    client.force_login(admin)
    response = client.get(LOG, {"action": "test.case"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and "marker-west" in body


def test_csv_export_is_filtered_scoped_and_itself_audited(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("audit:export"), {"format": "csv", "action": "test.case"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "序号"
    assert {r[10] for r in rows[1:]} == {"marker-east", "marker-street"}
    exported = AuditRecord.objects.get(action="audit.log.export")
    assert exported.actor_id == supervisor.pk
    assert exported.changes["filters"] == [None, {"action": "test.case"}]


def test_xlsx_export(client, admin):
    client.force_login(admin)
    response = client.get(reverse("audit:export"), {"format": "xlsx", "action": "test"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "序号"
    assert len(values) == 1 + 4


def test_export_neutralises_spreadsheet_formulas(client, admin):
    with transaction.atomic():
        audit_record(action="test.case.update", summary='=HYPERLINK("http://evil")')
    client.force_login(admin)
    response = client.get(reverse("audit:export"), {"format": "csv", "action": "test.case"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'=HYPERLINK" in text


def test_platform_admin_runs_verification_and_sees_the_status(
    client, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audit:verify"))
    assert response.status_code == 302
    status = ChainVerification.objects.get()
    assert status.ok and status.actor_label.startswith("platform-admin")
    page = client.get(LOG).content.decode()
    assert "完整（" in page


def test_supervisor_cannot_run_verification(client, supervisor):
    client.force_login(supervisor)
    assert client.post(reverse("audit:verify")).status_code == 403
    assert client.get(reverse("audit:verify")).status_code == 405
    assert not ChainVerification.objects.exists()


def test_page_in_english(client, admin):
    client.force_login(admin)
    body = client.get(LOG, headers={"accept-language": "en"}).content.decode()
    assert "Audit log" in body and "Export CSV" in body
