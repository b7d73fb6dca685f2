"""The calendar page of the staff workbench: months, years' status, and the admin forms."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.errors import Conflict, InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required
from yiwang.workcal import exports, selectors, services, workdays
from yiwang.workcal.forms import (
    DaySetForm,
    ImportForm,
    ScheduleForm,
    YearCompleteForm,
)
from yiwang.workcal.imports import ImportRejected
from yiwang.workcal.services import MAX_YEAR, MIN_YEAR

VIEW, MANAGE = "workcal.view", "workcal.manage"


def _allow(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied


def _int(value, lo: int, hi: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def _page_url(year: int, month: int | None = None) -> str:
    query = f"?year={year}" + (f"&month={month}" if month else "")
    return reverse("workcal:calendar") + query


def _context(request, *, year: int, month: int | None, **forms) -> dict:
    today = timezone.localdate()
    schedule = selectors.active_schedule()
    can_manage = can(request.user, MANAGE)
    months = [month] if month else list(range(1, 13))
    years = selectors.years_overview(extra_years=(year,))
    context = {
        "year": year,
        "month": month,
        "today": today,
        "months": [
            {
                "month": m,
                "label": date_format(date(year, m, 1), "YEAR_MONTH_FORMAT"),
                "weeks": selectors.month_grid(year=year, month=m),
            }
            for m in months
        ],
        "weekdays": [
            (_("一"), _("星期一")),
            (_("二"), _("星期二")),
            (_("三"), _("星期三")),
            (_("四"), _("星期四")),
            (_("五"), _("星期五")),
            (_("六"), _("星期六")),
            (_("日"), _("星期日")),
        ],
        "status": workdays.year_status(year),
        "years": years,
        "missing_years": [str(y.year) for y in years if y.is_fallback and y.year >= today.year],
        "special_days": [
            d for d in selectors.special_days(year=year) if not month or d.date.month == month
        ],
        "schedule": schedule,
        "can_manage": can_manage,
        "prev_url": _page_url(*((year, month - 1) if month and month > 1 else (year - 1, 12)))
        if month
        else _page_url(year - 1),
        "next_url": _page_url(*((year, month + 1) if month and month < 12 else (year + 1, 1)))
        if month
        else _page_url(year + 1),
        "year_url": _page_url(year),
        "month_choices": range(1, 13),
    }
    if can_manage:
        context["day_form"] = forms.get("day_form") or DaySetForm()
        context["import_form"] = forms.get("import_form") or ImportForm(initial={"year": year})
        context["schedule_form"] = forms.get("schedule_form") or ScheduleForm(
            initial={
                "morning_start": schedule.morning_start,
                "morning_end": schedule.morning_end,
                "afternoon_start": schedule.afternoon_start,
                "afternoon_end": schedule.afternoon_end,
                "version": schedule.version,
            }
        )
        context["import_errors"] = forms.get("import_errors") or []
    return context


def _render(request, *, year: int, month: int | None = None, **forms):
    # Form errors re-render the page with 200, as everywhere in the web shell.
    return render(
        request, "workcal/calendar.html", _context(request, year=year, month=month, **forms)
    )


@staff_required
@require_GET
def calendar_page(request):
    _allow(request.user, VIEW)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), MIN_YEAR, MAX_YEAR) or today.year
    month = _int(request.GET.get("month"), 1, 12)
    return _render(request, year=year, month=month)


def _return_year(request) -> int:
    return _int(request.POST.get("return_year"), MIN_YEAR, MAX_YEAR) or timezone.localdate().year


@staff_required
@require_POST
def day_set(request):
    _allow(request.user, MANAGE)
    form = DaySetForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            services.day_set(
                actor=request.user,
                day=day,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            info = workdays.day_info(day)
            messages.success(
                request,
                _("已保存：%(date)s 现在是%(state)s。")
                % {
                    "date": day.isoformat(),
                    "state": _("工作日") if info.is_working_day else _("休息日"),
                },
            )
            return redirect(_page_url(day.year, day.month))
    return _render(request, year=_return_year(request), day_form=form)


@staff_required
@require_POST
def year_import(request):
    _allow(request.user, MANAGE)
    form = ImportForm(request.POST, request.FILES)
    row_errors = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.year_import(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                year=form.cleaned_data["year"],
            )
        except ImportRejected as exc:
            row_errors = [e.as_dict() for e in exc.row_errors]
            form.add_error("file", str(exc.detail))
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已导入 %(year)s 年：%(holidays)s 个节假日，%(workdays)s 个调休上班日。")
                % {"year": result.year, "holidays": result.holidays, "workdays": result.workdays},
            )
            return redirect(_page_url(result.year))
    return _render(
        request,
        year=_return_year(request),
        import_form=form,
        import_errors=row_errors,
    )


@staff_required
@require_POST
def schedule_update(request):
    _allow(request.user, MANAGE)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_update(
                actor=request.user,
                morning_start=data["morning_start"],
                morning_end=data["morning_end"],
                afternoon_start=data["afternoon_start"],
                afternoon_end=data["afternoon_end"],
                version=data["version"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("工作时间已保存。"))
            return redirect(_page_url(_return_year(request)))
    return _render(request, year=_return_year(request), schedule_form=form)


@staff_required
@require_POST
def year_complete(request):
    _allow(request.user, MANAGE)
    form = YearCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("年份无效。"))
        return redirect(_page_url(_return_year(request)))
    year, complete = form.cleaned_data["year"], form.cleaned_data["complete"]
    services.year_mark_complete(actor=request.user, year=year, complete=complete)
    messages.success(
        request,
        _("%(year)s 年已标记为节假日数据完整。") % {"year": year}
        if complete
        else _("%(year)s 年已改为按周末推算。") % {"year": year},
    )
    return redirect(_page_url(year))


@staff_required
@require_GET
def export(request, year: int):
    _allow(request.user, VIEW)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.export_xlsx(year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="workcal-{year}.xlsx"'
        return response
    response = HttpResponse(exports.export_csv(year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workcal-{year}.csv"'
    return response
