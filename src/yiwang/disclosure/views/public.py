"""Public pages of 主动公开 (/disclosure/...): the catalogue, a department's catalogue,
policy interpretations, a publication, its attachments, search and the sitemap. Thin:
selectors read; nothing here writes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yiwang.disclosure.models import CatalogueNode, DocKind
from yiwang.disclosure.selectors import publications as selectors
from yiwang.org.models import Department

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10
SITEMAP_LIMIT = 50_000  # the sitemaps.org limit per file
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "application/pdf"})


def _int(value, default=None, *, low=None, high=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if (low is not None and number < low) or (high is not None and number > high):
        return default
    return number


def _ancestors(node: CatalogueNode | None) -> list[CatalogueNode]:
    chain = []
    while node is not None and len(chain) < 10:
        chain.insert(0, node)
        node = node.parent
    return chain


def _list_page(
    request: HttpRequest,
    *,
    node: CatalogueNode | None = None,
    department: Department | None = None,
    doc_kind: str | None = None,
    heading: str,
    feed_code: str | None = None,
):
    year = _int(request.GET.get("year"), low=1990, high=2100)
    kind = doc_kind or request.GET.get("kind") or None
    rows = selectors.publications_in(node=node, department=department, doc_kind=kind, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "nav_section": "interpretation" if doc_kind == DocKind.INTERPRETATION else "open",
        "heading": heading,
        "tree": selectors.catalogue_tree(department=department),
        "current": node,
        "trail": _ancestors(node),
        "department": department,
        "page": page,
        "query": params.urlencode(),
        "years": selectors.public_years(),
        "year": year,
        "kinds": [] if doc_kind else DocKind.choices,
        "kind": kind,
        "feed_code": feed_code,
    }
    return render(request, "disclosure/publications/list.html", context)


@require_GET
def index(request: HttpRequest):
    return _list_page(request, heading=_("政府信息公开目录"))


@require_GET
def catalogue(request: HttpRequest, code: str):
    node = selectors.catalogue_node(code)
    if node is None:
        raise Http404
    return _list_page(request, node=node, heading=node.name, feed_code=node.code)


@require_GET
def interpretations(request: HttpRequest):
    return _list_page(request, doc_kind=DocKind.INTERPRETATION, heading=_("政策解读"))


@require_GET
def departments(request: HttpRequest):
    return render(
        request,
        "disclosure/publications/departments.html",
        {"nav_section": "open", "departments": selectors.publishing_departments()},
    )


@require_GET
def department_catalogue(request: HttpRequest, department_code: str, code: str | None = None):
    department = selectors.public_department(department_code)
    node = selectors.catalogue_node(code) if code else None
    if department is None or (code and node is None):
        raise Http404
    if node is not None and node.department_id not in (None, department.pk):
        raise Http404
    heading = _("%(department)s信息公开目录") % {"department": department.name}
    return _list_page(request, node=node, department=department, heading=heading)


@require_GET
def publication(request: HttpRequest, pk: int):
    found = selectors.publication_public_get(pk)
    if found is None:
        raise Http404
    context = {
        "nav_section": ("interpretation" if found.doc_kind == DocKind.INTERPRETATION else "open"),
        "publication": found,
        "trail": _ancestors(found.catalogue),
        "interprets": selectors.public_interprets(found),
        "interpretations": found.public_interpretations,
    }
    return render(request, "disclosure/publications/detail.html", context)


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int):
    found = selectors.publication_public_get(pk)
    item = None
    if found is not None:
        item = next((a for a in found.attachments.all() if a.pk == attachment_pk), None)
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type not in INLINE_TYPES,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def search(request: HttpRequest):
    query = " ".join(request.GET.get("q", "").split())[: selectors.MAX_QUERY]
    node = selectors.catalogue_node(request.GET.get("catalogue", "")[:60])
    department = None
    department_id = _int(request.GET.get("department"), low=1)
    if department_id:
        department = Department.objects.filter(pk=department_id, is_active=True).first()
    year = _int(request.GET.get("year"), low=1990, high=2100)
    kind = request.GET.get("kind") if request.GET.get("kind") in DocKind.values else None
    page = _int(request.GET.get("page"), 1, low=1, high=500)
    results = None
    if query:
        results = selectors.search_publications(
            query=query, node=node, department=department, year=year, doc_kind=kind,
            limit=SEARCH_PAGE_SIZE, offset=(page - 1) * SEARCH_PAGE_SIZE,
        )  # fmt: skip
    names = {}
    if results is not None:
        ids = {hit.department_id for hit in results.hits if hit.department_id}
        names = dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "nav_section": "open",
        "search_query": query,
        "results": results,
        "department_names": names,
        "page": page,
        "has_next": results is not None and page * SEARCH_PAGE_SIZE < results.total,
        "params": params.urlencode(),
        "catalogue_options": selectors.catalogue_choices(),
        "department_options": selectors.publishing_departments(),
        "years": selectors.public_years(),
        "kinds": DocKind.choices,
        "selected": {
            "catalogue": node.code if node else "",
            "department": department.pk if department else None,
            "year": year,
            "kind": kind or "",
        },
    }
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
    template = (
        "disclosure/publications/_search_results.html"
        if partial
        else "disclosure/publications/search.html"
    )
    return render(request, template, context)


@require_GET
def sitemap(request: HttpRequest):
    """sitemaps.org XML of the catalogue pages and every public publication."""
    base = request.build_absolute_uri("/")[:-1]
    urls = [(base + reverse("disclosure:index"), None)]
    urls += [
        (base + reverse("disclosure:catalogue", args=[n.code]), None)
        for n in selectors.catalogue_choices()
    ]
    rows = (
        selectors.public_publications()
        .values_list("pk", "updated_at")
        .order_by("-published_at")[:SITEMAP_LIMIT]
    )
    urls += [(base + reverse("disclosure:publication", args=[pk]), when) for pk, when in rows]
    body = render_to_string("disclosure/publications/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
