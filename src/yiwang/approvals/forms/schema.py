"""Reading a form schema: property order, types, titles, and local ``$ref``s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

# Form fields know these types; anything else is shown as text.
SCALAR_TYPES = ("string", "integer", "number", "boolean")


def resolve(node: Any, root: dict) -> dict:
    """Follow local references (``#/$defs/person``) so one definition serves many fields."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            break
        merged = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **merged}
        seen += 1
    return node if isinstance(node, dict) else {}


def main_type(node: dict) -> str:
    """The field's type; ``["string", "null"]`` counts as string, an enum without a type as
    string, and a schema with properties as an object."""
    declared = node.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), None)
    if isinstance(declared, str):
        return declared
    if "properties" in node:
        return "object"
    if "items" in node:
        return "array"
    return "string"


def properties(node: dict, root: dict) -> Iterator[tuple[str, dict]]:
    """(name, resolved sub-schema) in the schema's order, or ``x-order`` when given."""
    props = node.get("properties") or {}
    if not isinstance(props, dict):
        return
    order = node.get("x-order")
    names = list(props)
    if isinstance(order, list):
        names = [n for n in order if n in props] + [n for n in names if n not in order]
    for name in names:
        yield name, resolve(props[name], root)


def required_names(node: dict) -> set[str]:
    required = node.get("required") or []
    return {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()


def items_schema(node: dict, root: dict) -> dict:
    items = node.get("items")
    return resolve(items, root) if isinstance(items, dict) else {}


def node_at(schema: dict, path: str) -> dict:
    """The sub-schema of a dotted field path (array indices are skipped)."""
    node = resolve(schema, schema)
    for part in [p for p in path.split(".") if p]:
        if main_type(node) == "array":
            node = items_schema(node, schema)
            if part.isdigit():
                continue
        props = node.get("properties") or {}
        node = resolve(props.get(part, {}), schema) if isinstance(props, dict) else {}
    return node


def title_of(node: dict, fallback: str) -> str:
    """The Chinese ``title``, or ``x-title-en`` when the page is shown in English."""
    if translation.get_language() == "en" and isinstance(node.get("x-title-en"), str):
        return node["x-title-en"]
    title = node.get("title")
    return title if isinstance(title, str) and title.strip() else fallback


def field_title(schema: dict, path: str) -> str:
    """A readable name for a dotted path: "家庭成员 第 2 项 姓名"."""
    parts: list[str] = []
    node = resolve(schema, schema)
    for part in [p for p in path.split(".") if p]:
        if part.isdigit() and main_type(node) == "array":
            parts.append(translation.gettext("第 %(n)s 项") % {"n": int(part) + 1})
            node = items_schema(node, schema)
            continue
        props = node.get("properties") or {}
        node = resolve(props.get(part, {}), schema) if isinstance(props, dict) else {}
        parts.append(title_of(node, part))
    return " ".join(parts)


def schema_problems(schema: Any) -> list[str]:
    """Why a schema cannot serve as a form ([] when it can). For the catalog's editors."""
    if not isinstance(schema, dict):
        return [translation.gettext("表单定义必须是 JSON 对象")]
    if not schema:
        return []
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "/"
        return [translation.gettext("表单定义无效（%(where)s）：%(reason)s")
                % {"where": where, "reason": exc.message}]  # fmt: skip
    if main_type(schema) != "object":
        return [translation.gettext("表单定义的顶层必须是 object 类型")]
    return []
