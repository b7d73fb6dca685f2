from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yiwang.accounts"
    label = "accounts"
    verbose_name = _("用户与身份")

    def ready(self) -> None:
        from yiwang.accounts import actions  # noqa: F401  (registers permission actions)
