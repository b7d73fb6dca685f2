"""Open311 GeoReport v2 at /open311/v2/: another face over the same services.

``{name}.{format}`` where format is json or xml (the spec requires XML; JSON is optional).
"""

from django.urls import re_path

from yiwang.tickets.open311 import views

app_name = "open311"

urlpatterns = [
    re_path(r"^discovery\.(?P<fmt>\w+)$", views.discovery, name="discovery"),
    re_path(r"^services\.(?P<fmt>\w+)$", views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]+)\.(?P<fmt>\w+)$", views.service_definition, name="service"),
    re_path(r"^requests\.(?P<fmt>\w+)$", views.requests, name="requests"),
    re_path(
        r"^requests/(?P<request_id>[^/]+)\.(?P<fmt>\w+)$", views.request_detail, name="request"
    ),
    # the swagger file spells the single-request path in the singular
    re_path(r"^request/(?P<request_id>[^/]+)\.(?P<fmt>\w+)$", views.request_detail),
    re_path(r"^tokens/(?P<token>[^/]+)\.(?P<fmt>\w+)$", views.token, name="token"),
]
