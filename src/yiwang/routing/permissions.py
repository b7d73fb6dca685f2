"""Permission actions of the routing app's pages (the one permission function: org)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

HOTSPOTS_VIEW = "routing.hotspots.view"
CLASSIFY = "routing.classify"


def register() -> None:
    from yiwang.org.models import Role
    from yiwang.org.permissions import register_action

    register_action(
        HOTSPOTS_VIEW,
        roles=(Role.SUPERVISOR, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN),
        description=_("查看热点问题"),
    )
    register_action(
        CLASSIFY,
        roles=(Role.OPERATOR, Role.DISPATCHER, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN),
        description=_("试用智能派单分类"),
    )
