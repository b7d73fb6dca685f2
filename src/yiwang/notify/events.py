"""Event templates: each app registers the wording of the events it sends; admins may
override any part per channel through NotificationTemplate rows.

    from yiwang.notify.events import register_event
    register_event(
        "tickets.assigned",
        title=_("工单 {{ case_no }} 已派给您"),
        body=_("请在 {{ deadline }} 前签收办理。"),
        sms=_("您有新工单 {{ case_no }}，请及时签收。"),
        email_subject=_("新工单 {{ case_no }}"),
    )

Templates use Django template syntax and are rendered as plain text (no HTML escaping: the
inbox escapes on display, SMS and e-mail are plain text). The context is the dict given to
``notify_user`` plus ``recipient_name`` and ``url``; the recipient object itself is not
exposed, so an edited template cannot pull personal data (ID number, phone) into a message.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError, engines
from django.utils import translation

from yiwang.notify.models import Channel, NotificationTemplate

logger = logging.getLogger("yiwang.notify")


@dataclass(frozen=True)
class Event:
    code: str
    title: Any  # str or lazy translation; Django template syntax
    body: Any = ""
    sms: Any = None  # default: the body, or the title when there is no body
    email_subject: Any = None  # default: the title
    email_body: Any = None  # default: the body
    description: Any = ""

    def default_parts(self, channel: str) -> tuple[Any, Any]:
        """(subject, body) templates for a channel before any admin override."""
        if channel == Channel.EMAIL:
            return self.email_subject or self.title, self.email_body or self.body or self.title
        if channel == Channel.SMS:
            return "", self.sms or self.body or self.title
        return self.title, self.body


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class UnknownEvent(LookupError):
    """notify_user was called with an event code nobody registered (a programming error)."""


_EVENTS: dict[str, Event] = {}


def register_event(
    code: str,
    *,
    title: Any,
    body: Any = "",
    sms: Any = None,
    email_subject: Any = None,
    email_body: Any = None,
    description: Any = "",
) -> Event:
    if not code or len(code) > 64:
        raise ValueError("event code must be 1-64 characters")
    event = Event(code, title, body, sms, email_subject, email_body, description)
    existing = _EVENTS.get(code)
    if existing is not None and existing != event:
        raise ValueError(f"notification event {code!r} registered twice with different text")
    _EVENTS[code] = event
    return event


def get_event(code: str) -> Event:
    try:
        return _EVENTS[code]
    except KeyError:
        raise UnknownEvent(f"notification event {code!r} is not registered") from None


def registered_events() -> list[Event]:
    return sorted(_EVENTS.values(), key=lambda e: e.code)


@functools.cache
def _engine() -> Engine:
    # The project's template libraries ({% load humanize %} ...), but no autoescape: the
    # output is plain text and is escaped where it is shown as HTML.
    django_engine = engines["django"].engine
    return Engine(autoescape=False, libraries=django_engine.libraries)


def compile_template(source: Any):
    """Compile template text; raises TemplateSyntaxError (used to validate admin edits)."""
    return _engine().from_string(str(source or ""))


def _render(source: Any, context: dict[str, Any]) -> str:
    if not source:
        return ""
    return compile_template(source).render(Context(context, autoescape=False)).strip()


def render_event(
    code: str, channel: str, context: dict[str, Any], *, language: str | None = None
) -> Rendered:
    """Render an event for a channel: an active admin override first, the registered default
    for whatever the override leaves blank (or when the override fails to render)."""
    event = get_event(code)
    default_subject, default_body = event.default_parts(channel)
    override = NotificationTemplate.objects.filter(
        event=code, channel=channel, is_active=True
    ).first()
    with translation.override(language or translation.get_language()):
        if override is not None:
            try:
                return Rendered(
                    _render(override.subject or default_subject, context),
                    _render(override.body or default_body, context),
                )
            except Exception:
                # A broken override must not silence the message; say so and use the default.
                logger.exception("notification template override %s failed", override.pk)
        return Rendered(_render(default_subject, context), _render(default_body, context))


def check_registered_templates() -> list[tuple[str, str]]:
    """(event code, error) for every registered default that does not compile."""
    problems = []
    with translation.override("zh-hans"):
        for event in registered_events():
            for part in (event.title, event.body, event.sms, event.email_subject, event.email_body):
                try:
                    compile_template(part)
                except TemplateSyntaxError as exc:
                    problems.append((event.code, str(exc)))
    return problems
