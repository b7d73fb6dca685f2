from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "yiwang.org"
    label = "org"
    verbose_name = _("组织机构")

    def ready(self) -> None:
        from yiwang.org import actions  # noqa: F401  (registers permission actions)
