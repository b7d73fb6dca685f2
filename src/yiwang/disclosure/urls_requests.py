"""URLs of 依申请公开 and the annual report; included by ``yiwang.disclosure.urls``."""

from __future__ import annotations

from django.urls import path

from yiwang.disclosure.views import reports
from yiwang.disclosure.views import requests as public
from yiwang.disclosure.views import requests_workbench as staff

NUMBER = "<str:number>"

requests_patterns = [
    path("disclosure/requests/new/", public.request_new, name="request_new"),
    path("disclosure/requests/track/", public.request_track, name="request_track"),
    path("disclosure/requests/mine/", public.request_mine, name="request_mine"),
    path(f"disclosure/requests/mine/{NUMBER}/", public.request_mine_detail,
         name="request_mine_detail"),
    path(f"disclosure/requests/{NUMBER}/", public.request_public_detail,
         name="request_public_detail"),
    path(f"disclosure/requests/{NUMBER}/correct/", public.request_correct,
         name="request_correct"),
    path(f"disclosure/requests/{NUMBER}/notice/<slug:kind>.pdf", public.request_notice,
         name="request_notice"),
    path("workbench/disclosure/requests/", staff.request_inbox, name="request_inbox"),
    path("workbench/disclosure/requests/new/", staff.request_staff_new, name="request_staff_new"),
    path("workbench/disclosure/requests/<int:pk>/", staff.request_staff_detail,
         name="request_staff_detail"),
    path("workbench/disclosure/requests/<int:pk>/notice/<slug:kind>.pdf",
         staff.request_staff_notice, name="request_staff_notice"),
    path("workbench/disclosure/requests/<int:pk>/<slug:action>/", staff.request_staff_action,
         name="request_staff_action"),
    # annual report
    path("disclosure/reports/", reports.public_list, name="report_list"),
    path("disclosure/reports/<int:pk>/", reports.public_detail, name="report_public"),
    path("disclosure/reports/<int:pk>/export.<slug:fmt>", reports.public_export,
         name="report_public_export"),
    path("workbench/disclosure/reports/", reports.staff_list, name="report_staff_list"),
    path("workbench/disclosure/reports/<int:pk>/", reports.staff_edit, name="report_staff_edit"),
    path("workbench/disclosure/reports/<int:pk>/publish/", reports.staff_publish,
         name="report_staff_publish"),
    path("workbench/disclosure/reports/<int:pk>/export.<slug:fmt>", reports.staff_export,
         name="report_staff_export"),
]  # fmt: skip
