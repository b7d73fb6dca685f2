"""Writes behind the staff workbench: revealing a requester's phone, logging exports,
guarding actions with the version the page was drawn from, keeping reply templates."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.permissions import require
from yiwang.tickets.models import Category, ReplyTemplate, Ticket
from yiwang.tickets.services.transitions import version_guard

MAX_TEMPLATE_TITLE = 100
MAX_TEMPLATE_BODY = 5000


def expected_version(ticket: Ticket, version: int | None):
    """The page was drawn from ``version``: act under the lock only if nobody changed it."""
    return version_guard(ticket.pk, version)


def ticket_requester_reveal(*, actor: Any, ticket: Ticket) -> dict[str, str]:
    """The requester's phone in full for staff allowed to see it; every reveal is audited."""
    require(actor, "tickets.view_requester", ticket)
    with transaction.atomic():
        audit_record(
            action="tickets.requester.reveal",
            target=ticket,
            actor=actor,
            summary=f"{ticket.case_number} 查看诉求人联系电话",
        )
    phone = ticket.requester_phone or ""
    if not phone and ticket.requester_id:
        phone = ticket.requester.phone or ""
    return {"name": ticket.requester_name, "phone": phone}


def ticket_export_logged(*, actor: Any, count: int, filters: dict[str, Any]) -> None:
    """An export leaves a trace: who took which list out of the system, and how many rows."""
    require(actor, "tickets.export")
    with transaction.atomic():
        audit_record(
            action="tickets.export",
            actor=actor,
            object_type="tickets.Ticket",
            summary=f"导出工单列表 {count} 条",
            changes={"filters": [None, {k: str(v) for k, v in filters.items() if v}]},
        )


def _template_fields(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = []
    if not title:
        errors.append(FieldError("title", _("请填写模板名称"), "required"))
    elif len(title) > MAX_TEMPLATE_TITLE:
        errors.append(FieldError("title", _("模板名称不能超过 100 个字符"), "too_long"))
    if not body:
        errors.append(FieldError("body", _("请填写模板内容"), "required"))
    elif len(body) > MAX_TEMPLATE_BODY:
        errors.append(FieldError("body", _("内容不能超过 5000 个字符"), "too_long"))
    if errors:
        raise InvalidInput(field_errors=errors)
    return title, body


def reply_template_save(
    *,
    actor: Any,
    template: ReplyTemplate | None = None,
    title: str,
    body: str,
    category: Category | None = None,
    is_active: bool = True,
    sort_order: int = 0,
) -> ReplyTemplate:
    """Create a reply template, or change ``template``."""
    require(actor, "tickets.knowledge.manage")
    title, body = _template_fields(title, body)
    with transaction.atomic():
        if template is None:
            template = ReplyTemplate(title=title, body=body)
            before: dict[str, Any] = {}
        else:
            template = ReplyTemplate.objects.select_for_update().get(pk=template.pk)
            before = {
                "title": template.title,
                "category": template.category_id,
                "is_active": template.is_active,
                "sort_order": template.sort_order,
                "body": template.body,
            }
        template.title, template.body, template.category = title, body, category
        template.is_active, template.sort_order = is_active, max(int(sort_order or 0), 0)
        template.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        template.save()
        after = {
            "title": template.title,
            "category": template.category_id,
            "is_active": template.is_active,
            "sort_order": template.sort_order,
            "body": template.body,
        }
        audit_record(
            action="tickets.reply_template.save",
            target=template,
            actor=actor,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            summary=f"答复模板「{template.title}」",
        )
    return template
