"""Writes to the knowledge base (知识库): a department's authoritative answers, which operators
use to answer consultations at once (即时办结).

Every write is checked against ``tickets.knowledge.manage`` for the entry's department,
audited, and queues re-indexing in the shared search service once it commits.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, NotFound
from yiwang.org.models import Department
from yiwang.org.permissions import require
from yiwang.search.service import index_later
from yiwang.tickets.models import Category, KnowledgeEntry

DOC_TYPE = "kb"
MANAGE = "tickets.knowledge.manage"
MAX_QUESTION = 200
MAX_ANSWER = 5000
MAX_KEYWORDS = 200
_KEYWORD_SPLIT = re.compile(r"[\s,，、;；/|]+")
UNSET: Any = object()


def revision(entry: KnowledgeEntry) -> str:
    """What a form or API client sends back to prove it edited the current text; the model
    has no version column, and ``updated_at`` moves on every write through these services."""
    return f"{entry.updated_at.timestamp():.6f}" if entry.updated_at else ""


def normalize_keywords(value: str) -> str:
    """Keywords as typed (spaces, commas, 、 ...) become one "、"-separated list, deduplicated."""
    words = [w for w in _KEYWORD_SPLIT.split(value or "") if w]
    return "、".join(dict.fromkeys(words))


def _clean(
    *, question: str, answer: str, keywords: str, department: Any, category: Any
) -> dict[str, Any]:
    errors: list[FieldError] = []
    question = " ".join((question or "").split())
    answer = (answer or "").strip()
    keywords = normalize_keywords(keywords)
    if not question:
        errors.append(FieldError("question", _("请填写问题"), "required"))
    elif len(question) > MAX_QUESTION:
        errors.append(FieldError("question", _("问题不能超过 200 个字符"), "too_long"))
    if not answer:
        errors.append(FieldError("answer", _("请填写答案"), "required"))
    elif len(answer) > MAX_ANSWER:
        errors.append(FieldError("answer", _("答案不能超过 5000 个字符"), "too_long"))
    if len(keywords) > MAX_KEYWORDS:
        errors.append(FieldError("keywords", _("关键词合计不能超过 200 个字符"), "too_long"))
    if not isinstance(department, Department) or not department.is_active:
        errors.append(FieldError("department", _("请选择有效的维护部门"), "invalid_department"))
    if category is not None and (not isinstance(category, Category) or not category.is_active):
        errors.append(FieldError("category", _("诉求分类不存在或已停用"), "unknown_category"))
    if errors:
        raise InvalidInput(field_errors=errors)
    return {"question": question, "answer": answer, "keywords": keywords}


def knowledge_create(
    *,
    actor: Any,
    department: Department,
    question: str,
    answer: str,
    keywords: str = "",
    category: Category | None = None,
) -> KnowledgeEntry:
    """A new entry kept by ``department``; ``actor=None`` is a trusted system path (demo)."""
    clean = _clean(
        question=question, answer=answer, keywords=keywords, department=department,
        category=category,
    )  # fmt: skip
    if actor is not None:
        require(actor, MANAGE, department)
    with transaction.atomic():
        entry = KnowledgeEntry.objects.create(
            department=department, category=category, updated_by=_user(actor), **clean
        )
        audit_record(
            action="tickets.knowledge.create", target=entry, actor=actor,
            department_id=department.pk, summary=clean["question"][:100],
            changes={"question": [None, clean["question"]], "department": [None, department.pk]},
        )  # fmt: skip
        index_later(DOC_TYPE, entry.pk)
    return entry


def _locked(entry: KnowledgeEntry, expected_revision: str | None) -> KnowledgeEntry:
    locked = KnowledgeEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:
        raise NotFound(_("知识条目不存在"))
    if expected_revision is not None and expected_revision != revision(locked):
        raise Conflict(
            _("知识条目已被他人修改，请刷新后重试"), code="version-conflict",
            extra={"current_revision": revision(locked)},
        )  # fmt: skip
    return locked


def knowledge_update(
    *,
    actor: Any,
    entry: KnowledgeEntry,
    question: str | None = None,
    answer: str | None = None,
    keywords: str | None = None,
    category: Category | None = UNSET,
    department: Department | None = None,
    expected_revision: str | None = None,
) -> KnowledgeEntry:
    """Change the given fields. Moving an entry to another department needs the right to
    manage both. A stale ``expected_revision`` is a 409, never a silent overwrite."""
    with transaction.atomic():
        locked = _locked(entry, expected_revision)
        if actor is not None:
            require(actor, MANAGE, locked)
        target_department = department or locked.department
        clean = _clean(
            question=locked.question if question is None else question,
            answer=locked.answer if answer is None else answer,
            keywords=locked.keywords if keywords is None else keywords,
            department=target_department,
            category=locked.category if category is UNSET else category,
        )
        if actor is not None and target_department.pk != locked.department_id:
            require(actor, MANAGE, target_department)
        new_category = locked.category if category is UNSET else category
        changes: dict[str, list[Any]] = {}
        for field, value in clean.items():
            if getattr(locked, field) != value:
                changes[field] = [getattr(locked, field), value]
                setattr(locked, field, value)
        if locked.category_id != (new_category.pk if new_category else None):
            changes["category"] = [locked.category_id, new_category.pk if new_category else None]
            locked.category = new_category
        if locked.department_id != target_department.pk:
            changes["department"] = [locked.department_id, target_department.pk]
            locked.department = target_department
        if not changes:
            return locked
        locked.updated_by = _user(actor)
        locked.save()
        audit_record(
            action="tickets.knowledge.update", target=locked, actor=actor,
            department_id=locked.department_id, summary=locked.question[:100], changes=changes,
        )  # fmt: skip
        index_later(DOC_TYPE, locked.pk)
    return locked


def knowledge_set_active(
    *, actor: Any, entry: KnowledgeEntry, active: bool, expected_revision: str | None = None
) -> KnowledgeEntry:
    """Deactivate (停用) or reactivate an entry. A deactivated entry leaves the search index;
    tickets already answered from it keep their recorded answer."""
    with transaction.atomic():
        locked = _locked(entry, expected_revision)
        if actor is not None:
            require(actor, MANAGE, locked)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.updated_by = _user(actor)
        locked.save()
        audit_record(
            action="tickets.knowledge.activate" if active else "tickets.knowledge.deactivate",
            target=locked, actor=actor, department_id=locked.department_id,
            summary=locked.question[:100], changes={"is_active": [not active, active]},
        )  # fmt: skip
        index_later(DOC_TYPE, locked.pk)
    return locked


def knowledge_deactivate(*, actor: Any, entry: KnowledgeEntry) -> KnowledgeEntry:
    return knowledge_set_active(actor=actor, entry=entry, active=False)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
