"""Permission actions owned by the working-day calendar."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import STAFF_ROLES, register_action

register_action("workcal.view", roles=STAFF_ROLES, description=_("查看工作日历"))
register_action(
    "workcal.manage",
    roles={Role.PLATFORM_ADMIN},
    description=_("维护节假日、调休与工作时间"),
)
