from django.urls import path

from yiwang.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
    path("export/", views.export_records, name="export"),
    path("verify/", views.verify, name="verify"),
    path("<int:seq>/", views.detail, name="detail"),
]
