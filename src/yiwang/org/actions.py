"""Permission actions owned by the org app."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import STAFF_ROLES, register_action

register_action("org.department.view", roles=STAFF_ROLES, description=_("查看部门与人员"))
register_action(
    "org.department.manage",
    roles={Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN},
    description=_("维护部门、岗位"),
)
register_action(
    "org.membership.manage",
    roles={Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN},
    description=_("维护人员任职与角色"),
)
