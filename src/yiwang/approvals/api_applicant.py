"""The applicant's REST endpoints at /api/v1/approvals (mounted by api.py): apply, my
applications with their timeline, the material library, rating, my certificates, and the
public certificate check and progress query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from yiwang.approvals.selectors.applicant import (
    application_timeline,
    library_files,
    my_application,
    my_applications,
)
from yiwang.approvals.selectors.certificates import STATUS_LABELS, certificate_rows, public_view
from yiwang.approvals.services.certificates import certificate_verify
from yiwang.approvals.services.materials import material_upload, reuse_counts
from yiwang.approvals.services.progress import progress_verify
from yiwang.approvals.services.rating import application_rate
from yiwang.core.errors import FieldError, InvalidInput, NotAuthenticated, NotFound
from yiwang.core.middleware import client_ip

router = Router(tags=["approvals: applicant"])


def _user(request):
    user = getattr(request, "auth", None) or request.user
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    return user


class ApplyIn(Schema):
    item_code: str = ""
    bundle_code: str = ""
    form_data: dict[str, Any] = {}
    materials: dict[str, Any] = {}


class StepOut(Schema):
    at: datetime
    label: str
    who: str
    detail: str = ""


class ApplicationOut(Schema):
    number: str
    title: str
    status: str
    status_label: str
    department: str
    submitted_at: datetime
    due_date: date | None
    outcome: str
    materials_reused: int
    materials_uploaded: int
    timeline: list[StepOut]


def _application_out(application, *, public: bool = False) -> dict[str, Any]:
    counts = reuse_counts(application.materials.all())
    return {
        "number": application.number, "title": application.title,
        "status": application.status, "status_label": str(application.get_status_display()),
        "department": application.department.name, "submitted_at": application.submitted_at,
        "due_date": application.due_date, "outcome": application.outcome,
        "materials_reused": counts.reused, "materials_uploaded": counts.uploaded,
        "timeline": [
            {"at": e.at, "label": str(e.label), "who": str(e.who), "detail": str(e.detail)}
            for e in application_timeline(application, public=public)
        ],
    }  # fmt: skip


@router.post("/applications", response={201: ApplicationOut}, summary="提交申请 / apply")
def apply(request, body: ApplyIn):
    from yiwang.approvals.services.applications import application_submit
    from yiwang.catalog.selectors import bundle_get, item_get

    user = _user(request)
    if bool(body.item_code) == bool(body.bundle_code):
        raise InvalidInput(field_errors=[FieldError(
            "item_code", _("请指定一个事项编码或一件事编码"), "required")])  # fmt: skip
    item = item_get(code=body.item_code) if body.item_code else None
    bundle = bundle_get(code=body.bundle_code) if body.bundle_code else None
    application = application_submit(
        actor=user, item=item, bundle=bundle, form_data=body.form_data, materials=body.materials
    )
    return Status(201, _application_out(application))


@router.get("/applications", response=list[ApplicationOut], summary="我的办件 / my applications")
def list_mine(request, limit: int = 20, offset: int = 0):
    user = _user(request)
    limit, offset = max(1, min(limit, 100)), max(offset, 0)
    return [_application_out(a) for a in my_applications(user=user)[offset : offset + limit]]


@router.get("/applications/{number}", response=ApplicationOut, summary="办件详情 / my application")
def get_mine(request, number: str):
    application = my_application(user=_user(request), number=number)
    if application is None:
        raise NotFound()
    return _application_out(application)


class RatingIn(Schema):
    level: int
    comment: str = ""


class RatingOut(Schema):
    level: int
    level_label: str
    is_bad: bool


@router.post("/applications/{number}/rating", response={201: RatingOut},
             summary="一事一评 / rate a finished application")  # fmt: skip
def rate(request, number: str, body: RatingIn):
    user = _user(request)
    application = my_application(user=user, number=number)
    if application is None:
        raise NotFound()
    rating = application_rate(actor=user, application=application, level=body.level,
                              comment=body.comment)  # fmt: skip
    return Status(201, {"level": rating.level, "level_label": str(rating.get_level_display()),
                        "is_bad": rating.is_bad})  # fmt: skip


class MaterialOut(Schema):
    id: int
    name: str
    material_code: str
    material_name: str
    kind: str
    size: int
    sha256: str
    created_at: datetime


def _material_out(m) -> dict[str, Any]:
    return {"id": m.pk, "name": m.name, "material_code": m.material_code,
            "material_name": m.material_name, "kind": m.kind, "size": m.size,
            "sha256": m.sha256, "created_at": m.created_at}  # fmt: skip


@router.get("/materials", response=list[MaterialOut], summary="我的材料库 / my material library")
def list_materials(request):
    return [_material_out(m) for m in library_files(user=_user(request))[:500]]


@router.post("/materials", response={201: MaterialOut},
             summary="上传材料（按内容识别类型，同一文件只存一份）/ upload a file")  # fmt: skip
def upload_material(request, file: File[UploadedFile], material_code: str = "",
                    material_name: str = ""):  # fmt: skip
    user = _user(request)
    if file.size > 20 * 1024 * 1024:
        raise InvalidInput(field_errors=[FieldError("file", _("文件不能超过 20 MB"), "too_large")])
    material = material_upload(
        actor=user, name=file.name or "", content=file.read(), material_code=material_code,
        material_name=material_name,
    )  # fmt: skip
    return Status(201, _material_out(material))


class CertificateOut(Schema):
    number: str
    cert_type: str
    title: str
    department: str
    issued_at: datetime
    valid_until: date | None
    status: str
    status_label: str


@router.get("/certificates", response=list[CertificateOut], summary="我的证照 / my certificates")
def list_certificates(request):
    return [
        {"number": r.certificate.number, "cert_type": r.certificate.cert_type,
         "title": r.certificate.title, "department": r.certificate.department.name,
         "issued_at": r.certificate.issued_at, "valid_until": r.certificate.valid_until,
         "status": r.status, "status_label": str(r.status_label)}
        for r in certificate_rows(user=_user(request))
    ]  # fmt: skip


class VerifyOut(Schema):
    status: str
    status_label: str
    number: str
    title: str
    department: str
    issued_at: datetime | None
    valid_until: date | None
    holder_name: str


@router.get("/certificates/{number}/verify", auth=None, response=VerifyOut,
            summary="电子证照核验（公开）/ verify a certificate")  # fmt: skip
def verify(request, number: str, code: str = ""):
    view = public_view(certificate_verify(number, code[:20]))
    return {"status": view.status, "status_label": str(STATUS_LABELS[view.status]),
            "number": view.number, "title": view.title, "department": view.department,
            "issued_at": view.issued_at, "valid_until": view.valid_until,
            "holder_name": view.holder_name}  # fmt: skip


class TrackIn(Schema):
    number: str
    phone: str


@router.post("/track", auth=None, response=ApplicationOut,
             summary="办件查询：办件编号 + 手机号（或后 4 位）/ progress query")  # fmt: skip
def track(request, body: TrackIn):
    application = progress_verify(number=body.number, phone=body.phone,
                                  client_ip=client_ip(request))  # fmt: skip
    return _application_out(application, public=True)
