"""Helpers for the staff ticket page tests."""

from __future__ import annotations

from django.urls import reverse

from yiwang.tickets.models import Ticket

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
STALE = "工单已被他人处理，请刷新"


def detail(ticket):
    return reverse("tickets:detail", args=[ticket.pk])


def act(client, ticket, action, version=None, **fields):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data[f"{action}-expected_version"] = ticket.version if version is None else version
    return client.post(reverse("tickets:act", args=[ticket.pk, action]), data)


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def actions_on_page(client, ticket) -> list[str]:
    return [a for a, _label, _form in client.get(detail(ticket)).context["action_forms"]]
