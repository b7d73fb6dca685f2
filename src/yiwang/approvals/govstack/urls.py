"""/govstack/registration/... (included at the site root by yiwang.urls)."""

from django.urls import path

from yiwang.approvals.govstack import views

app_name = "govstack"

urlpatterns = [
    path("services", views.services, name="services"),
    path("services/<str:service>", views.service_detail, name="service"),
    path("services/<str:service>/eForms", views.service_eforms, name="service_eforms"),
    path(
        "services/<str:service>/applications",
        views.service_applications,
        name="service_applications",
    ),
    path("eForms/<str:eform>", views.eform_detail, name="eform"),
    path("documents", views.documents, name="documents"),
    path("applications", views.applications, name="applications"),
    path("applications/<str:file_id>", views.application_detail, name="application"),
    path("tasks", views.tasks, name="tasks"),
    path("tasks/<str:task_id>", views.task_detail, name="task"),
    path("tasks/<str:task_id>/complete", views.task_complete, name="task_complete"),
]
