"""Checking answers against the form's JSON Schema, with one Chinese message per field.

Messages come from the schema when it gives one (``errorMessage``: a text, or a mapping from
keyword to text, with ``errorMessage_en`` for English), otherwise from the generic texts below.
Besides the standard formats (date, email ...), a schema may ask for ``id-number`` (居民身份证
号码 with its check digit), ``credit-code`` (统一社会信用代码) and ``mobile`` (手机号码).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from yiwang.accounts.validators import is_mobile_phone, is_valid_credit_code, is_valid_id_number
from yiwang.approvals.forms.coercion import coerce
from yiwang.approvals.forms.schema import main_type, node_at, schema_problems
from yiwang.core.errors import FieldError, InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

FORMAT_CHECKER = FormatChecker()
FORMAT_CHECKER.checks("email")(lambda v: not isinstance(v, str) or bool(_EMAIL.match(v)))
FORMAT_CHECKER.checks("id-number")(lambda v: not isinstance(v, str) or is_valid_id_number(v))
FORMAT_CHECKER.checks("credit-code")(lambda v: not isinstance(v, str) or is_valid_credit_code(v))
FORMAT_CHECKER.checks("mobile")(lambda v: not isinstance(v, str) or is_mobile_phone(v))

_TYPE_MESSAGES = {
    "integer": _("请输入整数"),
    "number": _("请输入数字"),
    "boolean": _("请选择是或否"),
    "string": _("请输入文字"),
}
_FORMAT_MESSAGES = {
    "date": _("请输入有效的日期，例如 2025-01-31"),
    "date-time": _("请输入有效的日期和时间"),
    "email": _("请输入有效的电子邮箱地址"),
    "id-number": _("请输入有效的 18 位居民身份证号码"),
    "credit-code": _("请输入有效的 18 位统一社会信用代码"),
    "mobile": _("请输入有效的 11 位手机号码"),
}
# keyword → (message with %(limit)s, code)
_LIMIT_MESSAGES = {
    "minLength": (_("至少填写 %(limit)s 个字"), "min_length"),
    "maxLength": (_("最多填写 %(limit)s 个字"), "max_length"),
    "minimum": (_("不能小于 %(limit)s"), "min_value"),
    "maximum": (_("不能大于 %(limit)s"), "max_value"),
    "exclusiveMinimum": (_("必须大于 %(limit)s"), "min_value"),
    "exclusiveMaximum": (_("必须小于 %(limit)s"), "max_value"),
    "minItems": (_("至少填写 %(limit)s 项"), "min_items"),
    "maxItems": (_("最多填写 %(limit)s 项"), "max_items"),
    "multipleOf": (_("必须是 %(limit)s 的整数倍"), "multiple_of"),
}
_PLAIN_MESSAGES = {
    "required": (_("此项为必填项"), "required"),
    "pattern": (_("格式不正确"), "pattern"),
    "enum": (_("请从给定的选项中选择"), "invalid_choice"),
    "const": (_("请确认此项"), "const"),
    "uniqueItems": (_("各项不能重复"), "unique"),
    "additionalProperties": (_("不能包含表单未定义的内容"), "unknown_field"),
    "unevaluatedProperties": (_("不能包含表单未定义的内容"), "unknown_field"),
}
_GENERIC = (_("填写的内容不符合要求"), "invalid")
_TOP_LEVEL = (_("表单数据必须是 JSON 对象"), "type")
_BAD_SCHEMA = _("该事项的表单定义有误，请联系管理部门")

_interpolate = lazy(lambda message, params: str(message) % params, str)


def _path(parts: Any) -> str:
    return ".".join(str(p) for p in parts)


def _field_of(error: ValidationError) -> list[str]:
    """The dotted field paths an error is about (``required`` names the missing field)."""
    base = _path(error.absolute_path)
    prefix = base + "." if base else ""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [n for n in error.validator_value if n not in error.instance]
        named = [n for n in missing if repr(n) in error.message] or missing[:1]
        return [prefix + str(n) for n in named]
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        error.instance, dict
    ):
        node_props = (error.schema or {}).get("properties") or {}
        extra = [k for k in error.instance if k not in node_props]
        return [prefix + str(k) for k in extra] or [base or "__all__"]
    return [base or "__all__"]


def _schema_message(node: dict, keyword: str) -> tuple[str | None, str | None]:
    zh, en = node.get("errorMessage"), node.get("errorMessage_en")
    if keyword == "required" and not isinstance(zh, dict):
        return None, None  # a single text explains the format; a blank field needs "必填"
    if isinstance(zh, dict):
        zh = zh.get(keyword)
    if isinstance(en, dict):
        en = en.get(keyword)
    return (zh if isinstance(zh, str) and zh else None, en if isinstance(en, str) else None)


def _message(error: ValidationError) -> tuple[Any, str]:
    keyword = str(error.validator)
    if keyword == "type":
        declared = error.validator_value
        kind = declared if isinstance(declared, str) else main_type({"type": declared})
        return _TYPE_MESSAGES.get(kind, _GENERIC[0]), "type"
    if keyword == "format":
        return _FORMAT_MESSAGES.get(str(error.validator_value), _("格式不正确")), "format"
    if keyword in ("oneOf", "anyOf") and all(
        isinstance(o, dict) and "const" in o for o in error.validator_value or [{}]
    ):
        return _PLAIN_MESSAGES["enum"]
    if keyword in _LIMIT_MESSAGES:
        message, code = _LIMIT_MESSAGES[keyword]
        return _interpolate(message, {"limit": error.validator_value}), code
    return _PLAIN_MESSAGES.get(keyword, _GENERIC)


def field_errors(schema: dict, data: Any) -> list[FieldError]:
    """Every problem of ``data`` (already coerced), at most one per field, in form order."""
    if not isinstance(data, dict):
        return [FieldError("__all__", *_TOP_LEVEL)]
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    found: dict[str, FieldError] = {}
    errors = sorted(validator.iter_errors(data), key=lambda e: len(e.absolute_path))
    for error in errors:
        keyword = str(error.validator)
        for field in _field_of(error):
            if field in found:
                continue
            node = node_at(schema, field) if field != "__all__" else schema
            zh, en = _schema_message(node, keyword)
            if zh is not None:
                found[field] = FieldError(field, zh, _code(keyword), message_en=en)
            else:
                message, code = _message(error)
                found[field] = FieldError(field, message, code)
    return [found[f] for f in _form_order(schema, list(found))]


def _code(keyword: str) -> str:
    if keyword in _LIMIT_MESSAGES:
        return _LIMIT_MESSAGES[keyword][1]
    if keyword in _PLAIN_MESSAGES:
        return _PLAIN_MESSAGES[keyword][1]
    return {"type": "type", "format": "format"}.get(keyword, _GENERIC[1])


def _form_order(schema: dict, fields: list[str]) -> list[str]:
    """Errors listed as the fields appear on the page, so the summary reads top to bottom."""
    from yiwang.approvals.forms.rendering import field_paths

    order = {path: index for index, path in enumerate(field_paths(schema))}

    def key(field: str) -> tuple[int, str]:
        generic = re.sub(r"\.\d+(?=\.|$)", ".0", field)
        return (order.get(field, order.get(generic, len(order))), field)

    return sorted(fields, key=key)


@functools.lru_cache(maxsize=256)
def _schema_ok(serialised: str) -> bool:
    return not schema_problems(json.loads(serialised))


def validate(schema: dict | None, data: Any) -> dict[str, Any]:
    """The cleaned answers (strings coerced to the schema's types, blanks dropped).

    Raises ``InvalidInput`` listing every field's problem in Chinese. An empty schema accepts
    any JSON object (items without a form of their own)."""
    schema = schema or {}
    if not isinstance(data, dict):
        raise InvalidInput(field_errors=[FieldError("__all__", *_TOP_LEVEL)])
    if not schema:
        return dict(data)
    if not _schema_ok(json.dumps(schema, sort_keys=True, ensure_ascii=False)):
        raise InvalidInput(_BAD_SCHEMA, code="invalid-form-schema")
    cleaned = coerce(schema, data)
    problems = field_errors(schema, cleaned)
    if problems:
        raise InvalidInput(field_errors=problems)
    return cleaned
