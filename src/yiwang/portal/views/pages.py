"""Public pages of the portal shell. Content apps add their own pages in later issues."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.portal.navigation import SECTIONS, SECTIONS_BY_SLUG
from yiwang.search import service as search_service

SEARCH_QUERY_MAX = 100


def home(request):
    return render(request, "portal/home.html", {"sections": SECTIONS, "nav_section": "home"})


def section(request, slug: str):
    found = SECTIONS_BY_SLUG.get(slug)
    if found is None:
        raise Http404
    links = []
    for label, url_name in found.links:
        try:
            links.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return render(
        request,
        "portal/section.html",
        {"section": found, "nav_section": slug, "links": links},
    )


def appeal(request):
    return render(request, "portal/appeal.html")


# What the public search box looks in: each public document type, its tab label, and the
# filter that keeps to what the public may see. An allowlist, so staff-only types (the 12345
# knowledge base "kb") never appear, whatever else registers a source later.
PUBLIC_SEARCH_TYPES = (
    ("disclosure.publication", _("政府信息公开"), "published"),
    ("catalog.item", _("办事指南"), "active"),
    ("catalog.bundle", _("一件事"), "active"),
)
SEARCH_PAGE_SIZE = 10
SEARCH_MAX_PAGE = 50
SEARCH_PERIODS = (
    ("", _("时间不限"), None),
    ("week", _("一周内"), 7),
    ("month", _("一月内"), 31),
    ("year", _("一年内"), 366),
)


def _public_types() -> list[tuple[str, str, str]]:
    registered = set(search_service.registered_types())
    return [t for t in PUBLIC_SEARCH_TYPES if t[0] in registered]


def _page_number(raw: str) -> int:
    return min(max(int(raw), 1), SEARCH_MAX_PAGE) if raw.isdigit() else 1


def search(request):
    """The one search box for everything public: every public document type at once or one
    type per tab, a time filter, "约 N 条" when the total is an estimate, highlighted titles
    and snippets, pages, and a notice when no result holds every word."""
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX]
    types = _public_types()
    by_type = {doc_type: (label, status) for doc_type, label, status in types}
    chosen = request.GET.get("type", "")
    chosen = chosen if chosen in by_type else ""
    period = request.GET.get("period", "")
    days = next((d for key, _label, d in SEARCH_PERIODS if key == period), None)
    period = period if days else ""
    page = _page_number(request.GET.get("page", ""))
    searched = [chosen] if chosen else list(by_type)
    context = {
        "search_query": query,
        "tabs": [(doc_type, label) for doc_type, label, _status in types],
        "chosen_type": chosen,
        "periods": [(key, label) for key, label, _d in SEARCH_PERIODS],
        "chosen_period": period,
    }
    if query and searched:
        results = search_service.search(
            query,
            doc_types=searched,
            filters={"status": sorted({by_type[t][1] for t in searched})},
            published_from=(timezone.localdate() - timedelta(days=days)) if days else None,
            limit=SEARCH_PAGE_SIZE,
            offset=(page - 1) * SEARCH_PAGE_SIZE,
        )
        pages = min(SEARCH_MAX_PAGE, -(-results.total // SEARCH_PAGE_SIZE))
        context.update(
            results=results,
            rows=[(hit, by_type.get(hit.doc_type, ("", ""))[0]) for hit in results.hits],
            results_start=(page - 1) * SEARCH_PAGE_SIZE + 1,
            page=page,
            pages=pages,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if page < pages and len(results.hits) == SEARCH_PAGE_SIZE else None,
        )
    return render(request, "portal/search.html", context)
