"""Domain errors and their RFC 9457 problem+json form.

Every message is a Chinese msgid marked for translation; the problem document carries it in
Chinese (``message``) and English (``message_en``) so any client can show either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://yiwang.dev/problems/"


def in_language(message: Any, language: str) -> str:
    with translation.override(language):
        return str(message)


def bilingual(message: Any) -> tuple[str, str]:
    return in_language(message, "zh-hans"), in_language(message, "en")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: Any  # lazy translatable Chinese msgid
    code: str = "invalid"
    message_en: str | None = None  # only for text from outside our catalogue (e.g. pydantic)

    def as_dict(self) -> dict[str, str]:
        zh, en = bilingual(self.message)
        return {
            "field": self.field,
            "code": self.code,
            "message": zh,
            "message_en": self.message_en or en,
        }


class YiwangError(Exception):
    """Base for errors a user can act on. Never carries personal data in its message."""

    status = 400
    code = "bad-request"
    title = _("请求有误")

    def __init__(
        self,
        detail: Any = None,
        *,
        field_errors: Iterable[FieldError] = (),
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ):
        self.detail = detail if detail is not None else self.title
        self.field_errors = list(field_errors)
        if code:
            self.code = code
        self.extra = extra or {}
        super().__init__(in_language(self.detail, "en"))

    def problem(self, instance: str = "") -> dict[str, Any]:
        title_zh, title_en = bilingual(self.title)
        detail_zh, detail_en = bilingual(self.detail)
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": title_zh,
            "title_en": title_en,
            "status": self.status,
            "detail": detail_zh,
            "detail_en": detail_en,
        }
        if instance:
            body["instance"] = instance
        if self.field_errors:
            body["errors"] = [fe.as_dict() for fe in self.field_errors]
        body.update(self.extra)
        return body


class InvalidInput(YiwangError):
    status = 400
    code = "invalid-input"
    title = _("提交的数据有误")


class NotAuthenticated(YiwangError):
    status = 401
    code = "not-authenticated"
    title = _("需要登录或提供有效的 API 密钥")


class PermissionDenied(YiwangError):
    status = 403
    code = "permission-denied"
    title = _("无权执行此操作")


class NotFound(YiwangError):
    status = 404
    code = "not-found"
    title = _("找不到请求的对象")


class Conflict(YiwangError):
    status = 409
    code = "conflict"
    title = _("操作冲突：对象已被他人修改")


class RateLimited(YiwangError):
    status = 429
    code = "rate-limited"
    title = _("请求过于频繁，请稍后再试")


def from_django_validation_error(exc: DjangoValidationError) -> InvalidInput:
    """Turn a Django ValidationError (from model or field validators) into field errors."""
    errors: list[FieldError] = []
    if hasattr(exc, "error_dict"):
        for field, items in exc.error_dict.items():
            for item in items:
                message = item.message % item.params if item.params else item.message
                errors.append(FieldError(field, message, item.code or "invalid"))
    else:
        for item in exc.error_list:
            message = item.message % item.params if item.params else item.message
            errors.append(FieldError("__all__", message, item.code or "invalid"))
    return InvalidInput(field_errors=errors)
