from django.urls import path

from yiwang.workcal import views

app_name = "workcal"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("day/", views.day_set, name="day_set"),
    path("import/", views.year_import, name="import"),
    path("hours/", views.schedule_update, name="hours"),
    path("year/", views.year_complete, name="year_complete"),
    path("export/<int:year>/", views.export, name="export"),
]
