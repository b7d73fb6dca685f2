from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo city 示范市 and the ``yiwang demo`` / ``yiwang demo_load`` commands.

    Installed last: it only calls the other apps' services and owns no models.
    """

    name = "yiwang.demo"
    label = "demo"
    verbose_name = _("示范市演示数据")
