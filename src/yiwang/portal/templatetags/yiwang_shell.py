"""Template helpers shared by the public portal and the staff workbench."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yiwang.portal.navigation import SECTIONS

register = template.Library()


@register.simple_tag
def maybe_url(name: str, *args, **kwargs) -> str:
    """``{% url %}`` that yields "" for a name not (yet) wired, instead of failing the page.

    Apps of the platform arrive one issue at a time; a navigation link to a page that does
    not exist yet must disappear, not take the whole layout down.
    """
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def portal_nav(context) -> list[dict]:
    """Top navigation items; the current one carries aria-current."""
    current = context.get("nav_section", "")
    items = [{"href": reverse("portal:home"), "label": _("首页"), "current": current == "home"}]
    for section in SECTIONS:
        items.append(
            {
                "href": reverse("portal:section", args=[section.slug]),
                "label": section.title,
                "current": current == section.slug,
            }
        )
    return items


@register.simple_tag
def field_widget(bound_field, **attrs):
    """Render a form widget whose hint and errors are announced with it (WCAG 3.3.1, 1.3.1).

    Points ``aria-describedby`` at the ids used by portal/_field.html for the hint and the
    error text, and marks an invalid field with ``aria-invalid``.
    """
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
