from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "yiwang.routing"
    label = "routing"
    verbose_name = _("智能派单与热点")

    def ready(self) -> None:
        from yiwang.routing import permissions

        permissions.register()
