"""Writing and publishing the annual report (政府信息公开工作年度报告).

A department admin opens the report of a year for their department (a platform admin also the
whole government's, ``department=None``), edits the narrative parts, the fee amount and the
review/litigation table, and publishes it. Publication freezes the computed figures; a report
whose 新收 + 上年结转 = 办理结果总计 + 结转下年度 check fails cannot be published.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.disclosure.models.reports import AnnualReport, ReportStatus
from yiwang.disclosure.permissions_requests import REPORT_MANAGE
from yiwang.disclosure.selectors import reports as selectors
from yiwang.org.models import Department
from yiwang.org.permissions import is_platform_admin, require

MAX_NARRATIVE = 20000
MIN_YEAR, MAX_YEAR = 2008, 2100  # the first regulation took effect on 2008-05-01


def _invalid(field: str, message: Any, code: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(field, message, code)])


def _authorise(actor: Any, department: Department | None) -> None:
    if department is None:
        if not is_platform_admin(actor):
            raise PermissionDenied(_("只有平台管理员可以编制全市政府的年度报告"))
        return
    require(actor, REPORT_MANAGE, department)


def default_title(year: int, department: Department | None) -> str:
    who = department.name if department else gettext("全市政府")
    return gettext("{who}{year}年政府信息公开工作年度报告").format(who=who, year=year)


def report_open(*, actor: Any, year: Any, department: Department | None) -> AnnualReport:
    """The draft of a year (created on first use); the same report when it exists."""
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        year = 0
    if not MIN_YEAR <= year <= timezone.localdate().year:
        raise _invalid("year", _("年度无效"), "year_range")
    _authorise(actor, department)
    existing = AnnualReport.objects.filter(year=year, department=department).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                year=year,
                department=department,
                title=default_title(year, department),
                created_by=actor,
            )
            audit_record(
                action="disclosure.report.create",
                target=report,
                summary=report.title,
                actor=actor,
                department_id=department.pk if department else None,
            )
    except IntegrityError:  # opened at the same moment by someone else
        return AnnualReport.objects.get(year=year, department=department)
    return report


def _number(value: Any, field: str) -> int:
    text = str(value if value is not None else "").strip() or "0"
    try:
        number = int(text)
    except ValueError:
        raise _invalid(field, _("请填写非负整数"), "not_integer") from None
    if not 0 <= number <= 10_000_000:
        raise _invalid(field, _("请填写非负整数"), "range")
    return number


def report_update(
    *,
    actor: Any,
    report: AnnualReport,
    expected_version: int | None,
    title: str,
    overview: str,
    problems: str,
    other_matters: str,
    fee_amount: Any,
    review_litigation: dict[str, dict[str, Any]],
) -> AnnualReport:
    _authorise(actor, report.department)
    errors: list[FieldError] = []
    title = str(title or "").strip()
    if not title:
        errors.append(FieldError("title", _("请填写标题"), "required"))
    elif len(title) > 200:
        errors.append(FieldError("title", _("标题不能超过 200 个字符"), "too_long"))
    texts = {"overview": overview, "problems": problems, "other_matters": other_matters}
    for name, value in texts.items():
        if len(str(value or "")) > MAX_NARRATIVE:
            errors.append(FieldError(name, _("内容不能超过 20000 个字符"), "too_long"))
    try:
        fee = Decimal(str(fee_amount if fee_amount not in (None, "") else "0").strip())
        if not fee.is_finite() or fee < 0 or fee >= Decimal("100000000"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(FieldError("fee_amount", _("收费金额应为不小于 0 的数字（万元）"), "fee"))
        fee = Decimal(0)
    table: dict[str, dict[str, int]] = {}
    for block in selectors.REVIEW_BLOCKS:
        values = (review_litigation or {}).get(block) or {}
        table[block] = {}
        for key in selectors.REVIEW_KEYS:
            try:
                table[block][key] = _number(values.get(key), f"{block}_{key}")
            except InvalidInput as exc:
                errors.extend(exc.field_errors)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        obj = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and obj.version != expected_version:
            raise Conflict(_("报告已被他人修改，请刷新页面后重试"))
        if obj.is_published:
            raise Conflict(_("报告已发布，不能再修改"))
        obj.title = title
        obj.overview = str(overview or "").strip()
        obj.problems = str(problems or "").strip()
        obj.other_matters = str(other_matters or "").strip()
        obj.fee_amount = fee.quantize(Decimal("0.0001"))
        obj.review_litigation = table
        obj.version += 1
        obj.save()
        audit_record(
            action="disclosure.report.update",
            target=obj,
            summary=obj.title,
            actor=actor,
            department_id=obj.department_id,
        )
    return obj


def report_publish(
    *, actor: Any, report: AnnualReport, expected_version: int | None = None
) -> AnnualReport:
    _authorise(actor, report.department)
    with transaction.atomic():
        obj = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and obj.version != expected_version:
            raise Conflict(_("报告已被他人修改，请刷新页面后重试"))
        if obj.is_published:
            raise Conflict(_("报告已发布"))
        if not obj.overview.strip():
            raise _invalid("overview", _("请先填写“总体情况”再发布"), "required")
        figures = selectors.compute_figures(year=obj.year, department_id=obj.department_id)
        failed = selectors.failed_checks(figures)
        if failed:
            raise _invalid(
                "figures",
                _(
                    "申请数量校验未通过（新收 + 上年结转 ≠ 办理结果总计 + 结转下年度），"
                    "请核实后再发布"
                ),
                "check_failed",
            )
        obj.figures = figures
        obj.status = ReportStatus.PUBLISHED
        obj.published_at = timezone.now()
        obj.published_by = actor
        obj.version += 1
        obj.save()
        audit_record(
            action="disclosure.report.publish",
            target=obj,
            summary=obj.title,
            actor=actor,
            department_id=obj.department_id,
        )
    return obj
