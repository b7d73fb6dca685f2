from django.urls import path

from yiwang.portal.views import pages

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
]
