from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "yiwang.disclosure"
    label = "disclosure"
    verbose_name = _("政府信息公开")

    def ready(self) -> None:
        from yiwang.disclosure import permissions, search_sources

        permissions.register_permissions()
        search_sources.register()
        from yiwang.disclosure import notifications, permissions_requests  # noqa: F401

        permissions_requests.register_permissions()
