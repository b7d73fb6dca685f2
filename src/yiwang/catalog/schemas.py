"""Checks on the JSON Schemas of item forms and bundle forms, and the 一表制 field mapping.

A form schema is a JSON Schema (draft 2020-12) object whose properties are the fields of an
application form: each names itself with an identifier (used in HTML and in field maps) and
shows a Chinese ``title``. ``{}`` means "no form of its own" (materials only).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_SCHEMA_BYTES = 64 * 1024
MAX_DEPTH = 3  # nested objects (e.g. 股东 → 证件); deeper forms are unreadable anyway


def _path(parts: Any) -> str:
    text = "/".join(str(p) for p in parts)
    return f"/{text}" if text else "/"


def schema_errors(schema: Any, *, field: str = "form_schema") -> list[FieldError]:
    """Every problem with ``schema``, each naming where it is; [] when it is usable."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    if schema in (None, {}):
        return []
    if not isinstance(schema, dict):
        return [FieldError(field, _("表单结构应为 JSON 对象"), "schema_not_object")]
    if len(json.dumps(schema, ensure_ascii=False)) > MAX_SCHEMA_BYTES:
        return [FieldError(field, _("表单结构过大（上限 64 KB）"), "schema_too_large")]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [
            FieldError(
                field,
                format_lazy(
                    _("表单结构不符合 JSON Schema 规范：位置 {path}：{detail}"),
                    path=_path(exc.path),
                    detail=exc.message[:200],
                ),
                "schema_invalid",
            )
        ]
    errors: list[FieldError] = []
    _check_object(schema, [], errors, field)
    return errors


def _check_object(node: dict, where: list[str], errors: list[FieldError], field: str) -> None:
    if node.get("type") != "object":
        errors.append(
            FieldError(
                field,
                format_lazy(_("位置 {path}：表单应为 type 为 object 的对象"), path=_path(where)),
                "schema_not_object",
            )
        )
        return
    properties = node.get("properties") or {}
    if not properties:
        errors.append(
            FieldError(
                field,
                format_lazy(_("位置 {path}：表单没有任何字段（properties）"), path=_path(where)),
                "schema_empty",
            )
        )
    for name, prop in properties.items():
        here = [*where, "properties", name]
        if not FIELD_NAME.match(name):
            errors.append(
                FieldError(
                    field,
                    format_lazy(
                        _("字段名“{name}”无效：应以小写字母开头，只含小写字母、数字和下划线"),
                        name=name,
                    ),
                    "schema_field_name",
                )
            )
        if not isinstance(prop, dict) or not str(prop.get("title") or "").strip():
            errors.append(
                FieldError(
                    field,
                    format_lazy(
                        _("位置 {path}：字段缺少 title（表单上显示的中文名称）"), path=_path(here)
                    ),
                    "schema_title",
                )
            )
            continue
        if prop.get("type") == "object":
            if len(where) // 2 + 1 >= MAX_DEPTH:
                errors.append(
                    FieldError(
                        field,
                        format_lazy(_("位置 {path}：表单嵌套过深（最多 3 层）"), path=_path(here)),
                        "schema_depth",
                    )
                )
            else:
                _check_object(prop, here, errors, field)
    for name in node.get("required") or []:
        if name not in properties:
            errors.append(
                FieldError(
                    field,
                    format_lazy(
                        _("位置 {path}：必填字段“{name}”不在 properties 中"),
                        path=_path([*where, "required"]),
                        name=name,
                    ),
                    "schema_required",
                )
            )


def check_schema(schema: Any, *, field: str = "form_schema") -> None:
    errors = schema_errors(schema, field=field)
    if errors:
        raise InvalidInput(field_errors=errors)


def field_paths(schema: dict, prefix: str = "") -> dict[str, dict]:
    """Every field of the form by dotted path (``shareholder.name``), objects included."""
    out: dict[str, dict] = {}
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        out[path] = prop
        if isinstance(prop, dict) and prop.get("type") == "object":
            out.update(field_paths(prop, f"{path}."))
    return out


def required_paths(schema: dict, prefix: str = "") -> list[str]:
    """The fields an applicant must fill: required ones, and required children of those."""
    out: list[str] = []
    properties = schema.get("properties") or {}
    for name in schema.get("required") or []:
        prop = properties.get(name)
        if prop is None:
            continue
        path = f"{prefix}{name}"
        out.append(path)
        if isinstance(prop, dict) and prop.get("type") == "object":
            out.extend(required_paths(prop, f"{path}."))
    return out


def get_path(data: Any, path: str) -> tuple[bool, Any]:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def set_path(data: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def _covered(path: str, names: set[str]) -> str | None:
    """The name in ``names`` equal to ``path`` or to one of its parent objects."""
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in names:
            return candidate
    return None


def item_mapping(item_schema: dict, bundle_schema: dict, mapping: dict[str, str]) -> dict:
    """item field → bundle field: the explicit map, then every item field whose name the
    combined form also collects (and whose parent is not mapped already)."""
    bundle_fields = field_paths(bundle_schema or {})
    result = dict(mapping)
    for path in field_paths(item_schema or {}):
        if _covered(path, set(result)) is None and path in bundle_fields:
            result[path] = path
    return result


def map_errors(*, items: list[Any], bundle_schema: dict, field_map: Any) -> list[FieldError]:
    """Why the combined form cannot fill every item: each problem names the item and field."""
    errors: list[FieldError] = []
    if not isinstance(field_map, dict):
        return [FieldError("field_map", _("字段对应关系应为 JSON 对象"), "map_not_object")]
    codes = {item.code for item in items}
    for code, mapping in field_map.items():
        if code not in codes:
            errors.append(
                FieldError(
                    "field_map",
                    format_lazy(_("字段对应关系中的事项“{code}”不在本一件事中"), code=code),
                    "map_unknown_item",
                )
            )
        elif not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            errors.append(
                FieldError(
                    "field_map",
                    format_lazy(_("事项“{code}”的字段对应应为 {{事项字段: 表单字段}}"), code=code),
                    "map_not_object",
                )
            )
    if errors:
        return errors
    bundle_fields = field_paths(bundle_schema or {})
    bundle_required = set(required_paths(bundle_schema or {}))
    for item in items:
        schema = item.form_schema or {}
        item_fields = field_paths(schema)
        explicit = field_map.get(item.code) or {}
        for item_field, bundle_field in explicit.items():
            if item_field not in item_fields:
                errors.append(
                    FieldError(
                        "field_map",
                        format_lazy(
                            _("事项“{item}”的表单没有字段“{field}”"),
                            item=item.name,
                            field=item_field,
                        ),
                        "map_unknown_item_field",
                    )
                )
            if bundle_field not in bundle_fields:
                errors.append(
                    FieldError(
                        "field_map",
                        format_lazy(
                            _(
                                "一表制表单没有字段“{field}”（事项“{item}”的“{item_field}”对应到它）"
                            ),
                            field=bundle_field,
                            item=item.name,
                            item_field=item_field,
                        ),
                        "map_unknown_bundle_field",
                    )
                )
        mapping = item_mapping(schema, bundle_schema, explicit)
        for path in required_paths(schema):
            covering = _covered(path, set(mapping))
            title = (item_fields.get(path) or {}).get("title") or path
            if covering is None and any(key.startswith(f"{path}.") for key in mapping):
                continue  # an object filled field by field: its required children are checked
            if covering is None:
                errors.append(
                    FieldError(
                        "field_map",
                        format_lazy(
                            _("事项“{item}”的必填字段“{title}”（{path}）没有对应到一表制表单"),
                            item=item.name,
                            title=title,
                            path=path,
                        ),
                        "map_required_missing",
                    )
                )
                continue
            source = mapping[covering] + path[len(covering) :]
            if source in bundle_fields and source not in bundle_required:
                errors.append(
                    FieldError(
                        "field_map",
                        format_lazy(
                            _("事项“{item}”要求必填“{title}”，但一表制表单中的“{field}”不是必填项"),
                            item=item.name,
                            title=title,
                            field=source,
                        ),
                        "map_required_optional",
                    )
                )
    return errors


def fill_item_form(item_schema: dict, bundle_schema: dict, mapping: dict, data: dict) -> dict:
    """The item's own form data taken from the combined form's answers."""
    out: dict[str, Any] = {}
    for item_field, bundle_field in item_mapping(item_schema, bundle_schema, mapping).items():
        found, value = get_path(data, bundle_field)
        if found:
            set_path(out, item_field, value)
    return out
