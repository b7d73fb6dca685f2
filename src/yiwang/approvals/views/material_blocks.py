"""The material part of the apply and correction pages: files chosen in the form go into the
applicant's library, each material's choices as radio options, and the page's error summary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yiwang.approvals.forms import error_summary
from yiwang.approvals.services.materials import material_upload
from yiwang.core.errors import FieldError, InvalidInput

MAX_UPLOAD = 20 * 1024 * 1024


def uploads_to_library(request, needs, applicant, errors: list[FieldError]) -> dict[str, str]:
    """Files chosen in the form go into the applicant's library first (materials once: a
    file stays there even when the form still has errors)."""
    chosen: dict[str, str] = {}
    for need in needs:
        upload = request.FILES.get(f"upload.{need.code}")
        if upload is None:
            continue
        field = f"materials.{need.code}"
        if upload.size > MAX_UPLOAD:
            errors.append(FieldError(field, _("文件不能超过 20 MB"), "too_large"))
            continue
        try:
            material = material_upload(
                actor=request.user, owner=applicant, name=upload.name, content=upload.read(),
                material_code=need.code, material_name=need.name, field=field,
            )  # fmt: skip
        except InvalidInput as exc:
            errors.extend(exc.field_errors)
        else:
            chosen[need.code] = f"file:{material.pk}"
    return chosen


def material_block(offer: Any, chosen: dict[str, str], errors: dict[str, str]) -> dict:
    """One material's choices as radio options: certificates, shared data, library files."""
    need = offer.need
    selected = chosen.get(need.code, offer.default) if chosen else offer.default
    options = []
    for cert in offer.certificates:
        label = _("使用电子证照：%(title)s（%(number)s，%(department)s）") % {
            "title": cert.title,
            "number": cert.number,
            "department": cert.department.name,
        }
        options.append((f"certificate:{cert.pk}", f"c{cert.pk}", label))
    if need.shared_data:
        label = _("由共享数据获取（%(source)s），无需上传") % {"source": need.shared_data}
        options.append(("shared_data", "shared", label))
    for file in offer.files:
        label = _("材料库：%(name)s（%(date)s 上传）") % {
            "name": file.name,
            "date": file.created_at.strftime("%Y-%m-%d"),
        }
        options.append((f"file:{file.pk}", f"f{file.pk}", label))
    if not need.required:
        options.append(("", "none", _("暂不提供")))
    return {
        "need": need,
        "error": errors.get(f"materials.{need.code}", ""),
        "options": [
            {"value": value, "id": f"m-{need.code}-{suffix}", "label": label,
             "checked": value == selected}
            for value, suffix, label in options
        ],
    }  # fmt: skip


def page_error_summary(schema: dict, needs, errors: list[FieldError]) -> list[dict[str, str]]:
    names = {f"materials.{n.code}": n.name for n in needs}
    rows = []
    for entry in error_summary(schema, errors):
        if entry["field"] in names:
            code = entry["field"].split(".", 1)[1]
            entry = {**entry, "label": names[entry["field"]], "anchor": f"#material-{code}"}
        elif entry["field"].startswith("agent") or entry["field"] == "applicant":
            entry = {**entry, "label": _("代办"), "anchor": "#agent"}
        rows.append(entry)
    return rows
