"""办件查询: the public progress page by application number + the applicant's phone. The check
holds for 30 minutes in the session (ids only), so the person can read the timeline and rate
without typing it again."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.approvals.models import Application
from yiwang.approvals.services.progress import normalize_application_number, progress_verify
from yiwang.approvals.views.applicant import _detail_context, rate_response
from yiwang.approvals.views.forms import TrackForm
from yiwang.core.errors import NotFound, RateLimited
from yiwang.core.middleware import client_ip

TRACKED_KEY = "approvals_tracked"  # {application id: epoch seconds until which the check holds}
KEEP = 10


def _remember(request: HttpRequest, application_id: int) -> None:
    now = time.time()
    tracked = {k: v for k, v in (request.session.get(TRACKED_KEY) or {}).items() if v > now}
    tracked[str(application_id)] = now + int(
        getattr(settings, "YIWANG_TRACK_SESSION_SECONDS", 1800)
    )
    request.session[TRACKED_KEY] = dict(sorted(tracked.items(), key=lambda kv: kv[1])[-KEEP:])


def _tracked(request: HttpRequest, number: str) -> Application | None:
    application = (
        Application.objects.select_related("department", "item", "bundle")
        .filter(number=normalize_application_number(number))
        .first()
    )
    if application is None:
        return None
    until = (request.session.get(TRACKED_KEY) or {}).get(str(application.pk), 0)
    return application if until > time.time() else None


@sensitive_post_parameters("phone")
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "GET":
        form = TrackForm(initial={"number": request.GET.get("number", "")[:40]})
    else:
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                application = progress_verify(
                    number=form.cleaned_data["number"], phone=form.cleaned_data["phone"],
                    client_ip=client_ip(request),
                )  # fmt: skip
            except NotFound as exc:
                form.add_error(None, exc.detail)
                status = 404
            except RateLimited as exc:
                form.add_error(None, exc.detail)
                status = 429
            else:
                _remember(request, application.pk)
                return redirect("approvals:track_detail", number=application.number)
        else:
            status = 400
    response = render(request, "approvals/applicant/track.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


def _ask_again(number: str) -> HttpResponse:
    return redirect(reverse("approvals:track") + "?" + urlencode({"number": number[:40]}))


@require_GET
def track_detail(request: HttpRequest, number: str) -> HttpResponse:
    application = _tracked(request, number)
    if application is None:
        return _ask_again(number)
    response = render(
        request, "approvals/applicant/track_detail.html",
        _detail_context(application, public=True),
    )  # fmt: skip
    add_never_cache_headers(response)
    return response


@require_POST
def track_rate(request: HttpRequest, number: str) -> HttpResponse:
    application = _tracked(request, number)
    if application is None:
        return _ask_again(number)
    failed = rate_response(request, application, tracked=True,
                           template="approvals/applicant/track_detail.html", extra={})  # fmt: skip
    return failed or redirect("approvals:track_detail", number=application.number)
