"""Public pages of the portal shell. Content apps add their own pages in later issues."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from yiwang.portal.navigation import SECTIONS, SECTIONS_BY_SLUG

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


def search(request):
    """The one search box for everything. Results come from the search service when it lands;
    until then the page says so instead of showing anything invented."""
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX]
    return render(request, "portal/search.html", {"search_query": query})
