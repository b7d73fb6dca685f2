"""The public site's top navigation: the four functions of a government portal.

政府网站发展指引 (国办发〔2017〕47号) organises a portal around 信息发布, 解读回应, 办事服务 and
互动交流; the menu follows them, with 12345 kept apart as the most prominent entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: Promise
    summary: Promise
    # columns a later issue fills; shown as "coming soon" until then
    planned: tuple[Promise, ...]
    # live columns: (label, URL name) owned by a content app; an entry whose URL name does not
    # resolve yet is left out, so an app wires its column by adding one line here
    links: tuple[tuple[Promise, str], ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "open",
        _("政务公开"),
        _("依法公开政府信息：机构职能、政策文件、规划计划、财政预决算、重点领域信息和年度报告。"),
        (_("政府信息公开指南"),),
        links=(
            (_("政府信息公开目录"), "disclosure:index"),
            (_("按发布机构浏览"), "disclosure:departments"),
            (_("公开信息搜索"), "disclosure:search"),
            (_("依申请公开"), "disclosure:request_new"),
            (_("依申请公开办理进度查询"), "disclosure:request_track"),
            (_("政府信息公开年度报告"), "disclosure:report_list"),
        ),
    ),
    Section(
        "interpretation",
        _("政策解读"),
        _("对重要政策文件作出解读，回应社会关切，说明出台背景、主要内容和办理方式。"),
        (_("图文解读"), _("回应关切")),
        links=((_("文字解读"), "disclosure:interpretations"),),
    ),
    Section(
        "services",
        _("办事服务"),
        _("一网通办：查找政务服务事项和办事指南，在线申请，查询办理进度。"),
        (),
        links=(
            (_("办事指南"), "catalog:index"),
            (_("个人办事"), "catalog:index_person"),
            (_("法人办事"), "catalog:index_legal"),
            (_("一件事一次办"), "catalog:bundles"),
            (_("企业名称自主申报"), "names:check"),
            (_("办件进度查询"), "approvals:track"),
            (_("我的办件"), "approvals:my_applications"),
            (_("电子证照核验"), "approvals:certificate_verify_form"),
        ),
    ),
    Section(
        "interaction",
        _("互动交流"),
        _("12345 诉求、政策文件意见征集、问卷调查和在线访谈。"),
        # 网上 12345 is live (the 12345 page and its submit form), so it is no longer listed
        # among the columns still to come
        (_("意见征集"), _("问卷调查"), _("在线访谈")),
    ),
)

SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}
