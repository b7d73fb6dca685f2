"""Workbench reads of 主动公开: a department's publications, the review queue, choices."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yiwang.disclosure.models import Publication, PublicationStatus
from yiwang.disclosure.selectors.publications import PUBLIC_STATUSES
from yiwang.org.models import Department
from yiwang.org.permissions import can, scope_queryset

VIEW = "disclosure.publication.view"
MAX_QUERY = 100


def may_use(user: Any) -> bool:
    return can(user, VIEW)


def publications_for_staff(
    *, user: Any, status: str | None = None, query: str = "", department_id: int | None = None
) -> QuerySet[Publication]:
    """The publications of the departments the user reaches, newest change first."""
    rows = scope_queryset(user, VIEW, Publication.objects.all()).select_related(
        "department", "catalogue", "author"
    )
    if status == "review":  # what is waiting for someone's decision
        rows = rows.filter(status__in=[PublicationStatus.PENDING, PublicationStatus.APPROVED])
    elif status in PublicationStatus.values:
        rows = rows.filter(status=status)
    query = " ".join((query or "").split())[:MAX_QUERY]
    if query:
        rows = rows.filter(
            Q(title__icontains=query)
            | Q(index_number__icontains=query)
            | Q(document_number__icontains=query)
        )
    if department_id:
        rows = rows.filter(department_id=department_id)
    return rows.order_by("-updated_at", "-pk")


def publication_for_staff(*, user: Any, pk: Any) -> Publication | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        publications_for_staff(user=user)
        .select_related("interprets", "reviewer")
        .prefetch_related("attachments", "events__actor", "interpretations")
        .filter(pk=pk)
        .first()
    )


def writable_departments(user: Any) -> QuerySet[Department]:
    departments = Department.objects.filter(is_active=True)
    return scope_queryset(
        user, "disclosure.publication.edit", departments, department_field="self"
    ).order_by("path")


def interpretable_publications(user: Any) -> QuerySet[Publication]:
    """Public policies an interpretation may point at (any department's)."""
    return (
        Publication.objects.filter(status__in=PUBLIC_STATUSES)
        .exclude(doc_kind="interpretation")
        .order_by("-published_at")
    )
