"""补正 (correction): after a one-time notice (一次性告知) the applicant sees every problem the
departments listed, fixes the answers and replaces or adds materials (library reuse as on the
apply page), and resubmits once (services.applications.application_resubmit)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yiwang.approvals.forms import data_from_post, render_fields, row_action, validate
from yiwang.approvals.forms.rendering import field_paths
from yiwang.approvals.forms.schema import field_title
from yiwang.approvals.models import ApplicationMaterial, ApplicationStatus, MaterialFile
from yiwang.approvals.selectors.applicant import (
    application_to_correct,
    material_needs,
    material_offers,
)
from yiwang.approvals.services.materials import materials_check
from yiwang.approvals.views.common import private
from yiwang.approvals.views.material_blocks import (
    material_block,
    page_error_summary,
    uploads_to_library,
)
from yiwang.core.errors import Conflict, FieldError, InvalidInput


def _names_match(listed: str, name: str) -> bool:
    """A notice entry names a field or material: the same words, or one inside the other."""
    listed, name = listed.strip(), name.strip()
    if not listed or not name:
        return False
    return listed == name or (
        min(len(listed), len(name)) >= 2 and (name in listed or listed in name)
    )


def flagged_by_notice(
    schema: dict, needs: list, items: list[dict[str, Any]]
) -> tuple[list[FieldError], dict[str, str]]:
    """Which form fields and materials the notice names: field errors to show at the fields
    (the department's reason) and {material code: reason}."""
    fields = (
        [(path, str(field_title(schema, path))) for path in field_paths(schema)] if schema else []
    )
    field_errors: dict[str, FieldError] = {}
    materials: dict[str, str] = {}
    for entry in items:
        listed = str(entry.get("item", ""))
        reason = str(entry.get("reason", "")) or _("请按告知补正")
        text = _("需补正：%(reason)s") % {"reason": reason}
        for need in needs:
            if need.code == listed or _names_match(listed, need.name):
                materials.setdefault(need.code, text)
        for path, title in fields:
            if ".0." in path:
                continue  # rows of repeated groups are named by their group
            if path == listed or _names_match(listed, title):
                field_errors.setdefault(path, FieldError(path, text, "correction"))
    return list(field_errors.values()), materials


def _current_choices(application) -> tuple[dict[str, str], list[MaterialFile]]:
    """How each material is provided now, as the page's radio values, and the files used."""
    chosen: dict[str, str] = {}
    files: list[MaterialFile] = []
    rows = ApplicationMaterial.objects.filter(application=application).select_related(
        "material_file"
    )
    for row in rows:
        if row.material_file_id:
            chosen[row.item_material_code] = f"file:{row.material_file_id}"
            files.append(row.material_file)
        elif row.certificate_id:
            chosen[row.item_material_code] = f"certificate:{row.certificate_id}"
        elif row.source == "shared_data":
            chosen[row.item_material_code] = "shared_data"
    return chosen, files


def _offers(applicant, needs, current_files: list[MaterialFile]) -> list:
    """The apply page's offers, plus the files this application already uses (they stay
    choosable even when removed from the library or filed under another material)."""
    offers = material_offers(user=applicant, needs=needs)
    by_code = {offer.need.code: offer for offer in offers}
    attached = ApplicationMaterial.objects.filter(material_file__in=current_files)
    codes = {m.material_file_id: m.item_material_code for m in attached}
    for file in current_files:
        offer = by_code.get(codes.get(file.pk, ""))
        if offer is not None and all(f.pk != file.pk for f in offer.files):
            offer.files.insert(0, file)
    return offers


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, number: str) -> HttpResponse:
    application = application_to_correct(user=request.user, number=number)
    if application is None:
        raise Http404
    if application.status != ApplicationStatus.CORRECTION:
        messages.info(request, _("该办件当前无需补正。"))
        return redirect("approvals:my_application", number=application.number)
    target = application.item or application.bundle
    schema = (target.form_schema if target else None) or {}
    needs = material_needs(item=application.item, bundle=application.bundle)
    current, current_files = _current_choices(application)
    data: Any = application.form_data
    chosen = dict(current)
    errors: list[FieldError] = []
    status = 200
    if request.method == "POST":
        data = data_from_post(schema, request.POST)
        changed = row_action(data, request.POST)
        chosen = {n.code: request.POST.get(f"material.{n.code}", "") for n in needs}
        if changed is not None:
            data = changed
        else:
            outcome = _resubmit(request, application, schema, needs, data, chosen, errors)
            if outcome is not None:
                return outcome
            status = 400
            if any(e.code == "stale-version" for e in errors):
                status = 409  # show what changed meanwhile, with the fresh version
                application.refresh_from_db(fields=["version", "correction_notice", "status"])
    notice = application.correction_notice or {}
    flagged_fields, flagged_materials = flagged_by_notice(schema, needs, notice.get("items") or [])
    field_errors = {e.field: str(e.message) for e in errors}
    blocks = []
    for offer in _offers(application.applicant, needs, current_files):
        block = material_block(offer, chosen, field_errors)
        block["flag"] = flagged_materials.get(offer.need.code, "")
        blocks.append(block)
    context = {
        "application": application, "target": target, "notice": notice,
        "returns": notice.get("returns") or ([notice] if notice.get("items") else []),
        "fields": render_fields(schema, data, errors if request.method == "POST"
                                else flagged_fields),
        "blocks": blocks, "summary": page_error_summary(schema, needs, errors),
        "acting_for": application.applicant
        if application.applicant_id != request.user.pk else None,
    }  # fmt: skip
    return private(render(request, "approvals/applicant/correct.html", context, status=status))


def _resubmit(request, application, schema, needs, data, chosen, errors) -> HttpResponse | None:
    """Check everything, resubmit; the redirect on success, else None with ``errors`` filled."""
    from yiwang.approvals.services.applications import application_resubmit

    applicant = application.applicant
    chosen.update(uploads_to_library(request, needs, applicant, errors))
    try:
        validate(schema, data)
    except InvalidInput as exc:
        errors.extend(exc.field_errors)
    choices = {k: v for k, v in chosen.items() if v}
    try:
        materials_check(applicant=applicant, item=application.item, bundle=application.bundle,
                        choices=choices, application=application)  # fmt: skip
    except InvalidInput as exc:
        errors.extend(exc.field_errors)
    if errors:
        return None
    expected = request.POST.get("expected_version", "")
    if not expected.isdigit():
        errors.append(FieldError("__all__", _("页面已过期，请刷新后重试"), "stale-version"))
        return None
    try:
        application_resubmit(
            actor=request.user, application=application, expected_version=int(expected),
            form_data=data, materials=choices if needs else None,
        )  # fmt: skip
    except InvalidInput as exc:
        errors.extend(exc.field_errors or [FieldError("__all__", exc.detail, exc.code)])
        return None
    except Conflict as exc:
        if exc.code == "not-in-correction":  # resubmitted meanwhile (another tab, the agent)
            messages.info(request, _("该办件当前无需补正。"))
            return redirect("approvals:my_application", number=application.number)
        message = exc.detail
        if exc.code == "stale-version":
            message = _(
                "办件在您补正期间有了新的进展（例如另一部门补充了告知），请核对下方内容后再次提交。"
            )
        errors.append(FieldError("__all__", message, exc.code))
        return None
    messages.success(request, _("补正材料已提交，办件 %(number)s 继续办理。") % {
        "number": application.number,
    })  # fmt: skip
    return redirect("approvals:my_application", number=application.number)
