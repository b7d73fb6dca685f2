"""Friendly error pages: bilingual, inside the portal layout, never a stack trace."""

from django.shortcuts import render


def _render(request, status: int, title: str, title_en: str):
    return render(
        request,
        "portal/error.html",
        {"status": status, "title": title, "title_en": title_en},
        status=status,
    )


def bad_request(request, exception=None):
    return _render(request, 400, "请求有误", "Bad request")


def permission_denied(request, exception=None):
    return _render(request, 403, "无权访问此页面", "You do not have access to this page")


def page_not_found(request, exception=None):
    return _render(request, 404, "页面不存在", "Page not found")


def server_error(request):
    return _render(
        request, 500, "服务器内部错误，已记录，请稍后再试", "Server error; it has been logged"
    )
