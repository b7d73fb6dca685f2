"""Workbench pages of 主动公开: the department's list, the editing form, and a publication's
page with its workflow actions (报审, 保密审查, 发布, 撤销, 有效性, 附件). Thin: selectors
read, services write; a service error becomes a message or a form error, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.errors import Conflict, InvalidInput, YiwangError
from yiwang.disclosure.forms_publications import (
    AttachmentForm,
    PublicationForm,
    ReviewForm,
    RevokeForm,
    StaffFilterForm,
    ValidityForm,
)
from yiwang.disclosure.models import Publication, PublicationStatus
from yiwang.disclosure.selectors import publications as public_selectors
from yiwang.disclosure.selectors import publications_staff as selectors
from yiwang.disclosure.services import publications as svc
from yiwang.disclosure.services import publications_attachments as files
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required

PAGE_SIZE = 30
S = PublicationStatus


def _publication_or_404(request, pk: int) -> Publication:
    found = selectors.publication_for_staff(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@staff_required
@require_GET
def list_page(request):
    if not selectors.may_use(request.user):
        raise PermissionDenied
    form = StaffFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.publications_for_staff(
        user=request.user, status=values.get("status") or None, query=values.get("q", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": params.urlencode(),
        "can_create": selectors.writable_departments(request.user).exists(),
        "can_manage_catalogue": can(request.user, "disclosure.catalogue.manage"),
    }
    return render(request, "disclosure/publications/staff_list.html", context)


def _form(request, data=None, **kwargs) -> PublicationForm:
    return PublicationForm(
        data,
        departments=selectors.writable_departments(request.user),
        nodes=public_selectors.catalogue_choices_for_staff(),
        policies=selectors.interpretable_publications(request.user),
        **kwargs,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def create_page(request):
    departments = selectors.writable_departments(request.user)
    if not departments.exists():
        raise PermissionDenied
    own = request.user.memberships.filter(is_primary=True, is_active=True).first()
    initial = {"doc_kind": "other"}
    if own is not None and departments.filter(pk=own.department_id).exists():
        initial["department"] = own.department_id
    form = _form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication = svc.publication_create(
                actor=request.user, department=form.cleaned_data["department"],
                **form.service_values(),
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("disclosure:staff_detail", publication.pk)
    return render(
        request, "disclosure/publications/staff_form.html", {"form": form, "publication": None}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edit_page(request, pk: int):
    publication = _publication_or_404(request, pk)
    if publication.status != S.DRAFT or not can(
        request.user, "disclosure.publication.edit", publication
    ):
        raise PermissionDenied
    initial = {
        name: getattr(publication, name)
        for name in (
            "title", "catalogue", "topic", "doc_kind", "interprets", "document_number",
            "written_on", "effective_until", "keywords", "decision_count", "body_html",
            "version", "department",
        )
    }  # fmt: skip
    form = _form(request, request.POST or None, initial=initial)
    form.fields["department"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            svc.publication_update(
                actor=request.user, publication=publication,
                expected_version=form.cleaned_data["version"], **form.service_values(),
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict:
            form.add_error(None, _("该信息已被他人修改，请刷新后重试"))
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("disclosure:staff_detail", publication.pk)
    return render(
        request,
        "disclosure/publications/staff_form.html",
        {"form": form, "publication": publication},
    )


@staff_required
@require_GET
def detail_page(request, pk: int):
    publication = _publication_or_404(request, pk)
    user = request.user
    is_author = publication.author_id == user.pk
    context = {
        "publication": publication,
        "can_edit": publication.status == S.DRAFT
        and can(user, "disclosure.publication.edit", publication),
        "can_review": publication.status == S.PENDING
        and not is_author
        and can(user, "disclosure.publication.review", publication),
        "author_waits": publication.status == S.PENDING and is_author,
        "can_publish": publication.status == S.APPROVED
        and can(user, "disclosure.publication.publish", publication),
        "can_manage_published": publication.status in (S.PUBLISHED, S.EXPIRED)
        and can(user, "disclosure.publication.publish", publication),
        "review_form": ReviewForm(),
        "revoke_form": RevokeForm(),
        "validity_form": ValidityForm(initial={"validity": publication.validity}),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "disclosure/publications/staff_detail.html", context)


def _run(request, publication: Publication, action: str) -> str:
    """Perform one workflow action; returns the success message."""
    user, version = request.user, _version(request)
    common = {"actor": user, "publication": publication}
    if action == "submit":
        svc.publication_submit(**common, expected_version=version)
        return _("已提交保密审查。")
    if action in ("approve", "return"):
        svc.publication_review(
            **common, approve=action == "approve", expected_version=version,
            opinion=request.POST.get("opinion", "")[:5000],
        )  # fmt: skip
        return _("审查通过，等待发布。") if action == "approve" else _("已退回撰稿人修改。")
    if action == "publish":
        published = svc.publication_publish(**common, expected_version=version)
        return _("已发布，索引号 %(number)s。") % {"number": published.index_number}
    if action == "revoke":
        svc.publication_revoke(
            **common, reason=request.POST.get("reason", "")[:5000], expected_version=version
        )
        return _("已撤销发布。")
    if action == "validity":
        form = ValidityForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(_("请选择有效性并填写正确的日期"))
        svc.publication_set_validity(
            **common, validity=form.cleaned_data["validity"],
            changed_on=form.cleaned_data["changed_on"], expected_version=version,
        )  # fmt: skip
        return _("有效性已更新。")
    if action == "attach":
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("请选择文件"))
        files.attachment_add(**common, filename=upload.name, data=upload.read(files.MAX_BYTES + 1))
        return _("附件已上传。")
    if action == "detach":
        wanted = str(request.POST.get("attachment", "")).strip()
        pk = int(wanted) if wanted.isdigit() and len(wanted) <= 12 else 0
        item = publication.attachments.filter(pk=pk).first()
        if item is None:
            raise Http404
        files.attachment_remove(actor=user, attachment=item)
        return _("附件已删除。")
    raise Http404


@staff_required
@require_POST
def action(request, pk: int, action: str):
    publication = _publication_or_404(request, pk)
    try:
        message = _run(request, publication, action)
    except Conflict:
        messages.error(request, _("该信息已被他人处理或状态已变化，请刷新后重试。"))
    except InvalidInput as exc:
        details = [str(e.message) for e in exc.field_errors] or [str(exc.detail)]
        for detail in details:
            messages.error(request, detail)
    except YiwangError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, message)
    return redirect("disclosure:staff_detail", publication.pk)


@staff_required
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    publication = _publication_or_404(request, pk)
    item = publication.attachments.filter(pk=attachment_pk).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=True, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
