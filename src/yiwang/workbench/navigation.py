"""The workbench side navigation (docs/CONTRACTS.md "web shell").

Each entry is a URL name owned by another app; an entry whose app has not wired its page
yet is left out rather than breaking the layout.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (URL name, label, permission action guarding the page or None when every staff member may)
NAV_ITEMS = (
    ("workbench:home", _("工作台首页"), None),
    ("tickets:inbox", _("工单待办"), "tickets.view"),
    ("tickets:console", _("接听台"), "tickets.create"),
    ("tickets:knowledge", _("知识库查询"), "tickets.view"),
    ("tickets:knowledge_manage", _("知识库维护"), "tickets.knowledge.manage"),
    ("tickets:reply_templates", _("答复模板"), "tickets.knowledge.manage"),
    ("disclosure:staff_list", _("主动公开"), "disclosure.publication.view"),
    ("disclosure:request_inbox", _("依申请公开"), "disclosure.request.view"),
    ("disclosure:report_staff_list", _("政府信息公开年度报告"), "disclosure.report.manage"),
    ("notify:inbox", _("消息"), None),
    ("org:departments", _("部门与人员"), "org.department.view"),
    ("workcal:calendar", _("工作日历"), "workcal.view"),
    ("catalog:manage", _("事项管理"), "catalog.manage"),
    ("names:words", _("名称禁限用字词"), "names.words.manage"),
    ("approvals:staff_inbox", _("审批待办"), "approvals.application.view"),
    ("approvals:staff_stats", _("审批统计"), "approvals.stats"),
    ("tickets:stats", _("工单统计"), "tickets.stats"),
    ("routing:hotspots", _("热点问题"), "routing.hotspots.view"),
    ("audit:log", _("审计日志"), "audit.view"),
    ("accounts:profile", _("个人信息"), None),
    ("accounts:totp", _("双因素登录"), None),
)
