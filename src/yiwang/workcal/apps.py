from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalConfig(AppConfig):
    name = "yiwang.workcal"
    label = "workcal"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from yiwang.workcal import permissions  # noqa: F401  (registers permission actions)
