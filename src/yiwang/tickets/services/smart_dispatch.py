"""智能派单: the tickets side of the routing classifier (yiwang.routing.classify).

At intake (``route_new_ticket``, called by ``ticket_create``) the model reads the subject and
description and predicts a top-level category (one of the labels it was trained on, e.g.
城乡建设); the label is a top-level Category of the same name, and the dispatch rules name its
department (``department_for``). Then:

- **no category given** (most phone and web requests): the prediction becomes the suggested
  department; at or above ``YIWANG_ROUTING_AUTO_DISPATCH_THRESHOLD`` (default 0.9) the ticket
  is dispatched at once by the system, below it the dispatcher sees the top three.
- **category given** (the requester or operator picked a leaf): the person's choice wins and
  the rule catalogue has already suggested its department. The prediction is a second
  opinion: when it agrees with the chosen category's branch at or above the threshold the
  ticket is dispatched at once to the rule's department; when it disagrees the dispatcher
  sees both.
- Never automatic for tickets taken by an operator (phone, visit, letter: the operator may
  still answer at once from the knowledge base) or with an emergency hint (110/119/120/122:
  a person must look first).

Every routed ticket records a RoutingDecision with the model version. When the dispatcher
sends the ticket elsewhere (``record_dispatch``, called by ``ticket_dispatch``) the override
is recorded with who and when; ``training_examples`` turns handled tickets and overrides into
the next training set (``yiwang routing train --from-db``).

Prediction never breaks intake: a missing or corrupt model falls back to the rule catalogue
and alerts the platform admins (at most once an hour per problem; a new installation where no
model was ever trained routes by the rules without alerts); any other error is logged and the
ticket waits for the dispatcher as before.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.core.config import env_float
from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.org.models import Department, Role
from yiwang.routing import classify
from yiwang.routing.classify import history
from yiwang.tickets.models import (
    FINISHED_STATUSES,
    Category,
    DispatchRule,
    Status,
    Ticket,
)
from yiwang.tickets.models.routing import RoutingDecision, RoutingSource
from yiwang.tickets.routing_rules import suggest_departments

logger = logging.getLogger("yiwang.tickets.smart_dispatch")

THRESHOLD_ENV = "YIWANG_ROUTING_AUTO_DISPATCH_THRESHOLD"
DEFAULT_THRESHOLD = 0.9
ALERT_EVERY_SECONDS = 3600
MODEL_ALERT = "routing.model_unavailable"

register_event(
    MODEL_ALERT,
    title=_("智能派单模型不可用（{{ problem }}）"),
    body=_(
        "智能派单的分类模型不可用（{{ problem }}：{{ detail }}）。新工单暂按派单目录规则建议"
        "承办部门，不会自动派单。请检查模型文件，或运行 yiwang routing train 重新训练。"
    ),
    description=_("分类模型缺失或损坏时提醒平台管理员（每类问题每小时至多一次）"),
)


def auto_dispatch_threshold() -> float:
    """The confidence at or above which a ticket is dispatched without a person; above 1
    switches automatic dispatch off. A value that is no number is logged and ignored."""
    try:
        return env_float(THRESHOLD_ENV, default=DEFAULT_THRESHOLD)
    except ImproperlyConfigured:
        logger.error("%s is not a number; using %s", THRESHOLD_ENV, DEFAULT_THRESHOLD)
        return DEFAULT_THRESHOLD


# --- label → category → department -------------------------------------------------------------


def category_for_label(label: str) -> Category | None:
    """The active top-level category named like the label."""
    return Category.objects.filter(parent__isnull=True, is_active=True, name=label).first()


def department_for(
    category: Category | None, region_code: str = ""
) -> tuple[Department | None, list[Department]]:
    """The department the dispatch rules give a category: its own rule (or an ancestor's), or
    for a branch without one, the department most of its leaves' best rules name."""
    lead, co = suggest_departments(category, region_code)
    if lead is not None or category is None:
        return lead, co
    best: dict[int, tuple[tuple[int, int], DispatchRule]] = {}
    rules = DispatchRule.objects.filter(
        category__path__startswith=category.path, category__is_active=True, is_active=True
    ).select_related("lead_department", "category")
    for rule in rules:
        if rule.region_prefix and not (region_code or "").startswith(rule.region_prefix):
            continue
        key = (len(rule.region_prefix), rule.priority)
        if rule.category_id not in best or key > best[rule.category_id][0]:
            best[rule.category_id] = (key, rule)
    if not best:
        return None, []
    ranked = sorted(best.values(), key=lambda item: item[1].category.path)
    votes = Counter(rule.lead_department_id for _key, rule in ranked)
    winner = max(votes, key=lambda dept_id: votes[dept_id])  # first leaf wins a tie
    return next(r.lead_department for _k, r in ranked if r.lead_department_id == winner), []


def _top_level(category: Category | None) -> Category | None:
    if category is None:
        return None
    root = category.path.strip("/").split("/")[0]
    if not root or int(root) == category.pk:
        return category
    return Category.objects.filter(pk=int(root)).first()


def labels_for_department(department_id: int) -> list[str]:
    """Top-level category names whose rules name this department (to read a dispatcher's
    choice of department as a label)."""
    paths = DispatchRule.objects.filter(
        lead_department_id=department_id, is_active=True
    ).values_list("category__path", flat=True)
    roots = {int(p.strip("/").split("/")[0]) for p in paths if p.strip("/")}
    return sorted(
        Category.objects.filter(pk__in=roots, parent__isnull=True).values_list("name", flat=True)
    )


# --- intake ------------------------------------------------------------------------------------


@dataclass
class _Suggestion:
    label: str
    confidence: float
    category: Category | None
    department: Department | None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "category_id": self.category.pk if self.category else None,
            "department_id": self.department.pk if self.department else None,
        }


def _text_of(ticket: Ticket) -> str:
    return f"{ticket.subject}\n{ticket.description}"


def route_new_ticket(ticket: Ticket, *, emergency: bool = False) -> Ticket:
    """Predict, record, and dispatch when confident. Returns the ticket (re-read when it was
    dispatched). Never raises: intake must not fail because of routing."""
    try:
        with transaction.atomic():
            return _route(ticket, emergency=emergency)
    except Exception:
        logger.exception("smart dispatch failed for ticket %s; left to the dispatcher", ticket.pk)
        return ticket


def _route(ticket: Ticket, *, emergency: bool) -> Ticket:
    try:
        prediction = classify.predict(_text_of(ticket))
    except classify.ModelNotTrained:
        RoutingDecision.objects.create(
            ticket=ticket, source=RoutingSource.RULES,
            suggested_department=ticket.suggested_department,
            reason=gettext("尚未训练分类模型，按派单目录规则建议"),
        )  # fmt: skip
        return ticket
    except classify.ModelUnavailable as error:
        _alert_admins(error)
        RoutingDecision.objects.create(
            ticket=ticket, source=RoutingSource.RULES,
            suggested_department=ticket.suggested_department,
            reason=gettext("分类模型不可用（%(problem)s），按派单目录规则建议")
            % {"problem": error.problem},
        )  # fmt: skip
        return ticket
    if not prediction.classified:
        RoutingDecision.objects.create(
            ticket=ticket, source=RoutingSource.NONE, model_version=prediction.model_version,
            suggested_department=ticket.suggested_department, reason=prediction.reason_text,
        )  # fmt: skip
        return ticket

    suggestions = []
    for label, confidence in prediction.top:
        category = category_for_label(label)
        department, _co = department_for(category, ticket.region_code)
        suggestions.append(_Suggestion(label, confidence, category, department))
    best = suggestions[0]
    chosen_root = _top_level(ticket.category)
    if chosen_root is not None:
        agrees = best.category is not None and best.category.pk == chosen_root.pk
        department = ticket.suggested_department
        reason = "" if agrees else gettext("预测分类与所选分类不一致，请派单员确认")
    else:
        agrees = True
        department = best.department
        reason = "" if department else gettext("预测分类在派单目录中没有对应部门")
    threshold = auto_dispatch_threshold()
    automatic = (
        agrees
        and department is not None
        and best.confidence >= threshold
        and ticket.received_by_id is None
        and not emergency
        and ticket.status == Status.PENDING_DISPATCH
    )
    if chosen_root is None and department is not None and ticket.suggested_department_id is None:
        ticket.suggested_department = department
        ticket.save(update_fields=["suggested_department"])
    decision = RoutingDecision.objects.create(
        ticket=ticket,
        source=RoutingSource.MODEL,
        model_version=prediction.model_version,
        predicted_label=best.label,
        predicted_category=best.category,
        suggested_department=department,
        confidence=best.confidence,
        top=[s.as_json() for s in suggestions],
        reason=reason,
    )
    if not automatic:
        return ticket
    return _dispatch_automatically(ticket, decision, department, best)


def _dispatch_automatically(
    ticket: Ticket, decision: RoutingDecision, department: Department, best: _Suggestion
) -> Ticket:
    from yiwang.tickets.services.dispatch import ticket_dispatch

    _lead, co = suggest_departments(ticket.category, ticket.region_code)
    template = gettext(
        "智能派单：预测分类“%(label)s”，置信度 %(confidence).0f%%（模型 %(version)s）"
    )
    note = template % {
        "label": best.label,
        "confidence": best.confidence * 100,
        "version": decision.model_version,
    }
    try:
        with transaction.atomic():
            ticket = ticket_dispatch(
                actor=None, ticket=ticket, lead_department=department,
                co_departments=co if ticket.category_id else [], note=note,
            )  # fmt: skip
    except Exception as error:  # a department that stopped taking tickets, a race ...
        logger.warning("auto-dispatch of ticket %s failed: %s", ticket.pk, error)
        decision.reason = gettext("自动派单未成功，请人工派单")
        decision.save(update_fields=["reason", "updated_at"])
        return ticket
    decision.auto_dispatched = True
    decision.save(update_fields=["auto_dispatched", "updated_at"])
    return ticket


def _platform_admins():
    from yiwang.accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                memberships__is_active=True,
                memberships__grants__role=Role.PLATFORM_ADMIN,
            )
        )
        .distinct()
    )


def _alert_admins(error: classify.ModelUnavailable) -> None:
    """Tell the platform admins, at most once an hour per kind of problem (per cache)."""
    logger.error("routing model unavailable (%s): %s", error.problem, error)
    if not cache.add(f"yiwang:routing:model-alert:{error.problem}", 1, ALERT_EVERY_SECONDS):
        return

    def send() -> None:
        context = {"problem": error.problem, "detail": str(error)[:200]}
        for admin in _platform_admins():
            notify_user(user=admin, event=MODEL_ALERT, context=context)

    transaction.on_commit(send, robust=True)


# --- dispatch and training ---------------------------------------------------------------------


def record_dispatch(ticket: Ticket, lead_department: Department, actor: Any) -> bool:
    """Called inside ``ticket_dispatch``: a person who sends the ticket to another department
    than the one suggested has overridden the suggestion. Returns whether it was one."""
    if actor is None:
        return False
    decision = RoutingDecision.objects.filter(ticket=ticket).first()
    if decision is None or decision.suggested_department_id in (None, lead_department.pk):
        return False
    labels = labels_for_department(lead_department.pk)
    decision.overridden = True
    decision.overridden_to = lead_department
    decision.overridden_label = labels[0] if len(labels) == 1 else ""
    decision.overridden_by = actor if getattr(actor, "is_authenticated", False) else None
    decision.overridden_at = timezone.now()
    decision.save()
    return True


def training_examples() -> Iterator[tuple[str, str]]:
    """(subject + description, label) of handled tickets, for ``train --from-db``:
    the top-level name of the ticket's category when it has one; else the label a
    dispatcher's override stands for; else the prediction a dispatcher confirmed by
    dispatching to the suggested department (automatic dispatches are not confirmations)."""
    roots = dict(Category.objects.filter(parent__isnull=True).values_list("pk", "name"))
    handled = (
        Ticket.objects.filter(status__in=FINISHED_STATUSES, lead_department__isnull=False)
        .select_related("category", "routing_decision")
        .order_by("pk")
    )
    for ticket in handled.iterator(chunk_size=2000):
        label = ""
        if ticket.category_id:
            root = ticket.category.path.strip("/").split("/")[0]
            label = roots.get(int(root), "") if root else ""
        else:
            decision = getattr(ticket, "routing_decision", None)
            if decision is not None and decision.overridden:
                label = decision.overridden_label
            elif (
                decision is not None
                and not decision.auto_dispatched
                and decision.predicted_label
                and decision.suggested_department_id == ticket.lead_department_id
            ):
                label = decision.predicted_label
        if label:
            yield _text_of(ticket), label


history.register_source("tickets", training_examples)
