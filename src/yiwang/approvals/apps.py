from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "yiwang.approvals"
    label = "approvals"
    verbose_name = _("联审联办")

    def ready(self) -> None:
        from yiwang.approvals import permissions  # noqa: F401  (registers the actions)
        from yiwang.approvals.services import notices  # noqa: F401  (notification events)
