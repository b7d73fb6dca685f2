"""办事指南 pages (/services/...) and catalogue management (workbench/catalog/)."""

from django.urls import path

from yiwang.catalog.views import public, workbench

app_name = "catalog"

urlpatterns = [
    # /services/ itself is the portal's 办事服务 section page, which links here
    path("services/items/", public.index, name="index"),
    path("services/person/", public.index, {"audience": "person"}, name="index_person"),
    path("services/legal/", public.index, {"audience": "legal"}, name="index_legal"),
    path("services/bundles/", public.bundle_list, name="bundles"),
    path("services/items/<str:code>/", public.item_page, name="item"),
    path("services/bundles/<str:code>/", public.bundle_page, name="bundle"),
    path("workbench/catalog/", workbench.manage_page, name="manage"),
    path("workbench/catalog/new/", workbench.item_edit, name="item_create"),
    path("workbench/catalog/excel/", workbench.excel_page, name="excel"),
    path("workbench/catalog/export.xlsx", workbench.export_view, name="export"),
    path("workbench/catalog/items/<str:code>/", workbench.item_detail, name="manage_item"),
    path("workbench/catalog/items/<str:code>/edit/", workbench.item_edit, name="item_edit"),
]
