from django.urls import path

from yiwang.org import views

app_name = "org"

urlpatterns = [
    path("", views.departments, name="departments"),
    path("<int:pk>/", views.department_detail, name="department"),
]
