"""好差评 of an application: one rating per application (一事一评) once it has a result, on
the five levels shared with 12345 (``yiwang.core.rating``). A bad review (不满意/非常不满意)
goes back to the lead department, which reports its rectification within 5 working days."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import User
from yiwang.approvals.models import Application, ApplicationRating, ApplicationStatus
from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.core.rating import BAD_RATING_RECTIFY_DAYS, RatingLevel, is_bad
from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.org.models import Role
from yiwang.org.permissions import can, register_action, require
from yiwang.workcal import workdays

RATABLE = (ApplicationStatus.COMPLETED, ApplicationStatus.NOT_ACCEPTED)
MAX_COMMENT = 500

RECTIFY = register_action(
    "approvals.rating.rectify",
    roles=[Role.HANDLER, Role.DEPARTMENT_ADMIN],
    description="办件差评整改",
)
BAD_RATING_EVENT = "approvals.bad_rating"
register_event(
    BAD_RATING_EVENT,
    title=_("办件差评待整改：{{ number }}"),
    body=_(
        "办件 {{ number }}（{{ title }}）收到“{{ level }}”评价：{{ comment }}。"
        "请于 {{ deadline }} 前完成整改并反馈。"
    ),
    description=_("办件收到差评后告知牵头部门整改"),
)


def _end_of_working_day(day) -> datetime:
    periods = workdays.working_periods()
    close: time = periods[-1][1] if periods else time(17, 30)
    return timezone.make_aware(datetime.combine(day, close), timezone.get_default_timezone())


def department_staff(department: Any):
    """Who hears about a bad review: the department's handlers and its administrators."""
    return User.objects.filter(
        is_active=True,
        memberships__department=department,
        memberships__is_active=True,
        memberships__grants__role__in=[Role.HANDLER, Role.DEPARTMENT_ADMIN],
    ).distinct()


def application_rate(
    *, actor: Any, application: Application, level: Any, comment: str = "", tracked: bool = False
) -> ApplicationRating:
    """Rate an application with a result. The applicant (or, on the public progress page, the
    person who proved the applicant's phone: ``tracked=True``) rates once."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    comment = (comment or "").strip()
    errors = []
    if level not in RatingLevel.values:
        errors.append(FieldError("level", _("请选择评价等级"), "invalid_choice"))
    if len(comment) > MAX_COMMENT:
        errors.append(FieldError("comment", _("评价内容不能超过 500 字"), "max_length"))
    if is_bad(level) and level in RatingLevel.values and not comment:
        errors.append(FieldError("comment", _("请说明不满意的原因，以便整改"), "required"))
    if errors:
        raise InvalidInput(field_errors=errors)
    signed_in = getattr(actor, "is_authenticated", False)
    if not tracked and not (signed_in and actor.pk == application.applicant_id):
        raise PermissionDenied()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("department")
            .get(pk=application.pk)
        )
        if locked.status not in RATABLE:
            raise Conflict(_("办件办结后才能评价"), code="not-finished")
        if ApplicationRating.objects.filter(application=locked).exists():
            raise Conflict(_("本办件已评价"), code="already-rated")
        bad = is_bad(level)
        deadline = None
        if bad:
            day = workdays.add_working_days(timezone.localdate(), BAD_RATING_RECTIFY_DAYS)
            deadline = _end_of_working_day(day)
        try:
            with transaction.atomic():
                rating = ApplicationRating.objects.create(
                    application=locked, level=level, comment=comment,
                    rated_by=actor if signed_in else None, department=locked.department,
                    is_bad=bad, rectify_deadline=deadline,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(_("本办件已评价"), code="already-rated") from None
        audit_record(
            action="approvals.application.rate", target=locked,
            actor=actor if signed_in else None, department_id=locked.department_id,
            changes={"rating": [None, level]},
            summary=f"{locked.number} 评价：{RatingLevel(level).label}",
        )  # fmt: skip
        if bad:
            local_deadline = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
            for person in department_staff(locked.department):
                notify_user(
                    user=person, event=BAD_RATING_EVENT,
                    context={"number": locked.number, "title": locked.title,
                             "level": str(RatingLevel(level).label), "comment": comment,
                             "deadline": local_deadline},
                    url=_staff_url(locked),
                )  # fmt: skip
    return rating


def _staff_url(application: Application) -> str:
    try:
        return reverse("approvals:staff_application", args=[application.number])
    except Exception:  # the workbench page is A1's; until it exists the inbox entry has no link
        return ""


def rating_rectify(*, actor: Any, rating: ApplicationRating, note: str) -> ApplicationRating:
    """差评整改: the department reports what it did; on time or not against the deadline."""
    note = (note or "").strip()
    if not note or len(note) > 2000:
        raise InvalidInput(
            field_errors=[FieldError("note", _("请填写整改情况（不超过 2000 字）"), "required")]
        )
    require(actor, RECTIFY.name, rating)
    with transaction.atomic():
        locked = ApplicationRating.objects.select_for_update().get(pk=rating.pk)
        if not locked.is_bad:
            raise Conflict(_("只有差评需要整改"), code="not-bad")
        if locked.rectified_at is not None:
            raise Conflict(_("该差评已整改"), code="already-rectified")
        locked.rectified_at, locked.rectify_note = timezone.now(), note
        locked.save(update_fields=["rectified_at", "rectify_note"])
        on_time = locked.rectify_deadline is None or locked.rectified_at <= locked.rectify_deadline
        audit_record(
            action="approvals.rating.rectify", target=locked, actor=actor,
            department_id=locked.department_id,
            summary="差评整改" + ("（按时）" if on_time else "（超期）"),
        )  # fmt: skip
    return locked


def may_rectify(user: Any, rating: ApplicationRating) -> bool:
    return rating.is_bad and rating.rectified_at is None and can(user, RECTIFY.name, rating)
