"""Applications (/apply/...), certificate checks (/certificates/...) and, from urls_staff, the
approval workbench."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import path

from yiwang.approvals.views import applicant, certificates, correction, library, progress

app_name = "approvals"

urlpatterns: list = [
    path("apply/item/<str:code>/", applicant.apply, {"kind": "item"}, name="apply_item"),
    path("apply/bundle/<str:code>/", applicant.apply, {"kind": "bundle"}, name="apply_bundle"),
    path("apply/mine/", applicant.mine, name="my_applications"),
    path("apply/mine/<str:number>/", applicant.my_application_detail, name="my_application"),
    path(
        "apply/mine/<str:number>/rate/", applicant.my_application_rate, name="my_application_rate"
    ),
    path("apply/mine/<str:number>/correct/", correction.correct, name="my_application_correct"),
    path("apply/materials/", library.library, name="library"),
    path("apply/materials/<int:pk>/", library.material_file, name="material_file"),
    path("apply/track/", progress.track, name="track"),
    path("apply/track/<str:number>/", progress.track_detail, name="track_detail"),
    path("apply/track/<str:number>/rate/", progress.track_rate, name="track_rate"),
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
