"""Public pages of 依申请公开: the application form, tracking by number + phone, the request
page with its status timeline, the correction form and the notices (PDF).

Applicants with an account find their requests under "我的申请"; anyone else proves the
request is theirs with its number and phone, remembered in the session for 30 minutes (only
request ids go into the session). Thin: selectors read, services write.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.models import UserKind
from yiwang.core import pii
from yiwang.core.errors import Conflict, InvalidInput, NotFound, RateLimited, YiwangError
from yiwang.core.middleware import client_ip
from yiwang.disclosure import outcomes
from yiwang.disclosure.forms_requests import CorrectionForm, RequestForm, TrackForm
from yiwang.disclosure.models.requests import DisclosureRequest, RequestStatus
from yiwang.disclosure.selectors import requests as selectors
from yiwang.disclosure.selectors.publications import publication_public_get
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.services import requests_notices as notices
from yiwang.disclosure.services.requests import request_submit

TRACKED_KEY = "disclosure_tracked_requests"
KEEP = 10


def _track_seconds() -> int:
    return int(getattr(settings, "YIWANG_TRACK_SESSION_SECONDS", 1800))


def _remember(request: HttpRequest, obj: DisclosureRequest) -> None:
    now = time.time()
    tracked = {k: v for k, v in (request.session.get(TRACKED_KEY) or {}).items() if v > now}
    tracked[str(obj.pk)] = now + _track_seconds()
    request.session[TRACKED_KEY] = dict(sorted(tracked.items(), key=lambda kv: kv[1])[-KEEP:])


def _is_tracked(request: HttpRequest, obj: DisclosureRequest) -> bool:
    return (request.session.get(TRACKED_KEY) or {}).get(str(obj.pk), 0) > time.time()


def _is_owner(request: HttpRequest, obj: DisclosureRequest) -> bool:
    return request.user.is_authenticated and obj.applicant_id == request.user.pk


def _prefill(user) -> dict:
    """A logged-in citizen or enterprise starts from their real-name data."""
    if not user.is_authenticated:
        return {}
    initial = {"phone": user.phone or "", "email": user.email or ""}
    if user.kind == UserKind.CITIZEN and hasattr(user, "citizen_profile"):
        profile = user.citizen_profile
        initial.update(name=profile.real_name, id_type="resident", id_number=profile.id_number)
    elif user.kind == UserKind.ENTERPRISE and hasattr(user, "enterprise_profile"):
        profile = user.enterprise_profile
        initial.update(
            applicant_type="commercial",
            name=profile.name,
            credit_code=profile.credit_code,
            legal_representative=profile.legal_representative,
        )
    return initial


def _about_publication(pk: str | None) -> dict:
    """The "申请公开" link of a publication page: the form starts with its publisher and its name
    and 文号 (only of a public publication; anything else is ignored)."""
    found = publication_public_get(pk) if pk and str(pk).isdigit() else None
    if found is None:
        return {}
    return {
        "department": str(found.department_id),
        "document_title": found.title[:200],
        "document_number": found.document_number[:100],
        "description": gettext("申请公开与《{title}》（索引号 {index}）相关的以下信息：").format(
            title=found.title, index=found.index_number
        ),
    }


@sensitive_post_parameters("id_number", "phone", "email", "address")
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            try:
                obj = request_submit(
                    actor=request.user, applicant=form.applicant(), request=form.request_data()
                )
            except InvalidInput as exc:
                form.add_service_errors(exc)
            else:
                _remember(request, obj)
                return redirect("disclosure:request_public_detail", number=obj.number)
    else:
        initial = _prefill(request.user)
        if request.GET.get("department", "").isdigit():
            initial["department"] = request.GET["department"]
        initial.update(_about_publication(request.GET.get("publication")))
        form = RequestForm(initial=initial)
    status = 400 if form.errors else 200
    response = render(request, "disclosure/requests/new.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


@sensitive_post_parameters("phone")
@require_http_methods(["GET", "POST"])
def request_track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                obj = selectors.request_for_tracking(
                    number=form.cleaned_data["number"],
                    phone=form.cleaned_data["phone"],
                    client_ip=client_ip(request),
                )
            except NotFound as exc:
                form.add_error(None, str(exc.detail))
                status = 404
            except RateLimited as exc:
                form.add_error(None, str(exc.detail))
                status = 429
            else:
                _remember(request, obj)
                return redirect("disclosure:request_public_detail", number=obj.number)
        else:
            status = 400
    else:
        form = TrackForm(initial={"number": request.GET.get("number", "")[:40]})
    response = render(request, "disclosure/requests/track.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


def _visible(request: HttpRequest, number: str) -> DisclosureRequest | None:
    obj = (
        DisclosureRequest.objects.select_related("department")
        .filter(number=selectors.normalize_number(number))
        .first()
    )
    if obj is None or not (_is_tracked(request, obj) or _is_owner(request, obj)):
        return None
    return obj


def _ask_again(number: str) -> HttpResponse:
    return redirect(reverse("disclosure:request_track") + "?" + urlencode({"number": number[:40]}))


def _detail(request: HttpRequest, obj: DisclosureRequest, *, form=None, status=200):
    context = {
        "req": obj,
        "outcome_label": outcomes.display(obj.outcome) if obj.outcome else "",
        "timeline": selectors.request_timeline(obj, public_only=True),
        "deadline": selectors.days_left_label(obj),
        "notices": [(kind, notices.notice_title(kind)) for kind in notices.available_notices(obj)],
        "correction_form": form or CorrectionForm(),
        "awaiting_correction": obj.status == RequestStatus.AWAITING_CORRECTION,
        "masked_phone": pii.mask_phone(obj.phone),
    }
    response = render(request, "disclosure/requests/detail.html", context, status=status)
    add_never_cache_headers(response)
    return response


@require_GET
def request_public_detail(request: HttpRequest, number: str) -> HttpResponse:
    obj = _visible(request, number)
    if obj is None:
        return _ask_again(number)
    return _detail(request, obj)


@require_POST
def request_correct(request: HttpRequest, number: str) -> HttpResponse:
    obj = _visible(request, number)
    if obj is None:
        return _ask_again(number)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            handling.request_correct(
                actor=request.user,
                request=obj,
                text=form.cleaned_data["text"],
                tracked=_is_tracked(request, obj),
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc.detail))
        else:
            return redirect("disclosure:request_public_detail", number=obj.number)
    obj.refresh_from_db()
    return _detail(request, obj, form=form, status=400)


@require_GET
def request_notice(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    obj = _visible(request, number)
    if obj is None:
        return _ask_again(number)
    return notice_response(request, obj, kind)


def notice_response(request: HttpRequest, obj: DisclosureRequest, kind: str) -> HttpResponse:
    tracking = request.build_absolute_uri(
        reverse("disclosure:request_track") + "?" + urlencode({"number": obj.number})
    )
    try:
        data = notices.notice_pdf(obj, kind, tracking_url=tracking)
    except NotFound:
        raise Http404 from None
    except YiwangError as exc:  # pragma: no cover - defensive
        raise Http404 from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{obj.number}-{kind}.pdf"'
    add_never_cache_headers(response)
    return response


@require_GET
def request_mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.path}))
    rows = selectors.requests_of_applicant(user=request.user)[:200]
    return render(request, "disclosure/requests/mine.html", {"rows": rows})


@require_GET
def request_mine_detail(request: HttpRequest, number: str) -> HttpResponse:
    obj = _visible(request, number)
    if obj is None:
        if not request.user.is_authenticated:
            return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.path}))
        raise Http404
    return _detail(request, obj)
