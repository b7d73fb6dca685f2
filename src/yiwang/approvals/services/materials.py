"""Materials once (材料一次提交、多次复用): the applicant's library, and how an application's
required materials are provided — a library file (new or reused), a platform e-certificate, or
shared data standing in.

Files are checked by content (``yiwang.search.extract.sniff_type``): PDF, JPEG, PNG, OFD and
DOCX, at most 20 MB (``YIWANG_MATERIAL_MAX_BYTES``); a name claiming another type is refused.
The same content is kept once per owner (SHA-256). "Reused" means the file already backed an
earlier application; an e-certificate or shared data also counts as a material not uploaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.models.certificates import Certificate
from yiwang.approvals.models.materials import ApplicationMaterial, MaterialFile, MaterialSource
from yiwang.approvals.selectors.applicant import MaterialNeed, material_needs
from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput, NotAuthenticated, PermissionDenied
from yiwang.org.models import Role
from yiwang.org.permissions import register_action, require
from yiwang.search.extract import ATTACHMENT_TYPES, sniff_type

MATERIAL_KINDS = ("pdf", "jpeg", "png", "ofd", "docx")
_KIND_ALIASES = {"jpg": "jpeg", "jpeg": "jpeg", "pdf": "pdf", "png": "png", "ofd": "ofd",
                 "docx": "docx", "word": "docx", "image": "jpeg"}  # fmt: skip

UPLOAD_FOR = register_action(
    "approvals.material.upload_for",
    roles=[Role.OPERATOR, Role.HANDLER, Role.DEPARTMENT_ADMIN],
    description="代办：为申请人上传材料到其材料库",
)

_interpolate = lazy(lambda message, params: str(message) % params, str)


def max_bytes() -> int:
    return int(getattr(settings, "YIWANG_MATERIAL_MAX_BYTES", 20 * 1024 * 1024))


def _extension(name: str) -> str:
    name = (name or "").strip().lower()
    return name[name.rfind(".") :] if "." in name else ""


def _clean_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c.isprintable())
    if len(name) > 150:
        ext = _extension(name)[:10]
        name = name[: 150 - len(ext)] + ext
    return name or "file"


def check_material_file(name: str, content: bytes, *, field: str = "file") -> str:
    """The file's kind (pdf, jpeg ...) when it may go into a library; else InvalidInput."""
    if not content:
        raise InvalidInput(field_errors=[FieldError(field, _("文件是空的"), "empty")])
    limit = max_bytes()
    if len(content) > limit:
        message = _interpolate(_("文件不能超过 %(mb)s MB"), {"mb": limit // (1024 * 1024)})
        raise InvalidInput(field_errors=[FieldError(field, message, "too_large")])
    kind = sniff_type(content)
    extension = _extension(name)
    claimed = next((k for k in MATERIAL_KINDS if extension in ATTACHMENT_TYPES[k].extensions), None)
    if kind not in MATERIAL_KINDS:
        if claimed is not None:  # "证明.pdf" that is not a PDF
            raise InvalidInput(
                field_errors=[FieldError(field, _("文件内容与扩展名不符"), "type_mismatch")]
            )
        raise InvalidInput(
            field_errors=[
                FieldError(field, _("只接受 PDF、JPG、PNG、OFD 和 DOCX 文件"), "unsupported_type")
            ]
        )
    if extension and extension not in ATTACHMENT_TYPES[kind].extensions:
        raise InvalidInput(
            field_errors=[FieldError(field, _("文件内容与扩展名不符"), "type_mismatch")]
        )
    return kind


def material_upload(
    *,
    actor: Any,
    name: str,
    content: bytes,
    material_code: str = "",
    material_name: str = "",
    owner: Any = None,
    field: str = "file",
) -> MaterialFile:
    """Put a file into ``owner``'s library (the actor's own by default; staff acting as agent
    may upload for an applicant). The same content twice is the same library file."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    owner = owner or actor
    if owner.pk != actor.pk:
        require(actor, UPLOAD_FOR.name)
    name = _clean_name(name)
    kind = check_material_file(name, content, field=field)
    digest = hashlib.sha256(content).hexdigest()
    material_code = (material_code or "")[:40]
    material_name = (material_name or "")[:200]
    with transaction.atomic():
        existing = MaterialFile.objects.select_for_update().filter(owner=owner, sha256=digest)
        found = existing.first()
        if found is not None:
            changed = []
            if found.removed_at is not None:
                found.removed_at = None
                changed.append("removed_at")
            if material_code and not found.material_code:
                found.material_code, found.material_name = material_code, material_name
                changed += ["material_code", "material_name"]
            if changed:
                found.save(update_fields=changed)
            return found
        material = MaterialFile(
            owner=owner, name=name, material_code=material_code, material_name=material_name,
            sha256=digest, content_type=ATTACHMENT_TYPES[kind].mime, kind=kind,
            size=len(content),
        )  # fmt: skip
        extension = ATTACHMENT_TYPES[kind].extensions[0]
        material.file.save(f"{digest}{extension}", ContentFile(content), save=False)
        try:
            with transaction.atomic():
                material.save()
        except IntegrityError:  # the same file uploaded twice at once: keep the first
            return MaterialFile.objects.get(owner=owner, sha256=digest)
        audit_record(
            action="approvals.material.upload", target=material,
            summary=f"材料库上传 {kind} {len(content)} 字节"
            + (f"（代办，所有人 #{owner.pk}）" if owner.pk != actor.pk else ""),
        )  # fmt: skip
    return material


def material_remove(*, actor: Any, material: MaterialFile) -> None:
    """Take a file out of the owner's library. Applications that used it keep it."""
    if actor is None or material.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied()
    with transaction.atomic():
        MaterialFile.objects.filter(pk=material.pk, removed_at__isnull=True).update(
            removed_at=timezone.now()
        )
        audit_record(action="approvals.material.remove", target=material, summary="移出材料库")


# --- attaching materials to an application ----------------------------------------------------


@dataclass(frozen=True)
class MaterialChoice:
    source: str  # "file", "certificate" or "shared_data"
    object_id: int | None = None


def parse_choice(value: Any) -> MaterialChoice | None:
    """``"file:12"``, ``"certificate:5"``, ``"shared_data"`` (HTML radio values), or the same as
    a mapping: ``{"file": 12}``, ``{"certificate": 5}``, ``{"shared_data": true}``."""
    if isinstance(value, MaterialChoice):
        return value
    if isinstance(value, Mapping):
        for source in ("file", "certificate"):
            if source in value:
                return parse_choice(f"{source}:{value[source]}")
        return MaterialChoice("shared_data") if value.get("shared_data") else None
    if not isinstance(value, str):
        return None
    source, _sep, number = value.strip().partition(":")
    if source == "shared_data" and not number:
        return MaterialChoice("shared_data")
    if source in ("file", "certificate") and number.isdigit() and len(number) < 19:
        return MaterialChoice(source, int(number))
    return None


def _accepts(need: MaterialNeed, kind: str) -> bool:
    wanted = {_KIND_ALIASES.get(k, k) for k in need.accepts}
    return not wanted or kind in wanted


def _resolve(
    need: MaterialNeed, choice: MaterialChoice, applicant: Any, field: str, application: Any
) -> tuple[str, MaterialFile | None, Certificate | None]:
    if choice.source == "file":
        in_library = Q(removed_at__isnull=True)
        if application is not None:  # a file this application already has stays usable
            in_library |= Q(uses__application=application)
        material = (
            MaterialFile.objects.filter(in_library, pk=choice.object_id, owner=applicant)
            .distinct()
            .first()
        )
        if material is None:
            raise InvalidInput(field_errors=[FieldError(field, _("所选文件不存在"), "not_found")])
        if not _accepts(need, material.kind):
            message = _interpolate(_("该材料只接受：%(kinds)s"), {"kinds": need.accepts_label})
            raise InvalidInput(field_errors=[FieldError(field, message, "kind_not_accepted")])
        earlier = ApplicationMaterial.objects.filter(material_file=material)
        if application is not None:  # resubmitting: this application's own use is not reuse
            earlier = earlier.exclude(application=application)
        used = earlier.exists()
        return (MaterialSource.REUSED if used else MaterialSource.UPLOADED), material, None
    if choice.source == "certificate":
        from yiwang.approvals.services.certificates import certificate_check

        certificate = Certificate.objects.filter(pk=choice.object_id, holder=applicant).first()
        if certificate is None or not need.certificate_type:
            raise InvalidInput(field_errors=[FieldError(field, _("所选证照不存在"), "not_found")])
        if certificate.cert_type != need.certificate_type:
            raise InvalidInput(
                field_errors=[FieldError(field, _("所选证照不能用作该材料"), "wrong_type")]
            )
        status = certificate_check(certificate)
        if status != "valid":
            raise InvalidInput(
                field_errors=[FieldError(field, _("所选证照已注销、过期或无法核验"), status)]
            )
        return MaterialSource.CERTIFICATE, None, certificate
    if not need.shared_data:
        raise InvalidInput(
            field_errors=[FieldError(field, _("该材料不能由共享数据代替"), "no_shared_data")]
        )
    return MaterialSource.SHARED_DATA, None, None


def materials_check(
    *, applicant: Any, item: Any = None, bundle: Any = None, choices: Mapping[str, Any] | None,
    application: Any = None,
) -> list[ApplicationMaterial]:  # fmt: skip
    """The material rows ``choices`` would give an application (unsaved), or InvalidInput
    naming ``materials.<code>`` for each problem. Lets a page report form and material errors
    together before submitting. ``application``: the application being corrected (its own
    files stay usable and do not count as reused)."""
    choices = dict(choices or {})
    needs = material_needs(item=item, bundle=bundle)
    known = {need.code for need in needs}
    errors: list[FieldError] = [
        FieldError(f"materials.{code}", _("该事项没有这项材料"), "unknown_material")
        for code in choices
        if code not in known
    ]
    rows: list[ApplicationMaterial] = []
    for need in needs:
        field = f"materials.{need.code}"
        raw = choices.get(need.code)
        choice = parse_choice(raw) if raw not in (None, "") else None
        if raw not in (None, "") and choice is None:
            errors.append(FieldError(field, _("材料选择无效"), "invalid_choice"))
            continue
        if choice is None:
            if need.required:
                message = _interpolate(_("请提供“%(name)s”"), {"name": need.name})
                errors.append(FieldError(field, message, "required"))
            continue
        try:
            source, material, certificate = _resolve(need, choice, applicant, field, application)
        except InvalidInput as exc:
            errors.extend(exc.field_errors)
            continue
        rows.append(
            ApplicationMaterial(
                item_material_code=need.code, name=need.name, item_codes=list(need.item_codes),
                material_file=material, certificate=certificate, source=source,
                shared_data=need.shared_data if source == MaterialSource.SHARED_DATA else "",
            )
        )  # fmt: skip
    if errors:
        raise InvalidInput(field_errors=errors)
    return rows


def materials_attach(
    *, actor: Any, application: Any, choices: Mapping[str, Any] | None
) -> list[ApplicationMaterial]:
    """Record how each required material of ``application`` is provided.

    ``choices`` maps a material code to a choice (see ``parse_choice``). Every required
    material needs one; the errors name ``materials.<code>``. Called by ``application_submit``
    inside its transaction."""
    if actor is None or getattr(actor, "pk", None) not in (
        application.applicant_id, getattr(application, "agent_id", None)
    ):  # fmt: skip
        raise PermissionDenied()
    rows = materials_check(
        applicant=application.applicant, item=application.item, bundle=application.bundle,
        choices=choices, application=application,
    )  # fmt: skip
    for row in rows:
        row.application = application
    with transaction.atomic():
        ApplicationMaterial.objects.filter(application=application).delete()
        ApplicationMaterial.objects.bulk_create(rows)
        counts = reuse_counts(rows)
        audit_record(
            action="approvals.materials.attach", target=application,
            summary=f"材料 {len(rows)} 份：复用 {counts.reused} 份，新上传 {counts.uploaded} 份",
        )  # fmt: skip
    return rows


@dataclass(frozen=True)
class ReuseCounts:
    reused: int  # library files used again, e-certificates and shared data
    uploaded: int
    certificates: int
    shared_data: int

    @property
    def total(self) -> int:
        return self.reused + self.uploaded


def reuse_counts(materials: Any) -> ReuseCounts:
    """How many of an application's materials were not uploaded anew ("复用材料 N 份")."""
    sources = [m.source for m in materials]
    return ReuseCounts(
        reused=sum(1 for s in sources if s != MaterialSource.UPLOADED),
        uploaded=sources.count(MaterialSource.UPLOADED),
        certificates=sources.count(MaterialSource.CERTIFICATE),
        shared_data=sources.count(MaterialSource.SHARED_DATA),
    )
