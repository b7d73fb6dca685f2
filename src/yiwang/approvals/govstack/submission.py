"""From a GovStack application file to what application_submit takes: the applicant named
by ``applicantId`` and the material choices made of ``documentUrls`` (plus the certificates
and shared data the platform already holds, chosen as the portal pre-selects them)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from yiwang.approvals.govstack.ids import ServiceRef
from yiwang.approvals.models import MaterialFile
from yiwang.approvals.selectors.applicant import material_needs, material_offers
from yiwang.core.errors import FieldError, InvalidInput

_DOCUMENT = re.compile(r"(?:/apply/materials/(\d+)/?(?:\?.*)?$|^document:(\d+)$)")


def resolve_applicant(value: Any, *, caller: Any) -> Any:
    """``applicantId``: a user's id or username; the caller itself when it names itself."""
    from yiwang.accounts.models import User

    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidInput(field_errors=[FieldError("applicantId", _("此字段为必填项"), "missing")])
    if text in (str(caller.pk), caller.username):
        return caller
    query = User.objects.filter(is_active=True).exclude(kind__in=("staff", "system"))
    applicant = (
        query.filter(pk=int(text)) if text.isdigit() else query.filter(username=text)
    ).first()
    if applicant is None:
        raise InvalidInput(field_errors=[FieldError("applicantId", _("申请人不存在"), "unknown")])
    return applicant


def _document_ids(urls: Any) -> list[tuple[int, int]]:
    if urls is None:
        return []
    if not isinstance(urls, list):
        raise InvalidInput(field_errors=[FieldError("documentUrls", _("应为列表"), "list_type")])
    found = []
    for index, url in enumerate(urls):
        match = _DOCUMENT.search(str(url or "").strip())
        if match is None:
            message = _("不是本平台上传文件返回的地址")
            raise InvalidInput(
                field_errors=[FieldError(f"documentUrls.{index}", message, "unknown")]
            )
        found.append((index, int(match.group(1) or match.group(2))))
    return found


def material_choices(ref: ServiceRef, applicant: Any, urls: Any) -> dict[str, str]:
    """{material code: choice}: each document goes to the material it was uploaded for
    (by code, else by name); every other material gets the portal's default choice."""
    item = ref.target if ref.kind == "item" else None
    bundle = ref.target if ref.kind == "bundle" else None
    needs = material_needs(item=item, bundle=bundle)
    choices = {o.need.code: o.default for o in material_offers(user=applicant, needs=needs)
               if o.default}  # fmt: skip
    documents = _document_ids(urls)
    files = MaterialFile.objects.in_bulk([pk for _i, pk in documents])
    for index, pk in documents:
        material = files.get(pk)
        if material is None or material.owner_id != applicant.pk or material.removed_at:
            raise InvalidInput(field_errors=[FieldError(
                f"documentUrls.{index}", _("文件不存在或不属于申请人"), "unknown")])  # fmt: skip
        need = next((n for n in needs if n.code == material.material_code), None) or next(
            (n for n in needs if n.name and n.name == material.material_name), None
        )
        if need is None:
            raise InvalidInput(field_errors=[FieldError(
                f"documentUrls.{index}", _("文件不对应本事项的申请材料，请注明材料编码"),
                "unmatched")])  # fmt: skip
        choices[need.code] = f"file:{material.pk}"
    return choices
