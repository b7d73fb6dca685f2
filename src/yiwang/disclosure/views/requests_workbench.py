"""Workbench pages of 依申请公开: the inbox with deadlines and the request's page with its
actions (受理, 补正告知, 征求意见, 延期 and its approval, 答复). A service error becomes a form
error on the page (400) or a message (409), never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core import pii
from yiwang.core.errors import Conflict, InvalidInput
from yiwang.core.errors import PermissionDenied as DomainDenied
from yiwang.disclosure import clock, outcomes
from yiwang.disclosure.forms_requests import (
    AskCorrectionForm,
    ConsultEndForm,
    ConsultForm,
    DecideForm,
    ExtensionForm,
    StaffRequestForm,
)
from yiwang.disclosure.models.requests import DisclosureRequest, ExtensionState, RequestStatus
from yiwang.disclosure.permissions_requests import APPROVE_EXTENSION, HANDLE, VIEW
from yiwang.disclosure.selectors import requests as selectors
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.services import requests_notices as notices
from yiwang.disclosure.services.requests import request_submit
from yiwang.disclosure.views.requests import notice_response
from yiwang.org.permissions import can, scope_queryset
from yiwang.workbench.decorators import staff_required

PAGE_SIZE = 30
BOX_LABELS = (
    ("open", gettext_lazy("办理中")),
    ("due_soon", gettext_lazy("即将到期")),
    ("overdue", gettext_lazy("已超期")),
    ("stopped", gettext_lazy("暂停计时")),
    ("extension", gettext_lazy("延期待批")),
    ("done", gettext_lazy("已办结")),
)


@staff_required
@require_GET
def request_inbox(request: HttpRequest) -> HttpResponse:
    if not can(request.user, VIEW):
        raise PermissionDenied
    box = request.GET.get("box", "open")
    if box not in selectors.BOXES:
        box = "open"
    query = request.GET.get("q", "")[:50]
    rows = selectors.requests_for_inbox(user=request.user, box=box, query=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.inbox_counts(user=request.user)
    boxes = [(key, str(label), counts.get(key)) for key, label in BOX_LABELS]
    context = {"page": page, "box": box, "boxes": boxes, "q": query}
    return render(request, "disclosure/requests/staff_inbox.html", context)


def _request_or_404(request: HttpRequest, pk: int) -> DisclosureRequest:
    qs = scope_queryset(request.user, VIEW, DisclosureRequest.objects.select_related("department"))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _forms(data=None, action: str = "") -> dict:
    def bound(name):
        return data if action == name else None

    return {
        "correction_form": AskCorrectionForm(bound("correction")),
        "consult_form": ConsultForm(bound("consult")),
        "consult_end_form": ConsultEndForm(bound("consult_end")),
        "extension_form": ExtensionForm(bound("extension")),
        "decide_form": DecideForm(bound("decide")),
    }


def _page(request: HttpRequest, obj: DisclosureRequest, forms: dict | None = None, status=200):
    open_now = obj.is_open
    may_handle = can(request.user, HANDLE, obj)
    running = obj.status in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING)
    context = {
        "req": obj,
        "masked_id": pii.mask_id_number(obj.id_number) if obj.id_number else "",
        "outcome_label": outcomes.display(obj.outcome) if obj.outcome else "",
        "timeline": selectors.request_timeline(obj, public_only=False),
        "pauses": list(obj.pauses.all()),
        "deadline": selectors.days_left_label(obj),
        "notices": [(k, notices.notice_title(k)) for k in notices.available_notices(obj)],
        "may_accept": may_handle and obj.status == RequestStatus.SUBMITTED,
        "may_correct": may_handle and running and obj.correction_notice_on is None,
        "correction_last_day": clock.correction_notice_deadline(obj.submitted_on),
        "may_consult": may_handle and running,
        "may_end_consult": may_handle and obj.status == RequestStatus.CONSULTING,
        "may_extend": may_handle
        and open_now
        and obj.status != RequestStatus.AWAITING_CORRECTION
        and obj.extension_state in ("", ExtensionState.REJECTED),
        "may_approve": obj.extension_state == ExtensionState.PENDING
        and can(request.user, APPROVE_EXTENSION, obj),
        "may_decide": may_handle and running,
        **(forms or _forms()),
    }
    return render(request, "disclosure/requests/staff_detail.html", context, status=status)


@staff_required
@require_GET
def request_staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _request_or_404(request, pk))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


ACTIONS = {
    "accept",
    "correction",
    "consult",
    "consult_end",
    "extension",
    "approve_extension",
    "reject_extension",
    "decide",
}


def _run(request: HttpRequest, obj: DisclosureRequest, action: str, form) -> str:
    """Call the one service of the action; returns the success message."""
    user, version = request.user, _version(request)
    if action == "accept":
        handling.request_accept(actor=user, request=obj, expected_version=version)
        return _("已受理")
    data = form.cleaned_data if form is not None else {}
    if action == "correction":
        handling.request_ask_correction(
            actor=user, request=obj, items=data["items"], reply_days=data["reply_days"],
            expected_version=version,
        )  # fmt: skip
        return _("已发出补正告知，暂停计时")
    if action == "consult":
        handling.request_consult_start(
            actor=user, request=obj, kind=data["kind"], party=data["party"],
            expected_version=version,
        )  # fmt: skip
        return _("已开始征求意见，暂停计时")
    if action == "consult_end":
        handling.request_consult_end(
            actor=user, request=obj, opinion=data["opinion"], expected_version=version
        )
        return _("已记录意见，恢复计时")
    if action == "extension":
        handling.request_extension_ask(
            actor=user, request=obj, days=data["days"], reason=data["reason"],
            expected_version=version,
        )  # fmt: skip
        return _("已提交延期申请，等待审批")
    if action in ("approve_extension", "reject_extension"):
        handling.request_extension_decide(
            actor=user, request=obj, approve=action == "approve_extension",
            expected_version=version,
        )  # fmt: skip
        return _("已审批延期申请")
    handling.request_decide(
        actor=user, request=obj, outcome=data["outcome"], notice_text=data["notice_text"],
        legal_basis=data["legal_basis"], expected_version=version,
    )  # fmt: skip
    return _("已作出答复")


@staff_required
@require_POST
def request_staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    obj = _request_or_404(request, pk)
    forms = _forms(request.POST, action)
    form_name = {
        "correction": "correction_form",
        "consult": "consult_form",
        "consult_end": "consult_end_form",
        "extension": "extension_form",
        "decide": "decide_form",
    }.get(action)
    form = forms.get(form_name) if form_name else None
    if form is not None and not form.is_valid():
        return _page(request, obj, forms, status=400)
    try:
        message = _run(request, obj, action, form)
    except InvalidInput as exc:
        if form is None:
            messages.error(request, str(exc.detail))
            return redirect("disclosure:request_staff_detail", pk=obj.pk)
        form.add_service_errors(exc)
        return _page(request, obj, forms, status=400)
    except (Conflict, DomainDenied) as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, message)
    return redirect("disclosure:request_staff_detail", pk=obj.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def request_staff_new(request: HttpRequest) -> HttpResponse:
    """Register a request received by letter, in person or by fax."""
    if not can(request.user, HANDLE):
        raise PermissionDenied
    form = StaffRequestForm(request.POST or None, initial={"channel": "letter"})
    if request.method == "POST" and form.is_valid():
        try:
            obj = request_submit(
                actor=request.user,
                applicant=form.applicant(),
                request=form.request_data(),
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except DomainDenied as exc:
            form.add_error("department", str(exc.detail))
        else:
            messages.success(request, _("已登记申请 {number}").format(number=obj.number))
            return redirect("disclosure:request_staff_detail", pk=obj.pk)
    status = 400 if form.errors else 200
    return render(request, "disclosure/requests/staff_new.html", {"form": form}, status=status)


@staff_required
@require_GET
def request_staff_notice(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return notice_response(request, _request_or_404(request, pk), kind)
