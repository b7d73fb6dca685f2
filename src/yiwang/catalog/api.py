"""REST API of the catalog app at /api/v1/catalog: the public 办事指南, read-only.

``/items`` lists the service items in use (searched through the shared search service with
``q``; filters ``department`` (id or 机构代码), ``type`` and ``theme`` (个人 ``person`` /
法人 ``legal``); paged), ``/items/{code}`` is one item's guide with its materials, special
steps and form schema, ``/bundles`` and ``/bundles/{code}`` the life-event bundles (一件事).
No login: everything here is on the public pages too.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from yiwang.catalog import selectors
from yiwang.catalog.api_schemas import (
    BundleDetailOut,
    BundleListOut,
    ItemDetailOut,
    ItemPageOut,
    bundle_detail_out,
    bundle_out,
    item_detail_out,
    item_out,
)
from yiwang.catalog.models import Audience, ItemType
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.models import Department

router = Router(tags=["catalog"])


class ItemsQuery(Schema):
    q: str = Field("", max_length=200, description="关键词 (any text; never an error)")
    department: str = Field("", max_length=40, description="department id or 机构代码")
    type: str = Field("", max_length=20, description="item type, e.g. licensing")
    theme: str = Field("", max_length=10, description="person (个人) | legal (法人)")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class BundlesQuery(Schema):
    q: str = Field("", max_length=200, description="关键词")
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


class ChoiceOut(Schema):
    value: str
    label: str


def _department_id(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    match = Q(code=value) | (Q(pk=int(value)) if value.isdigit() and len(value) < 10 else Q())
    found = Department.objects.filter(match, is_active=True).values_list("pk", flat=True).first()
    if found is None:
        raise InvalidInput(field_errors=[FieldError("department", _("部门不存在"), "not_found")])
    return found


def _check_choices(filters: ItemsQuery) -> None:
    errors = []
    if filters.type and filters.type not in ItemType.values:
        errors.append(FieldError("type", _("事项类型无效"), "invalid_choice"))
    if filters.theme and filters.theme not in (Audience.PERSON, Audience.LEGAL):
        errors.append(FieldError("theme", _("主题只能是 person（个人）或 legal（法人）"),
                                 "invalid_choice"))  # fmt: skip
    if errors:
        raise InvalidInput(field_errors=errors)


@router.get("/items", response=ItemPageOut, auth=None, summary="事项列表与搜索")
def items(request, filters: Query[ItemsQuery]):
    _check_choices(filters)
    page = selectors.items_public(
        query=filters.q, department_id=_department_id(filters.department),
        item_type=filters.type or None, audience=filters.theme or None,
        limit=filters.limit, offset=filters.offset,
    )  # fmt: skip
    return {
        "total": page.total, "limit": filters.limit, "offset": filters.offset,
        "query": page.query, "mode": page.mode, "items": [item_out(i) for i in page.items],
    }  # fmt: skip


@router.get("/items/{code}", response=ItemDetailOut, auth=None, summary="办事指南")
def item(request, code: str):
    return item_detail_out(selectors.item_get(code=code[:40]))


@router.get("/types", response=list[ChoiceOut], auth=None, summary="事项类型")
def types(request):
    return [{"value": value, "label": str(label)} for value, label in ItemType.choices]


@router.get("/bundles", response=BundleListOut, auth=None, summary="一件事列表与搜索")
def bundles(request, filters: Query[BundlesQuery]):
    page = selectors.bundles_search(query=filters.q, limit=filters.limit, offset=filters.offset)
    return {"total": page.total, "query": page.query, "mode": page.mode,
            "items": [bundle_out(b) for b in page.bundles]}  # fmt: skip


@router.get("/bundles/{code}", response=BundleDetailOut, auth=None, summary="一件事详情")
def bundle(request, code: str):
    return bundle_detail_out(selectors.bundle_public(code=code[:40]))
