"""/api/v1/tickets/knowledge: search the knowledge base, read entries, and (for managers)
create, change, deactivate and reactivate them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from yiwang.core.errors import FieldError, InvalidInput, NotFound, PermissionDenied
from yiwang.org.models import Department
from yiwang.org.permissions import require
from yiwang.tickets.models import Category, KnowledgeEntry
from yiwang.tickets.selectors import knowledge as selectors
from yiwang.tickets.services import knowledge as kb

router = Router(tags=["tickets-knowledge"])


class KnowledgeOut(Schema):
    id: int
    question: str
    answer: str
    keywords: str
    department_id: int
    department_name: str
    category_code: str | None
    is_active: bool
    use_count: int
    updated_at: dt.datetime
    revision: str = Field(..., description="send back as expected_revision when changing")


class KnowledgeHitOut(Schema):
    id: int
    question: str
    question_html: str = Field(..., description="HTML: escaped, <mark> around matched words")
    snippet: str = Field(..., description="HTML: escaped, <mark> around matched words")
    answer: str
    department_name: str
    category_code: str | None
    use_count: int
    score: float


class KnowledgeSearchOut(Schema):
    total: int
    mode: str = Field(..., description='"and": all words matched; "or": partial matches')
    items: list[KnowledgeHitOut]


class KnowledgeIn(Schema):
    department_id: int
    question: str = Field(..., max_length=200)
    answer: str = Field(..., max_length=5000)
    keywords: str = Field("", max_length=200)
    category_code: str | None = Field(None, max_length=32)


class KnowledgePatch(Schema):
    department_id: int | None = None
    question: str | None = Field(None, max_length=200)
    answer: str | None = Field(None, max_length=5000)
    keywords: str | None = Field(None, max_length=200)
    category_code: str | None = Field(None, max_length=32, description='"" clears the category')
    is_active: bool | None = None
    expected_revision: str | None = Field(None, max_length=40)


class KnowledgeQuery(Schema):
    q: str = Field("", max_length=100)
    category_code: str | None = Field(None, max_length=32)
    limit: int = Field(10, ge=1, le=50)
    offset: int = Field(0, ge=0, le=5000)


def _out(entry: KnowledgeEntry) -> dict:
    return {
        "id": entry.pk,
        "question": entry.question,
        "answer": entry.answer,
        "keywords": entry.keywords,
        "department_id": entry.department_id,
        "department_name": entry.department.name,
        "category_code": entry.category.code if entry.category_id else None,
        "is_active": entry.is_active,
        "use_count": entry.use_count,
        "updated_at": entry.updated_at,
        "revision": kb.revision(entry),
    }


def _department(pk: int) -> Department:
    department = Department.objects.filter(pk=pk, is_active=True).first()
    if department is None:
        raise InvalidInput(
            field_errors=[
                FieldError("department_id", _("请选择有效的维护部门"), "invalid_department")
            ]
        )
    return department


def _category(code: str | None) -> Category | None:
    if not code:
        return None
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise InvalidInput(
            field_errors=[
                FieldError("category_code", _("诉求分类不存在或已停用"), "unknown_category")
            ]
        )
    return category


def _entry(request, pk: int) -> KnowledgeEntry:
    entry = selectors.knowledge_get(user=request.auth, pk=pk)
    if entry is None:
        raise NotFound(_("知识条目不存在"))
    return entry


@router.get("", response=KnowledgeSearchOut, summary="Search the knowledge base (Chinese)")
def search_knowledge(request, params: Query[KnowledgeQuery]):
    if not selectors.may_consult(request.auth):
        raise PermissionDenied()
    category = _category(params.category_code)
    page = selectors.knowledge_search_page(
        user=request.auth, query=params.q, limit=params.limit, offset=params.offset,
        category=category,
    )  # fmt: skip
    items = [
        {
            "id": e.pk,
            "question": e.question,
            "question_html": str(e.question_html),
            "snippet": str(e.snippet),
            "answer": e.answer,
            "department_name": e.department.name,
            "category_code": e.category.code if e.category_id else None,
            "use_count": e.use_count,
            "score": e.score,
        }
        for e in page.entries
    ]
    return {"total": page.total, "mode": page.mode, "items": items}


@router.get("/{int:pk}", response=KnowledgeOut, summary="One knowledge-base entry")
def get_knowledge(request, pk: int):
    return _out(_entry(request, pk))


@router.post("", response={201: KnowledgeOut}, summary="Create an entry (knowledge managers)")
def create_knowledge(request, payload: KnowledgeIn):
    require(request.auth, kb.MANAGE)
    entry = kb.knowledge_create(
        actor=request.auth, department=_department(payload.department_id),
        question=payload.question, answer=payload.answer, keywords=payload.keywords,
        category=_category(payload.category_code),
    )  # fmt: skip
    return Status(201, _out(entry))


@router.patch("/{int:pk}", response=KnowledgeOut, summary="Change, deactivate or reactivate")
def update_knowledge(request, pk: int, payload: KnowledgePatch):
    entry = _entry(request, pk)
    require(request.auth, kb.MANAGE, entry)
    fields = payload.dict(exclude_unset=True)
    revision = fields.pop("expected_revision", None)
    active = fields.pop("is_active", None)
    changes = {k: fields[k] for k in ("question", "answer", "keywords") if k in fields}
    if fields.get("department_id") is not None:
        changes["department"] = _department(fields["department_id"])
    if "category_code" in fields:
        changes["category"] = _category(fields["category_code"])
    if changes:
        entry = kb.knowledge_update(
            actor=request.auth, entry=entry, expected_revision=revision, **changes
        )
        revision = kb.revision(entry) if revision is not None else None
    if active is not None:
        entry = kb.knowledge_set_active(
            actor=request.auth, entry=entry, active=active, expected_revision=revision
        )
    return _out(KnowledgeEntry.objects.select_related("department", "category").get(pk=entry.pk))
