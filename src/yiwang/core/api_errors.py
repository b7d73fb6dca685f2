"""Exception handlers that make every API error an RFC 9457 problem+json document."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from yiwang.core import errors

logger = logging.getLogger("yiwang.api")

# pydantic error types we say in our own words; anything else keeps pydantic's English text.
_PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": _("此字段为必填项"),
    "string_too_short": _("内容过短"),
    "string_too_long": _("内容过长"),
    "string_type": _("应为文本"),
    "int_parsing": _("应为整数"),
    "int_type": _("应为整数"),
    "float_parsing": _("应为数字"),
    "bool_parsing": _("应为是或否（true/false）"),
    "date_parsing": _("日期格式不正确，应为 YYYY-MM-DD"),
    "date_from_datetime_parsing": _("日期格式不正确，应为 YYYY-MM-DD"),
    "date_from_datetime_inexact": _("日期格式不正确，应为 YYYY-MM-DD"),
    "date_type": _("日期格式不正确，应为 YYYY-MM-DD"),
    "datetime_parsing": _("时间格式不正确，应为 ISO 8601"),
    "datetime_from_date_parsing": _("时间格式不正确，应为 ISO 8601"),
    "value_error": _("取值无效"),
    "enum": _("不是允许的取值"),
    "literal_error": _("不是允许的取值"),
    "greater_than_equal": _("取值过小"),
    "less_than_equal": _("取值过大"),
    "greater_than": _("取值过小"),
    "less_than": _("取值过大"),
    "json_invalid": _("请求体不是有效的 JSON"),
    "model_attributes_type": _("请求体格式不正确"),
    "dict_type": _("请求体格式不正确"),
    "extra_forbidden": _("不允许的字段"),
}

_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "payload", "data"}


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in (loc or []) if str(p) not in _LOCATIONS]
    return ".".join(parts) or "__all__"


def problem_response(request: HttpRequest, exc: errors.YiwangError) -> JsonResponse:
    body = exc.problem(instance=request.path)
    body["request_id"] = getattr(request, "request_id", "")
    return JsonResponse(
        body,
        status=exc.status,
        content_type=errors.PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _from_pydantic(exc: NinjaValidationError) -> errors.InvalidInput:
    field_errors = []
    for item in exc.errors:
        kind = item.get("type", "value_error")
        ctx_message = str((item.get("ctx") or {}).get("error", "")) if kind == "value_error" else ""
        message = _PYDANTIC_MESSAGES.get(kind)
        if isinstance((item.get("ctx") or {}).get("error"), errors.YiwangError):
            inner = item["ctx"]["error"]
            message = inner.detail
            ctx_message = ""
        field_errors.append(
            errors.FieldError(
                _field_name(item.get("loc")),
                message or _("取值无效"),
                code=kind,
                message_en=ctx_message or (None if message else item.get("msg")),
            )
        )
    return errors.InvalidInput(field_errors=field_errors)


# django-ninja raises these in English; the API answers in Chinese with English beside it
_NINJA_HTTP_MESSAGES = {
    "Cannot parse request body": (_("请求体无法解析，请提交合法的 JSON"), "unparsable-body"),
}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(errors.YiwangError)
    def _domain(request, exc):
        return problem_response(request, exc)

    @api.exception_handler(NinjaValidationError)
    def _validation(request, exc):
        return problem_response(request, _from_pydantic(exc))

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request, exc):
        return problem_response(request, errors.from_django_validation_error(exc))

    @api.exception_handler(AuthenticationError)
    def _auth(request, exc):
        return problem_response(request, errors.NotAuthenticated())

    @api.exception_handler(DjangoPermissionDenied)
    def _forbidden(request, exc):
        return problem_response(request, errors.PermissionDenied())

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc):
        error = errors.YiwangError(_("请求体过大"), code="payload-too-large")
        error.status = 413
        error.title = _("请求体过大")
        return problem_response(request, error)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, errors.NotFound())

    @api.exception_handler(ObjectDoesNotExist)
    def _does_not_exist(request, exc):
        return problem_response(request, errors.NotFound())

    @api.exception_handler(HttpError)
    def _http(request, exc):
        known = _NINJA_HTTP_MESSAGES.get(str(exc))
        if known is not None:
            error = errors.YiwangError(known[0], code=known[1])
        else:
            error = errors.YiwangError(str(exc), code="http-error")
        error.status = exc.status_code
        return problem_response(request, error)

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("unhandled API error", extra={"path": request.path})
        error = errors.YiwangError(_("服务器内部错误，已记录，请稍后再试"), code="internal-error")
        error.status = 500
        error.title = _("服务器内部错误")
        return problem_response(request, error)
