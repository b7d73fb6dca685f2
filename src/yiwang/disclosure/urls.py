"""政府信息公开 public pages (/disclosure/...) and staff pages (workbench/disclosure/)."""

from django.urls import path

from yiwang.disclosure.views import catalogue_admin, feeds, public, staff

app_name = "disclosure"

publication_patterns = [
    path("disclosure/", public.index, name="index"),
    path("disclosure/search", public.search, name="search"),
    path("disclosure/sitemap.xml", public.sitemap, name="sitemap"),
    path("disclosure/feed.rss", feeds.PublicationsRss(), name="feed_rss"),
    path("disclosure/feed.atom", feeds.PublicationsAtom(), name="feed_atom"),
    path("disclosure/interpretations/", public.interpretations, name="interpretations"),
    path("disclosure/departments/", public.departments, name="departments"),
    path(
        "disclosure/departments/<str:department_code>/",
        public.department_catalogue,
        name="department",
    ),
    path(
        "disclosure/departments/<str:department_code>/<slug:code>/",
        public.department_catalogue,
        name="department_catalogue",
    ),
    path("disclosure/catalogue/<slug:code>/", public.catalogue, name="catalogue"),
    path(
        "disclosure/catalogue/<slug:code>/feed.rss", feeds.PublicationsRss(), name="catalogue_rss"
    ),
    path(
        "disclosure/catalogue/<slug:code>/feed.atom",
        feeds.PublicationsAtom(),
        name="catalogue_atom",
    ),
    path("disclosure/p/<int:pk>/", public.publication, name="publication"),
    path(
        "disclosure/p/<int:pk>/files/<int:attachment_pk>/",
        public.attachment,
        name="publication_attachment",
    ),
    # workbench
    path("workbench/disclosure/publications/", staff.list_page, name="staff_list"),
    path("workbench/disclosure/catalogue/", catalogue_admin.catalogue_page, name="staff_catalogue"),
    path("workbench/disclosure/publications/new/", staff.create_page, name="staff_create"),
    path("workbench/disclosure/publications/<int:pk>/", staff.detail_page, name="staff_detail"),
    path("workbench/disclosure/publications/<int:pk>/edit/", staff.edit_page, name="staff_edit"),
    path(
        "workbench/disclosure/publications/<int:pk>/<slug:action>/",
        staff.action,
        name="staff_action",
    ),
    path(
        "workbench/disclosure/publications/<int:pk>/files/<int:attachment_pk>/",
        staff.attachment_download,
        name="staff_attachment",
    ),
]

# D2's requests (依申请公开) and annual report live in urls_requests.py (its own module, so the
# two parts never edit one file); until it exists there are none.
try:
    from yiwang.disclosure.urls_requests import requests_patterns
except ModuleNotFoundError as exc:
    if exc.name != "yiwang.disclosure.urls_requests":
        raise
    requests_patterns = []

urlpatterns = [*publication_patterns, *requests_patterns]
