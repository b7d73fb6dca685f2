"""Header badge: ``{% load notify %}{% inbox_badge %}`` renders a link to the inbox with the
unread count, refreshed by htmx when the inbox changes (no query for anonymous visitors)."""

from django import template

from yiwang.notify import selectors

register = template.Library()


@register.inclusion_tag("notify/_badge.html", takes_context=True)
def inbox_badge(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"user": user, "count": selectors.unread_count(user=user)}


@register.simple_tag(takes_context=True)
def inbox_unread_count(context) -> int:
    """Just the number, for shells that draw their own badge."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return selectors.unread_count(user=user)
