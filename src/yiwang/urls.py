from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve as serve_media

from yiwang.api import api

urlpatterns = [
    path("", include("yiwang.portal.urls")),
    path("accounts/", include("yiwang.accounts.urls")),
    path("inbox/", include("yiwang.notify.urls")),
    path("workbench/", include("yiwang.workbench.urls")),
    path("workbench/org/", include("yiwang.org.urls")),
    path("workbench/calendar/", include("yiwang.workcal.urls")),
    path("workbench/audit/", include("yiwang.audit.urls")),
    path("", include("yiwang.tickets.urls")),
    path("", include("yiwang.routing.urls")),
    path("", include("yiwang.catalog.urls")),
    path("", include("yiwang.approvals.urls")),
    path("", include("yiwang.names.urls")),
    path("", include("yiwang.disclosure.urls")),
    path("open311/v2/", include("yiwang.tickets.open311.urls")),
    path("govstack/registration/", include("yiwang.approvals.govstack.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "yiwang.portal.views.errors.bad_request"
handler403 = "yiwang.portal.views.errors.permission_denied"
handler404 = "yiwang.portal.views.errors.page_not_found"
handler500 = "yiwang.portal.views.errors.server_error"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})]
