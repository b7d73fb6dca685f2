"""Annual report pages: the workbench (open a year's report, edit, check, publish, export)
and the public list and page of published reports (HTML, DOCX, PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.errors import Conflict, InvalidInput
from yiwang.core.errors import PermissionDenied as DomainDenied
from yiwang.disclosure.forms_reports import OpenReportForm, ReportForm
from yiwang.disclosure.models.reports import AnnualReport
from yiwang.disclosure.permissions_requests import REPORT_MANAGE
from yiwang.disclosure.selectors import reports as selectors
from yiwang.disclosure.services import reports as services
from yiwang.disclosure.services import reports_export as export
from yiwang.org.models import Department
from yiwang.org.permissions import can, is_platform_admin, scope_queryset
from yiwang.workbench.decorators import staff_required

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _context(report: AnnualReport) -> dict:
    figures = selectors.report_figures(report)
    labels = dict(zip(selectors.COLUMNS, selectors.column_labels(), strict=True))
    return {
        "report": report,
        "figures": figures,
        "titles": export.section_titles(),
        "active_tables": export.active_tables(report, figures),
        "request_table": export.request_table(figures),
        "review_table": export.review_table(report),
        "failed": [{**c, "label": labels[c["column"]]} for c in selectors.failed_checks(figures)],
    }


def _download(report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    data = export.report_pdf(report) if fmt == "pdf" else export.report_docx(report)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="annual-report-{report.year}.{fmt}"'
    return response


# --- public ----------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.published_reports().order_by("-year", "department__path")
    return render(request, "disclosure/reports/public_list.html", {"reports": reports})


def _published_or_404(pk: int) -> AnnualReport:
    found = selectors.published_reports().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _published_or_404(pk)
    return render(request, "disclosure/reports/public_detail.html", _context(report))


@require_GET
def public_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return _download(_published_or_404(pk), fmt)


# --- workbench -------------------------------------------------------------------------------


def _manageable_departments(user):
    departments = Department.objects.filter(is_active=True).order_by("path")
    return scope_queryset(user, REPORT_MANAGE, departments, department_field="self")


def _reports_for(user):
    qs = AnnualReport.objects.select_related("department").order_by("-year", "pk")
    if is_platform_admin(user):
        return qs
    return qs.filter(department__in=_manageable_departments(user))


@staff_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, REPORT_MANAGE):
        raise PermissionDenied
    whole = is_platform_admin(request.user)
    departments = list(_manageable_departments(request.user))
    form = OpenReportForm(request.POST or None, departments=departments, whole=whole)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            choice = form.cleaned_data["department"]
            department = next((d for d in departments if str(d.pk) == choice), None)
            try:
                report = services.report_open(
                    actor=request.user, year=form.cleaned_data["year"], department=department
                )
            except InvalidInput as exc:
                for error in exc.field_errors:
                    form.add_error("year" if error.field == "year" else None, str(error.message))
            except DomainDenied as exc:
                form.add_error(None, str(exc.detail))
            else:
                return redirect("disclosure:report_staff_edit", pk=report.pk)
        status = 400
    context = {"form": form, "reports": _reports_for(request.user)}
    return render(request, "disclosure/reports/staff_list.html", context, status=status)


def _staff_report(request: HttpRequest, pk: int) -> AnnualReport:
    found = _reports_for(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    status = 200
    if request.method == "POST" and not report.is_published:
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_update(
                    actor=request.user,
                    report=report,
                    expected_version=_version(request),
                    title=form.cleaned_data["title"],
                    overview=form.cleaned_data["overview"],
                    problems=form.cleaned_data["problems"],
                    other_matters=form.cleaned_data["other_matters"],
                    fee_amount=form.cleaned_data["fee_amount"],
                    review_litigation=form.review_data(),
                )
            except InvalidInput as exc:
                form.add_service_errors(exc)
            except (Conflict, DomainDenied) as exc:
                messages.error(request, str(exc.detail))
                return redirect("disclosure:report_staff_edit", pk=report.pk)
            else:
                messages.success(request, _("已保存"))
                return redirect("disclosure:report_staff_edit", pk=report.pk)
        status = 400
    else:
        form = ReportForm(initial=ReportForm.initial_for(report))
    context = {**_context(report), "form": form}
    return render(request, "disclosure/reports/staff_edit.html", context, status=status)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@staff_required
@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    try:
        services.report_publish(
            actor=request.user, report=report, expected_version=_version(request)
        )
    except (InvalidInput, Conflict, DomainDenied) as exc:
        detail = exc.field_errors[0].message if getattr(exc, "field_errors", None) else exc.detail
        messages.error(request, str(detail))
    else:
        messages.success(request, _("年度报告已发布"))
    return redirect("disclosure:report_staff_edit", pk=report.pk)


@staff_required
@require_GET
def staff_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return _download(_staff_report(request, pk), fmt)
