"""Permission actions owned by the accounts app."""

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role
from yiwang.org.permissions import register_action

register_action(
    "accounts.pii.view",
    roles={Role.PLATFORM_ADMIN},
    owner=True,
    description=_("查看完整的身份证号码、手机号码"),
)
register_action(
    "accounts.staff.manage",
    roles={Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN},
    description=_("创建与维护工作人员账号"),
)
register_action(
    "accounts.apikey.manage", roles={Role.PLATFORM_ADMIN}, description=_("管理对接系统 API 密钥")
)
