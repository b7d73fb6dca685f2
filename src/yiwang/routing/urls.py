"""Workbench pages of text intelligence: the hotspot dashboard (workbench/routing/)."""

app_name = "routing"

urlpatterns: list = []
