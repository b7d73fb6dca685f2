"""办事指南 pages (/services/...) and catalogue management (workbench/catalog/)."""

app_name = "catalog"

urlpatterns: list = []
