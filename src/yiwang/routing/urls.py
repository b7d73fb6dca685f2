"""Workbench pages of text intelligence: the hotspot dashboard (workbench/routing/)."""

from django.urls import path

from yiwang.routing import views

app_name = "routing"

urlpatterns: list = [
    path("workbench/routing/hotspots/", views.hotspots, name="hotspots"),
    path(
        "workbench/routing/tickets/<int:pk>/duplicates/",
        views.ticket_duplicates,
        name="ticket_duplicates",
    ),
]
