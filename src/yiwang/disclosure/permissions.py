"""Permission actions of 主动公开 (publications and the catalogue).

D2 registers the actions of requests and the annual report in ``permissions_requests.py``.
Roles: a department's handlers write drafts; 保密审查 is a second person with a supervising
role; a department admin (or supervisor) publishes and revokes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role as R
from yiwang.org.permissions import register_action

WRITERS = {R.HANDLER, R.SUPERVISOR, R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN}
REVIEWERS = {R.SUPERVISOR, R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN}
PUBLISHERS = {R.SUPERVISOR, R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN}


def register_permissions() -> None:
    register_action(
        "disclosure.publication.view", roles=WRITERS, description=_("查看本部门公开信息稿件")
    )
    register_action(
        "disclosure.publication.edit", roles=WRITERS, description=_("撰写、修改和报审公开信息")
    )
    register_action(
        "disclosure.publication.review", roles=REVIEWERS, description=_("公开信息保密审查")
    )
    register_action(
        "disclosure.publication.publish",
        roles=PUBLISHERS,
        description=_("发布、撤销公开信息，变更有效性"),
    )
    register_action(
        "disclosure.catalogue.manage",
        roles={R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN},
        description=_("维护公开目录"),
    )
