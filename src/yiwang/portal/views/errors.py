"""Friendly error pages: bilingual, inside the portal layout, never a stack trace."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import in_language

logger = logging.getLogger(__name__)

_FALLBACK_500 = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>500</title>'
    "<h1>服务器内部错误，已记录，请稍后再试</h1>"
    '<p lang="en">Server error; it has been logged.</p>'
)


def _render(request, status: int, title, detail=""):
    return render(
        request,
        "portal/error.html",
        {
            "status": status,
            "title": title,
            "title_en": in_language(title, "en"),
            "detail": detail,
        },
        status=status,
    )


def bad_request(request, exception=None):
    return _render(request, 400, _("请求有误"))


def permission_denied(request, exception=None):
    return _render(
        request, 403, _("无权访问此页面"), _("如果您认为应当有权访问，请联系本单位的系统管理员。")
    )


def page_not_found(request, exception=None):
    return _render(request, 404, _("页面不存在"), _("您访问的页面可能已被移动或删除。"))


def csrf_failure(request, reason=""):
    """Used when the lead points CSRF_FAILURE_VIEW here: an expired form, explained."""
    return _render(request, 403, _("页面已过期"), _("表单已失效，请返回上一页刷新后重新提交。"))


def server_error(request):
    # The layout needs the database (session, user); when that is what failed, the page
    # must still answer, so fall back to a static bilingual page.
    try:
        return _render(request, 500, _("服务器内部错误，已记录，请稍后再试"))
    except Exception:
        logger.exception("error page could not be rendered")
        return HttpResponse(_FALLBACK_500, status=500)
