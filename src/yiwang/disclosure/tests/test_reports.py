"""The annual report's figures against a fixture year built here, the national check, the
editable parts, publication (figures frozen) and the DOCX/PDF/HTML faces."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.disclosure.models.requests import ApplicantType, DisclosureRequest
from yiwang.disclosure.selectors.reports import compute_figures, failed_checks
from yiwang.disclosure.services import reports as services
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.services.reports_export import report_docx, report_pdf
from yiwang.disclosure.services.requests import request_submit
from yiwang.disclosure.services.requests_sweep import requests_sweep
from yiwang.disclosure.tests import publications_factories as pubs
from yiwang.disclosure.tests.requests_factories import (
    asking,
    office,
    on_day,
    organisation,
    person,
)

pytestmark = pytest.mark.django_db
T = ApplicantType


def filed(department, applicant, day):
    with on_day(day):
        return request_submit(actor=None, applicant=applicant, request=asking(department))


def answered(o, req, day, outcome):
    with on_day(day):
        return handling.request_decide(actor=o.handler, request=req, outcome=outcome)


@pytest.fixture
def year_2025():
    """The bureau's requests around 2025 (the comment says where each one counts)."""
    o = office()
    a = filed(o.bureau, person(), "2024-06-03")  # all in 2024
    answered(o, a, "2024-06-20", "disclose")
    b = filed(o.bureau, organisation(T.COMMERCIAL), "2024-12-20")  # carried in, decided 2025
    answered(o, b, "2025-01-10", "partial")
    filed(o.bureau, person(), "2024-12-25")  # carried in and carried out: never answered
    d = filed(o.bureau, person(), "2025-03-03")
    answered(o, d, "2025-03-20", "disclose")
    e = filed(o.bureau, organisation(T.RESEARCH), "2025-04-01")
    answered(o, e, "2025-04-15", "withhold.process")
    f = filed(o.bureau, organisation(T.LEGAL_SERVICE), "2025-05-06")
    answered(o, f, "2025-05-20", "not_processed.repeat")
    g = filed(o.bureau, person(), "2025-06-02")  # Dragon Boat Festival: received 06-03
    with on_day("2025-06-03"):
        handling.request_ask_correction(actor=o.handler, request=g, items="请说明", reply_days=5)
    with on_day("2025-06-11"):
        requests_sweep()  # 视为放弃: 其他处理 1
    h = filed(o.bureau, organisation(T.WELFARE), "2025-12-22")  # carried out, decided 2026
    answered(o, h, "2026-01-08", "unable.not_held")
    i = filed(o.bureau, organisation(T.OTHER_ORG), "2025-07-01")
    answered(o, i, "2025-07-10", "other.other")
    j = filed(o.other, person(), "2025-02-03")  # another department: whole government only
    with on_day("2025-02-10"):
        handling.request_decide(actor=o.admin, request=j, outcome="disclose")
    return o


def column(row, **expected):
    values = {k: row[k] for k in ("natural", "commercial", "research", "welfare")}
    values.update(legal_service=row["legal_service"], other_org=row["other_org"])
    want = dict.fromkeys(values, 0)
    want.update(expected)
    return values == want


def test_the_departments_2025_figures(year_2025):
    o = year_2025
    figures = compute_figures(year=2025, department_id=o.bureau.pk)["requests"]
    assert column(figures["new"], natural=2, research=1, welfare=1, legal_service=1, other_org=1)
    assert figures["new"]["total"] == 6
    assert column(figures["carried_in"], natural=1, commercial=1)
    results = figures["results"]
    assert column(results["partial"], commercial=1)
    assert column(results["disclose"], natural=1)
    assert column(results["withhold.process"], research=1)
    assert column(results["not_processed.repeat"], legal_service=1)
    assert column(results["other.no_correction"], natural=1)
    assert column(results["other.other"], other_org=1)
    assert sum(r["total"] for r in results.values()) == 6
    assert column(figures["results_total"], natural=2, commercial=1, research=1,
                  legal_service=1, other_org=1)  # fmt: skip
    assert column(figures["carried_out"], natural=1, welfare=1)
    assert all(c["ok"] for c in figures["checks"])


def test_the_whole_government_adds_the_other_department(year_2025):
    figures = compute_figures(year=2025, department_id=None)["requests"]
    assert figures["new"]["natural"] == 3 and figures["new"]["total"] == 7
    assert figures["results"]["disclose"]["natural"] == 2
    assert not failed_checks({"requests": figures})


def test_what_is_carried_out_of_2025_is_carried_into_2026(year_2025):
    o = year_2025
    figures = compute_figures(year=2026, department_id=o.bureau.pk)["requests"]
    assert column(figures["carried_in"], natural=1, welfare=1)
    assert column(figures["results"]["unable.not_held"], welfare=1)
    assert column(figures["carried_out"], natural=1)
    assert figures["new"]["total"] == 0


def test_inconsistent_data_fails_the_check_in_its_column(year_2025):
    o = year_2025
    broken = DisclosureRequest.objects.get(department=o.bureau, submitted_on="2025-03-03")
    DisclosureRequest.objects.filter(pk=broken.pk).update(outcome="")  # decided, no outcome
    figures = compute_figures(year=2025, department_id=o.bureau.pk)
    failed = {c["column"] for c in failed_checks(figures)}
    assert failed == {"natural", "total"}


def test_part_two_counts_documents_and_decisions():
    o = pubs.office()
    when = dt.datetime(2025, 2, 5, 9, tzinfo=dt.UTC)
    pubs.published(o, doc_kind="regulation", written_on=dt.date(2025, 2, 1), when=when)
    old = pubs.published(o, doc_kind="regulation", written_on=dt.date(2023, 5, 1),
                         when=dt.datetime(2023, 5, 8, tzinfo=dt.UTC))  # fmt: skip
    pubs.svc.publication_set_validity(
        actor=o.publisher, publication=old, validity="repealed",
        changed_on=dt.date(2025, 6, 30), expected_version=old.version,
    )  # fmt: skip
    pubs.published(o, doc_kind="normative", written_on=dt.date(2024, 3, 1),
                   when=dt.datetime(2024, 3, 5, tzinfo=dt.UTC))  # fmt: skip
    lapsed = pubs.published(o, doc_kind="normative", written_on=dt.date(2025, 4, 1), when=when)
    pubs.svc.publication_set_validity(
        actor=o.publisher, publication=lapsed, validity="expired",
        changed_on=dt.date(2026, 1, 15), expected_version=lapsed.version,
    )  # fmt: skip
    pubs.draft(o, doc_kind="normative", written_on=dt.date(2025, 5, 1))  # never published
    licence, penalty = pubs.node("xzxk"), pubs.node("xzcf")
    for count, day in (
        (120, dt.date(2025, 3, 3)),
        (30, dt.date(2025, 9, 1)),
        (99, dt.date(2024, 9, 1)),
    ):
        pubs.published(o, doc_kind="other", catalogue=licence, decision_count=count,
                       when=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))  # fmt: skip
    pubs.published(o, doc_kind="other", catalogue=penalty, decision_count=12, when=when)
    active = compute_figures(year=2025, department_id=o.bureau.pk)["active"]
    assert active["regulation"] == {"issued": 1, "repealed": 1, "in_force": 1}
    assert active["normative"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert (active["license"], active["penalty"], active["enforcement"]) == (150, 12, 0)
    elsewhere = compute_figures(year=2025, department_id=o.other.pk)["active"]
    assert elsewhere["regulation"]["in_force"] == 0 and elsewhere["license"] == 0


def edit(report, actor, **overrides):
    values = dict(
        title=report.title, overview="2025 年，本局认真贯彻《政府信息公开条例》。",
        problems="依申请公开答复规范性有待提高。", other_matters="本年度未收取信息处理费。",
        fee_amount="0", review_litigation={"review": {"upheld": 1, "corrected": 0, "other": 0,
                                                      "pending": 1}},
    )  # fmt: skip
    values.update(overrides)
    return services.report_update(
        actor=actor, report=report, expected_version=report.version, **values
    )


def test_who_may_open_edit_and_publish(year_2025):
    o = year_2025
    with pytest.raises(PermissionDenied):
        services.report_open(actor=o.handler, year=2025, department=o.bureau)
    with pytest.raises(PermissionDenied):
        services.report_open(actor=o.head, year=2025, department=None)
    with pytest.raises(InvalidInput):
        services.report_open(actor=o.head, year="2999", department=o.bureau)
    report = services.report_open(actor=o.head, year=2025, department=o.bureau)
    assert services.report_open(actor=o.head, year=2025, department=o.bureau) == report
    assert report.title == "示范市自然资源局2025年政府信息公开工作年度报告"
    with pytest.raises(InvalidInput):
        services.report_publish(actor=o.head, report=report)  # 总体情况 not written yet
    with pytest.raises(InvalidInput) as bad:
        edit(report, o.head, fee_amount="-1", review_litigation={"review": {"upheld": "x"}})
    assert {e.field for e in bad.value.field_errors} == {"fee_amount", "review_upheld"}
    report = edit(report, o.head, fee_amount="1.25")
    assert report.fee_amount == Decimal("1.2500")
    published = services.report_publish(actor=o.head, report=report)
    assert published.is_published
    assert published.figures["requests"]["new"]["total"] == 6
    filed(o.bureau, person(), "2025-08-01")  # a late entry no longer changes the report
    published.refresh_from_db()
    assert published.figures["requests"]["new"]["total"] == 6
    whole = services.report_open(actor=o.admin, year=2025, department=None)
    assert whole.title == "全市政府2025年政府信息公开工作年度报告"


def test_a_failed_check_blocks_publication(year_2025):
    o = year_2025
    report = edit(services.report_open(actor=o.head, year=2025, department=o.bureau), o.head)
    DisclosureRequest.objects.filter(department=o.bureau, submitted_on="2025-03-03").update(
        outcome=""
    )
    with pytest.raises(InvalidInput) as blocked:
        services.report_publish(actor=o.head, report=report)
    assert blocked.value.field_errors[0].code == "check_failed"


def test_exports_and_pages(client, year_2025):
    o = year_2025
    report = edit(services.report_open(actor=o.head, year=2025, department=o.bureau), o.head)
    assert client.get(reverse("disclosure:report_public", args=[report.pk])).status_code == 404
    client.force_login(o.head)
    page = client.get(reverse("disclosure:report_staff_edit", args=[report.pk]))
    assert page.status_code == 200 and "三、收到和处理政府信息公开申请情况" in page.content.decode()
    client.post(reverse("disclosure:report_staff_publish", args=[report.pk]),
                {"version": report.version})  # fmt: skip
    report.refresh_from_db()
    assert report.is_published
    client.logout()
    html = client.get(reverse("disclosure:report_public", args=[report.pk])).content.decode()
    assert "一、总体情况" in html and "本局认真贯彻" in html and "部分公开" in html
    docx_bytes = client.get(
        reverse("disclosure:report_public_export", args=[report.pk, "docx"])
    ).content
    from docx import Document

    tables = Document(io.BytesIO(docx_bytes)).tables
    request_rows = {row.cells[0].text.strip(): [c.text for c in row.cells[1:]]
                    for row in tables[4].rows}  # fmt: skip
    assert request_rows["一、本年新收政府信息公开申请数量"] == ["2", "0", "1", "1", "1", "1", "6"]
    assert request_rows["四、结转下年度继续办理"] == ["1", "0", "0", "1", "0", "0", "2"]
    assert [c.text for c in tables[5].rows[1].cells] == ["行政复议", "1", "0", "0", "1", "2"]
    pdf = report_pdf(report)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "六、其他需要报告的事项" in text and "结转下年度继续办理" in text
    assert report_docx(report)[:2] == b"PK"
    assert client.get(reverse("disclosure:report_list")).content.decode().count(report.title)
    bad = client.get(reverse("disclosure:report_public_export", args=[report.pk, "exe"]))
    assert bad.status_code == 404
