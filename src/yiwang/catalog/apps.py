from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "yiwang.catalog"
    label = "catalog"
    verbose_name = _("政务服务事项")

    def ready(self) -> None:
        from yiwang.catalog import actions, search_sources  # noqa: F401

        search_sources.register()
