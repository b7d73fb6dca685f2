from django import template
from django.utils.translation import gettext_lazy as _

from yiwang.org.models import Role

register = template.Library()

CHANNELS = {"web": _("网页"), "api": _("接口"), "cli": _("命令行"), "task": _("后台任务")}


@register.filter
def role_names(value: str) -> str:
    """ "dispatcher,handler" -> "派单员、承办人" (unknown roles shown as stored)."""
    labels = dict(Role.choices)
    return "、".join(str(labels.get(r, r)) for r in (value or "").split(",") if r)


@register.filter
def channel_name(value: str) -> str:
    return str(CHANNELS.get(value, value))


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""
