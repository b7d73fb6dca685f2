"""Applications (/apply/...), certificate checks (/certificates/...) and, from urls_staff, the
approval workbench."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import path

from yiwang.approvals.views import certificates

app_name = "approvals"

urlpatterns: list = [
    path("certificates/", certificates.my_certificates, name="my_certificates"),
    path("certificates/verify/", certificates.verify, name="certificate_verify_form"),
    path(
        "certificates/verify/<str:number>/",
        certificates.verify_number,
        name="certificate_verify",
    ),
    path(
        "certificates/<str:number>/pdf/",
        certificates.certificate_download,
        name="certificate_download",
    ),
    path(
        "workbench/approvals/certificates/<str:number>/",
        certificates.staff_certificate,
        name="staff_certificate",
    ),
]

# The approval workbench (A1) keeps its own patterns in urls_staff.py (same namespace).
if find_spec("yiwang.approvals.urls_staff") is not None:
    urlpatterns += import_module("yiwang.approvals.urls_staff").urlpatterns
