"""Permission actions of 依申请公开 and the annual report.

A department's handlers register, correct, consult and answer requests of their department;
an extension needs the approval of the disclosure office's head (条例第三十三条), here the
department admin; the applicant (owner) sees their own requests. The annual report is written
and published by department admins (the whole-government report by a platform admin, whose
scope reaches every department).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role as R
from yiwang.org.permissions import register_action

HANDLERS = {R.HANDLER, R.SUPERVISOR, R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN}
APPROVERS = {R.DEPARTMENT_ADMIN, R.PLATFORM_ADMIN}

VIEW = "disclosure.request.view"
HANDLE = "disclosure.request.handle"
APPROVE_EXTENSION = "disclosure.request.approve_extension"
REPORT_MANAGE = "disclosure.report.manage"


def register_permissions() -> None:
    register_action(VIEW, roles=HANDLERS, owner=True, description=_("查看政府信息公开申请"))
    register_action(
        HANDLE, roles=HANDLERS, description=_("办理政府信息公开申请（受理、补正、征求意见、答复）")
    )
    register_action(
        APPROVE_EXTENSION, roles=APPROVERS, description=_("审批政府信息公开申请延期答复")
    )
    register_action(REPORT_MANAGE, roles=APPROVERS, description=_("编制和发布政府信息公开年度报告"))


register_permissions()  # idempotent; also called from the app's ready()
