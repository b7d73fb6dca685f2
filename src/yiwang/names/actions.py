"""Permission actions of the names app. Checking a name is public and needs none."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import register_action

WORDS_MANAGE = "names.words.manage"
RESERVE = "names.reserve"

register_action(
    WORDS_MANAGE,
    roles={Role.PLATFORM_ADMIN},
    description=_("维护企业名称禁用、限用字词"),
)
register_action(
    RESERVE,
    roles={Role.HANDLER, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN},
    description=_("保留、确认登记或放弃企业名称（名称自主申报办理）"),
)
