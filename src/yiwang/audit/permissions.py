"""Permission actions owned by the audit app."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import register_action

# Supervisors read the log of their scope (their department and below); platform admins all.
VIEW = register_action(
    "audit.view",
    roles={Role.SUPERVISOR, Role.PLATFORM_ADMIN},
    description=_("查看审计日志"),
).name
VERIFY = register_action(
    "audit.verify", roles={Role.PLATFORM_ADMIN}, description=_("校验审计链")
).name
