"""E-certificates: the holder's list and PDF download, the public verification page (by the
number in the QR code, or by uploading the PDF), and the staff page to revoke one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.approvals.selectors.certificates import STATUS_LABELS, certificate_rows, public_view
from yiwang.approvals.services.certificates import (
    REVOKE,
    Verification,
    certificate_get,
    certificate_pdf,
    certificate_revoke,
    certificate_verify,
    certificate_verify_pdf,
    normalize_number,
)
from yiwang.approvals.views.common import base_url, private, raise_for_page
from yiwang.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    rows = certificate_rows(user=request.user)
    return private(render(request, "approvals/certificates/mine.html", {"rows": rows}))


@login_required
@require_GET
def certificate_download(request: HttpRequest, number: str) -> HttpResponse:
    try:
        cert = certificate_get(actor=request.user, number=number)
    except NotFound as exc:
        raise_for_page(exc)
    pdf = certificate_pdf(cert, base_url=base_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


def _result_page(request: HttpRequest, result: Verification, *, uploaded: bool) -> HttpResponse:
    view = public_view(result)
    status = 404 if result.status == "not_found" and not uploaded else 200
    return private(
        render(
            request,
            "approvals/certificates/verify_result.html",
            {"result": view, "uploaded": uploaded},
            status=status,
        )
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Look a certificate up by its number, or hand in its PDF."""
    errors: dict[str, str] = {}
    if request.method == "GET" and request.GET.get("number", "").strip():
        return redirect(
            "approvals:certificate_verify", number=normalize_number(request.GET["number"])
        )
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        if upload is None:
            errors["pdf"] = _("请选择要核验的证照 PDF 文件")
        elif upload.size > MAX_UPLOAD:
            errors["pdf"] = _("文件不能超过 20 MB")
        else:
            return _result_page(request, certificate_verify_pdf(upload.read()), uploaded=True)
    return render(
        request,
        "approvals/certificates/verify.html",
        {"errors": errors},
        status=400 if errors else 200,
    )


@require_GET
def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    result = certificate_verify(number, request.GET.get("code", "")[:20])
    return _result_page(request, result, uploaded=False)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_certificate(request: HttpRequest, number: str) -> HttpResponse:
    try:
        cert = certificate_get(actor=request.user, number=number)
    except NotFound as exc:
        raise_for_page(exc)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            certificate_revoke(
                actor=request.user, certificate=cert, reason=request.POST.get("reason", ""),
                expected_version=_int(request.POST.get("version")),
            )  # fmt: skip
        except InvalidInput as exc:
            error, status = str(exc.field_errors[0].message), 400
        except Conflict as exc:
            error, status = str(exc.detail), 409
        except PermissionDenied as exc:
            raise_for_page(exc)
        else:
            return redirect("approvals:staff_certificate", number=cert.number)
        cert.refresh_from_db()
    result = certificate_verify(cert.number, cert.verify_code)
    context = {
        "cert": cert, "status": result.status, "status_label": STATUS_LABELS[result.status],
        "can_revoke": cert.revoked_at is None and can(request.user, REVOKE.name, cert),
        "error": error, "reason": request.POST.get("reason", ""),
    }  # fmt: skip
    return private(render(request, "approvals/certificates/staff.html", context, status=status))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
