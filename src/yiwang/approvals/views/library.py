"""The applicant's material library: upload once, choose later; files served to their owner
and to staff handling an application that uses them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.approvals.models import ApplicationMaterial, MaterialFile
from yiwang.approvals.permissions import APPLICATION_VIEW
from yiwang.approvals.selectors.applicant import library_files
from yiwang.approvals.services.materials import material_remove, material_upload
from yiwang.approvals.views.common import private
from yiwang.approvals.views.forms import MaterialUploadForm
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.org.permissions import can, grants_of

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def library(request: HttpRequest) -> HttpResponse:
    form = MaterialUploadForm()
    status = 200
    if request.method == "POST" and request.POST.get("remove"):
        material = library_files(user=request.user).filter(pk=_int(request.POST["remove"])).first()
        if material is None:
            raise Http404
        material_remove(actor=request.user, material=material)
        messages.success(request, _("已移出材料库。"))
        return redirect("approvals:library")
    if request.method == "POST":
        form = MaterialUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_UPLOAD:
                    raise InvalidInput(
                        field_errors=[FieldError("file", _("文件不能超过 20 MB"), "too_large")]
                    )
                material_upload(
                    actor=request.user, name=upload.name, content=upload.read(),
                    material_name=form.cleaned_data["material_name"],
                )  # fmt: skip
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已存入材料库，办事时可直接选用。"))
                return redirect("approvals:library")
        status = 400
    files = library_files(user=request.user)
    context = {"files": files, "form": form}
    return private(render(request, "approvals/applicant/library.html", context, status=status))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _staff_may_see(user: Any, material: MaterialFile) -> bool:
    """Staff see a material when it belongs to an application they may open or work on."""
    if getattr(user, "kind", "") != "staff":
        return False
    uses = ApplicationMaterial.objects.filter(material_file=material).select_related("application")
    departments = {g.department_id for g in grants_of(user)}
    for use in uses:
        application = use.application
        if can(user, APPLICATION_VIEW, application):
            return True
        if application.tasks.filter(department_id__in=departments).exists():
            return True
    return False


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A library file, for its owner and for staff handling an application that uses it."""
    material = MaterialFile.objects.filter(pk=pk).first()
    if material is None or not (
        material.owner_id == request.user.pk or _staff_may_see(request.user, material)
    ):
        raise Http404
    response = FileResponse(
        material.file.open("rb"), content_type=material.content_type,
        as_attachment=request.GET.get("download") == "1", filename=material.name,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return private(response)
