from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "yiwang.tickets"
    label = "tickets"
    verbose_name = _("12345 诉求")

    def ready(self) -> None:
        from yiwang.tickets import notifications, workflow  # noqa: F401

        workflow.register_permissions()
        from yiwang.tickets import search_sources

        search_sources.register()
