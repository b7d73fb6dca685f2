"""The figures of the annual report (国办公开办函〔2021〕30号), computed from the platform.

Part 2 (主动公开) reads publications: 规章 and 行政规范性文件 issued (成文日期 in the year, the
publication date when there is none), repealed or expired in the year, and in force at the
year's end; the 行政许可/处罚/强制 decision counts of publications in catalogue nodes marked
with that kind. Part 3 (依申请公开) reads requests by applicant column:

- 本年新收: submitted in the year;
- 上年结转: submitted before the year and not decided before it;
- 办理结果: decided in the year, by outcome code (one row each);
- 结转下年度: submitted by the year's end and not decided by it.

Each quantity is its own query, so the national check 新收 + 上年结转 = 办理结果总计 + 结转下年度
is a real test of the data (a request closed without an outcome, a decision dated before its
receipt ...) and the report shows every column that fails it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext

from yiwang.disclosure import outcomes
from yiwang.disclosure.models.publications import (
    DecisionKind,
    DocKind,
    Publication,
    PublicationStatus,
    Validity,
)
from yiwang.disclosure.models.reports import AnnualReport
from yiwang.disclosure.models.requests import ORGANISATION_TYPES, ApplicantType, DisclosureRequest

COLUMNS: tuple[str, ...] = (ApplicantType.NATURAL, *ORGANISATION_TYPES, "total")
REVIEW_KEYS = ("upheld", "corrected", "other", "pending")
REVIEW_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
ON_RECORD = (PublicationStatus.PUBLISHED, PublicationStatus.EXPIRED)


def _requests(department_id: int | None) -> QuerySet[DisclosureRequest]:
    qs = DisclosureRequest.objects.all()
    return qs if department_id is None else qs.filter(department_id=department_id)


def _by_column(qs: QuerySet[DisclosureRequest]) -> dict[str, int]:
    counts = dict(qs.values_list("applicant_type").annotate(n=Count("pk")).order_by())
    row = {column: int(counts.get(column, 0)) for column in COLUMNS[:-1]}
    row["total"] = sum(row.values())
    return row


def request_figures(*, year: int, department_id: int | None) -> dict[str, Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    qs = _requests(department_id)
    new = _by_column(qs.filter(submitted_on__range=(start, end)))
    carried_in = _by_column(
        qs.filter(submitted_on__lt=start).filter(
            Q(decided_on__isnull=True) | Q(decided_on__gte=start)
        )
    )
    carried_out = _by_column(
        qs.filter(submitted_on__lte=end).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    )
    decided = (
        qs.filter(decided_on__range=(start, end))
        .exclude(outcome="")
        .values_list("outcome", "applicant_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    results = {code: dict.fromkeys(COLUMNS, 0) for code in outcomes.CODES}
    unknown = 0
    for code, column, n in decided:
        if code not in results:
            unknown += n  # an outcome no longer in the table: shows up as a failed check
            continue
        results[code][column] += n
        results[code]["total"] += n
    results_total = {
        column: sum(results[code][column] for code in outcomes.CODES) for column in COLUMNS
    }
    checks = []
    for column in COLUMNS:
        left = new[column] + carried_in[column]
        right = results_total[column] + carried_out[column]
        checks.append({"column": column, "received": left, "accounted": right, "ok": left == right})
    return {
        "new": new,
        "carried_in": carried_in,
        "results": results,
        "results_total": results_total,
        "carried_out": carried_out,
        "checks": checks,
        "unknown_outcomes": unknown,
    }


def _publications(department_id: int | None) -> QuerySet[Publication]:
    qs = Publication.objects.filter(status__in=ON_RECORD)
    return qs if department_id is None else qs.filter(department_id=department_id)


def _document_row(qs: QuerySet[Publication], year: int) -> dict[str, int]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    dated = qs.annotate(issued_on=Coalesce("written_on", TruncDate("published_at")))
    issued = dated.filter(issued_on__range=(start, end)).count()
    repealed = qs.filter(
        validity__in=(Validity.REPEALED, Validity.EXPIRED),
        validity_changed_on__range=(start, end),
    ).count()
    in_force = (
        dated.filter(issued_on__lte=end)
        .filter(Q(validity=Validity.EFFECTIVE) | Q(validity_changed_on__gt=end))
        .count()
    )
    return {"issued": issued, "repealed": repealed, "in_force": in_force}


def _decisions(qs: QuerySet[Publication], year: int, kind: str) -> int:
    total = qs.filter(catalogue__decision_kind=kind, published_at__year=year).aggregate(
        n=Sum("decision_count")
    )["n"]
    return int(total or 0)


def active_figures(*, year: int, department_id: int | None) -> dict[str, Any]:
    qs = _publications(department_id)
    return {
        "regulation": _document_row(qs.filter(doc_kind=DocKind.REGULATION), year),
        "normative": _document_row(qs.filter(doc_kind=DocKind.NORMATIVE), year),
        "license": _decisions(qs, year, DecisionKind.LICENSE),
        "penalty": _decisions(qs, year, DecisionKind.PENALTY),
        "enforcement": _decisions(qs, year, DecisionKind.ENFORCEMENT),
    }


def compute_figures(*, year: int, department_id: int | None) -> dict[str, Any]:
    return {
        "year": year,
        "department_id": department_id,
        "active": active_figures(year=year, department_id=department_id),
        "requests": request_figures(year=year, department_id=department_id),
    }


def review_table(raw: Any) -> dict[str, dict[str, int]]:
    """Part 4 with totals; anything missing or not a whole number counts as 0."""
    table = {}
    raw = raw if isinstance(raw, dict) else {}
    for block in REVIEW_BLOCKS:
        values = raw.get(block) if isinstance(raw.get(block), dict) else {}
        row = {}
        for key in REVIEW_KEYS:
            try:
                row[key] = max(0, int(values.get(key, 0)))
            except (TypeError, ValueError):
                row[key] = 0
        row["total"] = sum(row.values())
        table[block] = row
    return table


def report_figures(report: AnnualReport) -> dict[str, Any]:
    """Frozen figures of a published report; live ones of a draft."""
    if report.is_published and report.figures:
        return report.figures
    return compute_figures(year=report.year, department_id=report.department_id)


def failed_checks(figures: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in figures["requests"]["checks"] if not c["ok"]]


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status="published").select_related("department")


def column_labels() -> list[str]:
    labels = dict(ApplicantType.choices)
    return [str(labels[c]) for c in COLUMNS[:-1]] + [gettext("总计")]


def rows_for(figures: dict[str, Any]) -> Iterable[tuple[str, str, dict[str, int] | None]]:
    """Part 3 in the national table's order: (kind, label, values); kind "head" rows have no
    values of their own (the outcome group headings)."""
    req = figures["requests"]
    yield ("row", gettext("一、本年新收政府信息公开申请数量"), req["new"])
    yield ("row", gettext("二、上年结转政府信息公开申请数量"), req["carried_in"])
    yield ("head", gettext("三、本年度办理结果"), None)
    for group in outcomes.GROUPS:
        members = outcomes.outcomes_in(group.code)
        if len(members) == 1 and members[0].code == group.code:
            yield ("row", str(group.label), req["results"][group.code])
            continue
        yield ("head", str(group.label), None)
        for outcome in members:
            yield ("sub", str(outcome.label), req["results"][outcome.code])
    yield ("row", gettext("（七）总计"), req["results_total"])
    yield ("row", gettext("四、结转下年度继续办理"), req["carried_out"])
