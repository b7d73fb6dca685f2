"""URLs of the supervision statistics page (namespace ``tickets``, mounted at the site root)."""

from django.urls import path

from yiwang.tickets.views import stats

stats_patterns = [
    path("workbench/tickets/stats/", stats.stats_page, name="stats"),
    path("workbench/tickets/stats/export/", stats.stats_export, name="stats_export"),
]
