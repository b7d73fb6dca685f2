"""REST API of the disclosure app at /api/v1/disclosure: public reads of 主动公开.

``/search`` is the JSON face of /disclosure/search; ``/publications`` and ``/catalogue`` list
what the public pages show. D2's requests (依申请公开) are mounted at ``/requests`` from
``api_requests.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from yiwang.core.errors import NotFound
from yiwang.disclosure.models import Publication
from yiwang.disclosure.selectors import publications as selectors
from yiwang.org.models import Department

router = Router(tags=["disclosure"])


class SearchQuery(Schema):
    q: str = Field("", description="关键词 (any text; never an error)")
    catalogue: str | None = Field(None, description="catalogue node code, e.g. zdly")
    department: int | None = Field(None, description="department id (and those below it)")
    year: int | None = Field(None, description="year published")
    kind: str | None = Field(None, description="regulation | normative | interpretation | other")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=5000)


class HitOut(Schema):
    id: int
    title: str
    title_html: str = Field(..., description="HTML: escaped, <mark> around matched words")
    snippet: str = Field(..., description="HTML: escaped, <mark> around matched words")
    url: str
    department_id: int | None
    published_at: dt.datetime | None
    score: float


class SearchOut(Schema):
    query: str
    total: int
    total_exact: bool
    mode: str = Field(..., description='"and": every word; "or": partial matches; "none"')
    items: list[HitOut]


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str


class PublicationOut(Schema):
    id: int
    index_number: str
    title: str
    url: str
    department_id: int
    department_name: str
    catalogue: str
    document_number: str
    written_on: dt.date | None
    published_at: dt.datetime
    topic: str
    doc_kind: str
    validity: str
    validity_changed_on: dt.date | None
    keywords: str


class PublicationDetailOut(PublicationOut):
    body_html: str
    attachments: list[AttachmentOut]
    interprets_id: int | None
    interpretation_ids: list[int]


class PublicationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PublicationOut]


class NodeOut(Schema):
    code: str
    name: str
    count: int
    children: list[NodeOut]


def _clean(value: str | None, limit: int) -> str:
    return (value or "")[:limit]


@router.get("/search", auth=None, response=SearchOut, summary="Search public information")
def search(request, params: Query[SearchQuery]):
    node = selectors.catalogue_node(_clean(params.catalogue, 60)) if params.catalogue else None
    department = None
    if params.department:
        department = Department.objects.filter(pk=params.department, is_active=True).first()
    results = selectors.search_publications(
        query=_clean(params.q, 1000), node=node, department=department, year=params.year,
        doc_kind=params.kind, limit=params.limit, offset=params.offset,
    )  # fmt: skip
    return {
        "query": params.q[: selectors.MAX_QUERY],
        "total": results.total,
        "total_exact": results.total_exact,
        "mode": results.mode,
        "items": [
            {
                "id": int(hit.object_id),
                "title": hit.title,
                "title_html": hit.title_html,
                "snippet": hit.snippet,
                "url": request.build_absolute_uri(hit.url),
                "department_id": hit.department_id,
                "published_at": hit.published_at,
                "score": round(hit.score, 4),
            }
            for hit in results.hits
        ],
    }


def _out(request, p: Publication) -> dict:
    return {
        "id": p.pk, "index_number": p.index_number or "", "title": p.title,
        "url": request.build_absolute_uri(reverse("disclosure:publication", args=[p.pk])),
        "department_id": p.department_id, "department_name": p.department.name,
        "catalogue": p.catalogue.code, "document_number": p.document_number,
        "written_on": p.written_on, "published_at": p.published_at, "topic": p.topic,
        "doc_kind": p.doc_kind, "validity": p.validity,
        "validity_changed_on": p.validity_changed_on, "keywords": p.keywords,
    }  # fmt: skip


class ListQuery(Schema):
    catalogue: str | None = None
    department: int | None = None
    year: int | None = None
    kind: str | None = None
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


@router.get("/publications", auth=None, response=PublicationPage, summary="Public information")
def publication_list(request, params: Query[ListQuery]):
    node = selectors.catalogue_node(_clean(params.catalogue, 60)) if params.catalogue else None
    if params.catalogue and node is None:
        raise NotFound(_("公开目录不存在"))
    department = None
    if params.department:
        department = Department.objects.filter(pk=params.department, is_active=True).first()
        if department is None:
            raise NotFound(_("发布机构不存在"))
    rows = selectors.publications_in(
        node=node, department=department, doc_kind=params.kind, year=params.year
    )
    page = Paginator(rows, params.page_size).get_page(params.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [_out(request, p) for p in page.object_list],
    }


@router.get(
    "/publications/{pk}", auth=None, response=PublicationDetailOut, summary="One publication"
)
def publication_detail(request, pk: int):
    found = selectors.publication_public_get(pk)
    if found is None:
        raise NotFound(_("该信息不存在或未公开"))
    interprets = selectors.public_interprets(found)
    return {
        **_out(request, found),
        "body_html": found.body_html,
        "attachments": [
            {
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": request.build_absolute_uri(
                    reverse("disclosure:publication_attachment", args=[found.pk, a.pk])
                ),
            }
            for a in found.attachments.all()
        ],
        "interprets_id": interprets.pk if interprets else None,
        "interpretation_ids": [r.pk for r in found.public_interpretations],
    }


def _node_out(item: selectors.TreeNode) -> dict:
    return {
        "code": item.node.code,
        "name": item.node.name,
        "count": item.count,
        "children": [_node_out(child) for child in item.children],
    }


@router.get("/catalogue", auth=None, response=list[NodeOut], summary="The catalogue tree")
def catalogue(request):
    return [_node_out(item) for item in selectors.catalogue_tree()]


# D2's requests (依申请公开) and annual report: their own router in api_requests.py.
try:
    from yiwang.disclosure.api_requests import router as requests_router
except ModuleNotFoundError as exc:
    if exc.name != "yiwang.disclosure.api_requests":
        raise
else:
    router.add_router("/requests", requests_router)
