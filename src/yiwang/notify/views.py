"""Inbox pages at /inbox/. They work as plain forms and links; with htmx, marking read swaps
the item (or the list) in place and tells the header badge to refresh."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.errors import NotFound
from yiwang.notify import selectors, services

PAGE_SIZE = 20
UNREAD_CHANGED = "notifyUnreadChanged"  # htmx event the header badge listens for


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _base_template(user) -> str:
    return "workbench/base.html" if getattr(user, "is_staff_member", False) else "portal/base.html"


def _list_context(request: HttpRequest, *, unread_only: bool, page_number) -> dict:
    page = Paginator(
        selectors.inbox_for(user=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(page_number)
    return {
        "page": page,
        "notifications": page.object_list,
        "unread_only": unread_only,
        "unread_count": selectors.unread_count(user=request.user),
        "base_template": _base_template(request.user),
        "here": request.get_full_path(),
    }


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "notify:inbox"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    context = _list_context(request, unread_only=unread_only, page_number=request.GET.get("page"))
    return render(request, "notify/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except NotFound:
        raise Http404 from None
    if _is_htmx(request):
        # The item, plus the count and the "mark all" button swapped out of band.
        response = render(
            request,
            "notify/_marked.html",
            {
                "n": notification,
                "here": request.POST.get("next", ""),
                "unread_only": request.POST.get("filter") == "unread",
                "unread_count": selectors.unread_count(user=request.user),
            },
        )
        response["HX-Trigger"] = UNREAD_CHANGED
        return response
    return redirect(_next_url(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    if _is_htmx(request):
        context = _list_context(
            request, unread_only=request.POST.get("filter") == "unread", page_number=1
        )
        context["here"] = request.POST.get("next", "")
        context["status_message"] = _("已将 %(count)d 条消息标为已读") % {"count": count}
        response = render(request, "notify/_list.html", context)
        response["HX-Trigger"] = UNREAD_CHANGED
        return response
    messages.success(request, _("已将 %(count)d 条消息标为已读") % {"count": count})
    return redirect(_next_url(request))


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except NotFound:
        raise Http404 from None
    # The link was set by our own services (site path or http(s) link, checked on write).
    return redirect(notification.url or "notify:inbox")


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The header badge alone, for htmx to refresh after a change or now and then."""
    return render(
        request, "notify/_badge.html", {"count": selectors.unread_count(user=request.user)}
    )
