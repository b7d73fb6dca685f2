from django.urls import path, register_converter

from yiwang.portal.navigation import SECTIONS
from yiwang.portal.views import care, pages


class SectionConverter:
    """Matches only the known section slugs: a catch-all slug at the site root would shadow
    /workbench/, /accounts/ and every other app mounted after the portal."""

    regex = "|".join(s.slug for s in SECTIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "portal_section")

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search, name="search"),
    path("12345/", pages.appeal, name="appeal"),
    path("care-mode/", care.care_mode, name="care_mode"),
    path("<portal_section:slug>/", pages.section, name="section"),
]
