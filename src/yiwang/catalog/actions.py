"""Permission actions of the catalog app."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import register_action

MANAGE = "catalog.manage"

register_action(
    MANAGE,
    roles={Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN},
    description=_("维护本部门的政务服务事项、办事指南和一件事"),
)
