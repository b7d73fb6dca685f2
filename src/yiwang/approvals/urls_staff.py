"""The approval workbench (/workbench/approvals/...), in the approvals namespace (urls.py
adds these patterns)."""

from django.urls import path

from yiwang.approvals.views import staff

urlpatterns = [
    path("workbench/approvals/tasks/", staff.inbox, name="staff_inbox"),
    path("workbench/approvals/tasks/<int:pk>/", staff.task_detail, name="staff_task"),
    path(
        "workbench/approvals/applications/<str:number>/countersign/",
        staff.countersign,
        name="staff_countersign",
    ),
    path(
        "workbench/approvals/materials/<int:pk>/preview/",
        staff.material_preview,
        name="staff_material_preview",
    ),
    path("workbench/approvals/stats/", staff.statistics, name="staff_stats"),
]
