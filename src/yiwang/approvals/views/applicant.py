"""Applying for an item or a bundle on one page (one form, materials with reuse, 代办), the
applicant's own applications with their timeline and rating, and the material library."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.models import User
from yiwang.approvals.forms import (
    data_from_post,
    render_fields,
    row_action,
    validate,
)
from yiwang.approvals.forms.schema import field_title
from yiwang.approvals.models import ApplicationMaterial, ApplicationRating
from yiwang.approvals.permissions import APPLY_AS_AGENT
from yiwang.approvals.selectors.applicant import (
    application_timeline,
    material_needs,
    material_offers,
    my_application,
    my_applications,
)
from yiwang.approvals.services.materials import (
    materials_check,
    reuse_counts,
)
from yiwang.approvals.services.rating import RATABLE, application_rate
from yiwang.approvals.views.common import private
from yiwang.approvals.views.forms import AgentForm, RatingForm
from yiwang.approvals.views.material_blocks import (
    material_block,
    page_error_summary,
    uploads_to_library,
)
from yiwang.core import pii
from yiwang.core.errors import Conflict, FieldError, InvalidInput, NotFound
from yiwang.core.forms import add_service_errors
from yiwang.org.permissions import can


def _target(kind: str, code: str) -> tuple[Any, Any]:
    from yiwang.catalog.selectors import bundle_get, item_get

    try:
        if kind == "bundle":
            return None, bundle_get(code=code)
        return item_get(code=code), None
    except NotFound:
        raise Http404 from None


def _offered(target: Any) -> bool:
    offered = getattr(target, "is_offered", None)
    return offered() if callable(offered) else getattr(target, "status", "") == "active"


def _find_applicant(value: str) -> User | None:
    value = (value or "").strip()
    if not value:
        return None
    query = Q(username=value)
    if value.isdigit() and len(value) == 11:
        query |= Q(phone_index=pii.blind_index(value, purpose="phone"))
    return User.objects.filter(query, is_active=True).exclude(kind="staff").first()


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    item, bundle = _target(kind, code)
    target = item or bundle
    schema = target.form_schema or {}
    agent_mode = getattr(request.user, "kind", "") == "staff" and can(request.user, APPLY_AS_AGENT)
    agent_form = AgentForm(request.POST or None) if agent_mode else None
    applicant = request.user
    if agent_mode:
        applicant = _find_applicant(request.POST.get("applicant") or request.GET.get("for", ""))
    needs = material_needs(item=item, bundle=bundle)
    data: dict = {}
    errors: list[FieldError] = []
    chosen: dict[str, str] = {}
    status = 200
    if request.method == "POST" and _offered(target):
        data = data_from_post(schema, request.POST)
        changed = row_action(data, request.POST)
        if changed is not None:
            data = changed
        else:
            if agent_mode and (applicant is None or not agent_form.is_valid()):
                if applicant is None:
                    errors.append(FieldError("applicant", _("找不到该申请人账号"), "not_found"))
                for name, field_errors in (agent_form.errors or {}).items():
                    errors.extend(FieldError(f"agent.{name}", e, "invalid") for e in field_errors)
            if applicant is not None:
                chosen = uploads_to_library(request, needs, applicant, errors)
                for need in needs:
                    chosen.setdefault(need.code, request.POST.get(f"material.{need.code}", ""))
            try:
                validate(schema, data)
            except InvalidInput as exc:
                errors.extend(exc.field_errors)
            if applicant is not None:
                try:
                    materials_check(applicant=applicant, item=item, bundle=bundle,
                                    choices={k: v for k, v in chosen.items() if v})  # fmt: skip
                except InvalidInput as exc:
                    errors.extend(exc.field_errors)
            if not errors:
                outcome = _submit(request, item, bundle, data, chosen, agent_form, applicant)
                if isinstance(outcome, HttpResponse):
                    return outcome
                errors.extend(outcome)
            status = 400
    field_errors = {e.field: str(e.message) for e in errors}
    offers = material_offers(user=applicant, needs=needs) if applicant is not None else []
    blocks = [material_block(offer, chosen, field_errors) for offer in offers]
    context = {
        "item": item, "bundle": bundle, "target": target, "kind": kind,
        "offered": _offered(target), "fields": render_fields(schema, data, errors),
        "blocks": blocks,
        "summary": page_error_summary(schema, needs, errors),
        "agent_mode": agent_mode, "agent_form": agent_form, "applicant": applicant,
        "applicant_missing": agent_mode and applicant is None,
    }  # fmt: skip
    return private(render(request, "approvals/applicant/apply.html", context, status=status))


def _submit(request, item, bundle, data, chosen, agent_form, applicant):
    from yiwang.approvals.services.applications import application_submit

    consent = None
    if agent_form is not None:
        consent = {
            "method": agent_form.cleaned_data["consent_method"],
            "reference": agent_form.cleaned_data["consent_reference"],
        }
    try:
        application = application_submit(
            actor=request.user, item=item, bundle=bundle, form_data=data,
            materials={k: v for k, v in chosen.items() if v}, agent_consent=consent,
            applicant=applicant if applicant.pk != request.user.pk else None,
        )  # fmt: skip
    except InvalidInput as exc:
        return exc.field_errors or [FieldError("__all__", exc.detail, exc.code)]
    except Conflict as exc:
        return [FieldError("__all__", exc.detail, exc.code)]
    counts = reuse_counts(application.materials.all())
    if application.applicant_id != request.user.pk:
        context = {"application": application, "counts": counts}
        return private(render(request, "approvals/applicant/submitted.html", context))
    messages.success(
        request,
        _("申请已提交，办件编号 %(number)s。复用材料 %(reused)s 份，新上传 %(uploaded)s 份。")
        % {"number": application.number, "reused": counts.reused, "uploaded": counts.uploaded},
    )
    return redirect("approvals:my_application", number=application.number)


# --- my applications ------------------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_applications(user=request.user), 20).get_page(request.GET.get("page"))
    return private(render(request, "approvals/applicant/mine.html", {"page": page}))


def form_summary(schema: dict, data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """The answers as (label, text) rows in form order, for reading back."""
    rows: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            rows += form_summary(schema, value, f"{prefix}{key}.")
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for index, value in enumerate(data):
            rows += form_summary(schema, value, f"{prefix}{index}.")
    else:
        path = prefix.rstrip(".")
        text = "、".join(map(str, data)) if isinstance(data, list) else data
        if isinstance(data, bool):
            text = _("是") if data else _("否")
        rows.append((field_title(schema, path) if schema else path, str(text)))
    return rows


def _detail_context(application, *, public: bool) -> dict[str, Any]:
    rating = ApplicationRating.objects.filter(application=application).first()
    return {
        "application": application,
        "timeline": application_timeline(application, public=public),
        "rating": rating,
        "can_rate": rating is None and application.status in RATABLE,
        "rating_form": RatingForm(),
        "open_steps": application.tasks.filter(status="open").select_related("department"),
    }


def _mine_or_404(request: HttpRequest, number: str) -> Any:
    application = my_application(user=request.user, number=number)
    if application is None:
        raise Http404
    return application


@login_required
@require_GET
def my_application_detail(request: HttpRequest, number: str) -> HttpResponse:
    application = _mine_or_404(request, number)
    target = application.item or application.bundle
    materials = list(
        ApplicationMaterial.objects.filter(application=application)
        .select_related("material_file", "certificate")
        .order_by("pk")
    )
    context = {
        **_detail_context(application, public=False),
        "materials": materials,
        "counts": reuse_counts(materials),
        "answers": form_summary(target.form_schema if target else {}, application.form_data),
        "certificates": application.certificates.select_related("department"),
    }
    return private(render(request, "approvals/applicant/detail.html", context))


def rate_response(request, application, *, tracked: bool, template: str, extra: dict):
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            application_rate(
                actor=request.user, application=application, level=form.cleaned_data["level"],
                comment=form.cleaned_data["comment"], tracked=tracked,
            )  # fmt: skip
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, _("感谢您的评价。"))
            return None
    context = {**_detail_context(application, public=tracked), **extra, "rating_form": form}
    return private(render(request, template, context, status=400))


@login_required
@require_POST
def my_application_rate(request: HttpRequest, number: str) -> HttpResponse:
    application = _mine_or_404(request, number)
    failed = rate_response(request, application, tracked=False,
                           template="approvals/applicant/detail.html",
                           extra={"materials": [], "counts": None, "answers": []})  # fmt: skip
    return failed or redirect("approvals:my_application", number=application.number)
