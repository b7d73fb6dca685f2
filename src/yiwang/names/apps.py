from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NamesConfig(AppConfig):
    name = "yiwang.names"
    label = "names"
    verbose_name = _("企业名称自主申报")

    def ready(self) -> None:
        from yiwang.names import actions  # noqa: F401
