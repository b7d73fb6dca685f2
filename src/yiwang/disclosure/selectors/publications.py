"""Public reads of 主动公开: the catalogue tree, lists, a publication, search.

What the public sees is exactly ``PUBLIC_STATUSES``: published documents, and documents
whose 有效期 ended (kept online, marked 失效, as government sites do). Drafts, documents
under review and revoked ones are never shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from yiwang.disclosure.models import CatalogueNode, DocKind, Publication, PublicationStatus
from yiwang.org.models import Department
from yiwang.search.service import SearchResults, search

PUBLIC_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.EXPIRED)
DOC_TYPE = "disclosure.publication"
MAX_QUERY = 100


@dataclass
class TreeNode:
    node: CatalogueNode
    count: int = 0
    children: list[TreeNode] = field(default_factory=list)


def public_publications() -> QuerySet[Publication]:
    return (
        Publication.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("department", "catalogue")
        .order_by("-published_at", "-pk")
    )


def _nodes_for(department: Department | None) -> QuerySet[CatalogueNode]:
    """Standard nodes, plus the department's own ones on its catalogue page."""
    mine = Q(department__isnull=True)
    if department is not None:
        mine |= Q(department=department)
    return CatalogueNode.objects.filter(mine, is_active=True).order_by("depth", "sort_order", "pk")


def catalogue_tree(*, department: Department | None = None) -> list[TreeNode]:
    """The catalogue with the number of public documents in each node's subtree (of one
    department and the departments below it, when given)."""
    rows = public_publications().order_by()
    if department is not None:
        rows = rows.filter(department__path__startswith=department.path)
    per_path = Counter(
        dict(
            rows.values("catalogue__path")
            .annotate(n=Count("pk"))
            .values_list("catalogue__path", "n")
        )
    )
    by_pk: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in _nodes_for(department):
        item = TreeNode(node, sum(n for path, n in per_path.items() if path.startswith(node.path)))
        by_pk[node.pk] = item
        parent = by_pk.get(node.parent_id) if node.parent_id else None
        if parent is not None:
            parent.children.append(item)
        elif node.parent_id is None:
            roots.append(item)
    return roots


def catalogue_node(code: str) -> CatalogueNode | None:
    return CatalogueNode.objects.filter(code=code, is_active=True).first()


def tree_order(nodes: list[CatalogueNode]) -> list[CatalogueNode]:
    """Nodes depth first, siblings by their sort order (a flat list for selects)."""
    order = {n.code: (n.sort_order, n.pk) for n in nodes}

    def key(node: CatalogueNode) -> list[tuple[int, int]]:
        return [order.get(code, (0, 0)) for code in node.path.strip("/").split("/")]

    return sorted(nodes, key=key)


def catalogue_choices() -> list[CatalogueNode]:
    """The standard catalogue, depth first."""
    return tree_order(list(_nodes_for(None)))


def catalogue_choices_for_staff() -> QuerySet[CatalogueNode]:
    """Every active node (standard and departments' own); the service checks the department."""
    return CatalogueNode.objects.filter(is_active=True).select_related("department")


def public_department(code: str) -> Department | None:
    return Department.objects.filter(code=code, is_active=True).first()


def publishing_departments() -> QuerySet[Department]:
    """Departments with at least one public document, for filters and the directory."""
    ids = public_publications().order_by().values("department_id").distinct()
    return Department.objects.filter(pk__in=ids, is_active=True).order_by("path")


def publications_in(
    *,
    node: CatalogueNode | None = None,
    department: Department | None = None,
    doc_kind: str | None = None,
    year: int | None = None,
) -> QuerySet[Publication]:
    rows = public_publications()
    if node is not None:
        rows = rows.filter(catalogue__path__startswith=node.path)
    if department is not None:
        rows = rows.filter(department__path__startswith=department.path)
    if doc_kind in DocKind.values:
        rows = rows.filter(doc_kind=doc_kind)
    if year:
        rows = rows.filter(published_at__year=year)
    return rows


def public_years() -> list[int]:
    years = (
        public_publications()
        .order_by()
        .annotate(y=ExtractYear("published_at"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)


def publication_public_get(pk: Any) -> Publication | None:
    """A public publication with what its page shows, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        public_publications()
        .select_related("interprets")
        .prefetch_related(
            "attachments",
            Prefetch(
                "interpretations",
                queryset=Publication.objects.filter(status__in=PUBLIC_STATUSES).order_by(
                    "published_at"
                ),
                to_attr="public_interpretations",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def public_interprets(publication: Publication) -> Publication | None:
    """The policy an interpretation explains, when it is public."""
    target = publication.interprets
    return target if target is not None and target.status in PUBLIC_STATUSES else None


def search_publications(
    *,
    query: str,
    node: CatalogueNode | None = None,
    department: Department | None = None,
    year: int | None = None,
    doc_kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Full-text search over public publications. Any query string is fine: the search
    service parses it itself and never raises on what a visitor typed."""
    filters: dict[str, Any] = {"status": "published"}
    if node is not None:
        filters["category"] = node.code
    if year:
        filters["year"] = str(year)
    if doc_kind in DocKind.values:
        filters["kind"] = doc_kind
    department_ids = None
    if department is not None:
        department_ids = list(
            Department.objects.filter(path__startswith=department.path).values_list("pk", flat=True)
        )
    return search(
        (query or "")[:MAX_QUERY],
        doc_types=[DOC_TYPE],
        filters=filters,
        department_ids=department_ids,
        limit=max(1, min(limit, 100)),
        offset=max(0, min(offset, 5000)),
    )
