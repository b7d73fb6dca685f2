"""Submitting applications (and resubmitting after a correction notice)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.engine import runner
from yiwang.approvals.engine.state import load_state
from yiwang.approvals.models import (
    Application,
    ApplicationStatus,
    NumberCounter,
    PauseKind,
)
from yiwang.approvals.permissions import APPLY_AS_AGENT
from yiwang.approvals.services import clock, corrections, notices
from yiwang.approvals.services.definitions import current_definition, parsed
from yiwang.approvals.services.tasks import persist, sync_tasks
from yiwang.audit.services import audit_record
from yiwang.core.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    PermissionDenied,
)
from yiwang.org.permissions import require

NUMBER_PREFIX = "YW"


def next_application_number(day=None) -> str:
    """YW-20261121-000123: sequential per (local) day, safe under concurrency."""
    day = day or timezone.localdate()
    with transaction.atomic():
        if not NumberCounter.objects.filter(day=day).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    NumberCounter.objects.create(day=day, last=1)
            except IntegrityError:
                NumberCounter.objects.filter(day=day).update(last=F("last") + 1)
        last = NumberCounter.objects.values_list("last", flat=True).get(day=day)
    return f"{NUMBER_PREFIX}-{day:%Y%m%d}-{last:06d}"


def _validate_form(schema: dict | None, form_data: Any) -> dict[str, Any]:
    if not isinstance(form_data, dict):
        raise InvalidInput(field_errors=[FieldError("form_data", _("申请表应为对象"), "invalid")])
    if not schema:
        return dict(form_data)
    from yiwang.approvals.forms import validate  # A2's JSON Schema validation

    return validate(schema, form_data)


def _subject(item: Any, bundle: Any) -> tuple[Any, str, int, str]:
    """(lead department, title, limit in working days, process key) of what is applied for."""
    if (item is None) == (bundle is None):
        raise InvalidInput(
            field_errors=[FieldError("item", _("请选择一个办理事项或一件事"), "required")]
        )
    target = item or bundle
    offered = getattr(target, "is_offered", None)
    is_offered = offered() if callable(offered) else getattr(target, "status", "") == "active"
    if not is_offered:
        raise InvalidInput(field_errors=[FieldError("item", _("该事项当前不可申请"), "inactive")])
    if item is not None:
        limit = item.promised_limit_days or item.statutory_limit_days or 0
        return item.department, item.name, limit, item.process_key
    return bundle.department, bundle.name, bundle.promised_limit_days or 0, bundle.process_key


def _check_agent(actor: Any, applicant: Any, agent_consent: Mapping | None) -> Any:
    """The agent (staff acting for the applicant with recorded consent), or None."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    if applicant is None or applicant.pk == actor.pk:
        return None
    require(actor, APPLY_AS_AGENT)
    consent = dict(agent_consent or {})
    if not str(consent.get("method", "")).strip() or not str(consent.get("reference", "")).strip():
        raise InvalidInput(field_errors=[FieldError(
            "agent_consent", _("代办须记录申请人的授权方式和凭证编号"), "required")])  # fmt: skip
    return actor


def application_submit(
    *,
    actor: Any,
    item: Any = None,
    bundle: Any = None,
    form_data: dict[str, Any],
    materials: Mapping[str, Any] | None = None,
    agent_consent: Mapping[str, Any] | None = None,
    applicant: Any = None,
) -> Application:
    """Submit an application for a service item or a bundle (一件事).

    The form is validated against the item's (or bundle's 一表制) JSON Schema, the process
    definition's current version starts, and the first tasks go to their departments. Staff
    may apply for ``applicant`` (代办) with ``agent_consent`` = {"method", "reference", ...}.
    """
    agent = _check_agent(actor, applicant, agent_consent)
    applicant = applicant or actor
    department, title, limit_days, process_key = _subject(item, bundle)
    schema = (item or bundle).form_schema
    clean = _validate_form(schema, form_data)
    definition = current_definition(process_key)
    process = parsed(definition)
    now = timezone.now()
    with transaction.atomic():
        application = Application.objects.create(
            number=next_application_number(timezone.localdate(now)), item=item, bundle=bundle,
            applicant=applicant, agent=agent,
            agent_consent={**dict(agent_consent or {}), "recorded_at": now.isoformat()}
            if agent else {},
            title=title[:200], department=department, form_data=clean,
            definition=definition, submitted_at=now, limit_days=limit_days,
        )  # fmt: skip
        if materials is not None or _has_materials(item, bundle):
            from yiwang.approvals.services.materials import materials_attach  # A2

            materials_attach(actor=actor, application=application, choices=materials or {})
        try:
            workflow = runner.start(process, clean)
        except runner.EngineError as exc:
            raise Conflict(_("流程无法启动，请联系管理员"), code="engine-error") from exc
        sync_tasks(application, process, workflow, at=now)
        if not any(meta.step == "accept" for meta in process.tasks.values()):
            application.status = ApplicationStatus.IN_PROGRESS  # no 受理 step: accepted at once
            clock.clock_start(application, at=now)
        persist(application, workflow)
        application.save()
        audit_record(action="approvals.application.submit", target=application, actor=actor,
                     department_id=department.pk,
                     summary=f"{application.number} {title}"[:200])  # fmt: skip
        notices.tell_applicant(application, notices.SUBMITTED)
    return application


def _has_materials(item: Any, bundle: Any) -> bool:
    if item is not None:
        return item.materials.exists() if hasattr(item, "materials") else False
    return False if bundle is None else any(
        getattr(i, "materials", None) is not None and i.materials.exists()
        for i in bundle.items.all()
    )  # fmt: skip


def application_resubmit(
    *,
    actor: Any,
    application: Application,
    expected_version: int,
    form_data: dict[str, Any] | None = None,
    materials: Mapping[str, Any] | None = None,
) -> Application:
    """The applicant's corrected application after a 补正 notice (一次性告知).

    The clock runs again; only the tasks that returned the application open again, their
    step deadlines moved on by the working days the applicant took; decisions other
    departments made meanwhile stand (services.corrections). ``form_data`` replaces the
    answers (validated like a submission) and ``materials`` every material choice."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("item", "bundle", "applicant", "definition")
            .get(pk=application.pk)
        )
        if actor.pk not in (locked.applicant_id, locked.agent_id):
            raise PermissionDenied()
        if locked.version != expected_version:
            raise Conflict(_("办件已被他人更新，请刷新后重试"), code="stale-version")
        if locked.status != ApplicationStatus.CORRECTION:
            raise Conflict(_("办件不在待补正状态"), code="not-in-correction")
        now = timezone.now()
        changes: dict[str, list] = {"status": [locked.status, None]}
        process = parsed(locked.definition)
        workflow = load_state(locked.workflow_state, process.spec)
        if form_data is not None:
            clean = _validate_form((locked.item or locked.bundle).form_schema, form_data)
            changed = sorted(k for k in clean.keys() | locked.form_data.keys()
                             if clean.get(k) != locked.form_data.get(k))  # fmt: skip
            locked.form_data = clean
            _refresh_workflow_data(workflow, process, clean)
            changes["form_data"] = [None, changed]  # the names of the fields that changed
        if materials is not None:
            from yiwang.approvals.services.materials import materials_attach  # A2

            materials_attach(actor=actor, application=locked, choices=materials)
        paused_days = corrections.paused_working_days(locked, now)
        clock.clock_resume(locked, at=now, kind=PauseKind.CORRECTION)
        locked.paused_since = None
        locked.status = (ApplicationStatus.IN_PROGRESS if locked.accepted_at
                         else ApplicationStatus.SUBMITTED)  # fmt: skip
        reopened = corrections.reopen_waiting_tasks(
            locked, process, workflow, paused_days=paused_days
        )
        persist(locked, workflow)
        locked.version += 1
        locked.save()
        changes["status"][1] = locked.status
        changes["reopened"] = [None, [t.bpmn_id for t in reopened]]
        audit_record(action="approvals.application.resubmit", target=locked, actor=actor,
                     department_id=locked.department_id, changes=changes)  # fmt: skip
    return locked


def _refresh_workflow_data(workflow, process, clean: dict[str, Any]) -> None:
    """Corrected answers reach the open tasks, so later gateways decide on them."""
    from uuid import UUID

    fresh = runner.initial_data(clean)
    fresh.pop("decisions", None)
    for open_task in runner.open_user_tasks(workflow, process):
        workflow.get_task_from_id(UUID(open_task.spiff_task_id)).data.update(fresh)
