from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from yiwang.org.permissions import can
from yiwang.workbench import selectors
from yiwang.workbench.navigation import NAV_ITEMS

register = template.Library()


@register.simple_tag(takes_context=True)
def workbench_nav(context) -> list[dict]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    user = getattr(request, "user", None)
    items = []
    for name, label, action in NAV_ITEMS:
        if action is not None and not can(user, action):
            continue  # no link to a page that would refuse this person
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "name": name,
                "href": href,
                "label": label,
                "current": current == name,
                "count": _unread(context) if name == "notify:inbox" else None,
            }
        )
    return items


def _unread(context) -> int | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    # cached on the request: the count appears in the sidebar and on the dashboard
    if not hasattr(request, "_yiwang_unread"):
        request._yiwang_unread = selectors.unread_notification_count(user=user)
    return request._yiwang_unread


@register.simple_tag(takes_context=True)
def workbench_identity(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user": None, "memberships": []}
    if not hasattr(request, "_yiwang_memberships"):
        request._yiwang_memberships = list(selectors.memberships_for(user=user))
    return {"user": user, "memberships": request._yiwang_memberships, "unread": _unread(context)}
