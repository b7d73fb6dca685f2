"""From what a browser sends (strings) to what the schema describes (numbers, booleans, dates).

Coercion is forgiving and never fails: a value it cannot read is left as it came, and the
schema check that follows reports it ("请输入整数") on its field. Empty answers count as not
given, so ``required`` — not ``minLength`` — speaks for a blank field.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

from yiwang.approvals.forms.schema import (
    items_schema,
    main_type,
    properties,
    required_names,
    resolve,
)

_TRUE = {"true", "on", "1", "yes", "y", "是", "checked"}
_FALSE = {"false", "off", "0", "no", "n", "否", ""}
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
MAX_ROWS = 200  # rows of a repeated group read from one form


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _normalise_text(value: str) -> str:
    # Full-width digits, letters and punctuation typed with a Chinese input method.
    return unicodedata.normalize("NFKC", value).strip().replace(",", "")


def _scalar(node: dict, value: Any) -> Any:
    kind = main_type(node)
    if kind == "integer" and isinstance(value, str):
        text = _normalise_text(value)
        if _INTEGER.match(text):
            return int(text)
        if _NUMBER.match(text):
            number = float(text)
            return int(number) if number.is_integer() else value
        return value
    if kind == "number" and isinstance(value, str):
        text = _normalise_text(value)
        if _INTEGER.match(text):
            return int(text)
        if _NUMBER.match(text):
            number = float(text)
            return number if math.isfinite(number) else value
        return value
    if kind == "boolean" and isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return value
    if kind == "string" and isinstance(value, str):
        text = value.strip()
        if node.get("format") == "date":
            return _date(text)
        return text
    return value


def _date(text: str) -> str:
    """ "2025/1/5" and "2025年1月5日" become "2025-01-05"; anything else is left to the check."""
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return text
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return text


def _allows_null(node: dict) -> bool:
    declared = node.get("type")
    return declared == "null" or (isinstance(declared, list) and "null" in declared)


def coerce(schema: dict, data: Any, *, root: dict | None = None) -> Any:
    """The data with strings turned into the schema's types and blank answers removed."""
    root = root if root is not None else schema
    node = resolve(schema, root)
    kind = main_type(node)
    if kind == "object":
        if not isinstance(data, dict):
            return data
        known = dict(properties(node, root))
        required = required_names(node)
        cleaned: dict[str, Any] = {}
        for key, value in data.items():
            child = known.get(key)
            if child is None:
                cleaned[key] = value
                continue
            if _is_blank(value) and not (value is None and _allows_null(child)):
                continue
            value = coerce(child, value, root=root)
            if value in ({}, []) and key not in required:
                continue  # an optional group left empty is not an answer to check
            cleaned[key] = value
        return cleaned
    if kind == "array":
        if not isinstance(data, list):
            return data
        item = items_schema(node, root)
        return [coerce(item, value, root=root) for value in data if not _is_blank(value)]
    return _scalar(node, data)


# --- reading a submitted HTML form -------------------------------------------------------------


def _has_answer(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_answer(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_answer(v) for v in value)
    return not _is_blank(value) and value is not False


def _row_indices(querydict: Any, prefix: str) -> list[int]:
    pattern = re.compile(re.escape(prefix) + r"(\d{1,4})\.")
    found = set()
    for key in querydict:
        match = pattern.match(key)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)[:MAX_ROWS]


def _read_object(node: dict, root: dict, querydict: Any, prefix: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for name, child in properties(node, root):
        key = prefix + name
        kind = main_type(child)
        if kind == "object":
            answers[name] = _read_object(child, root, querydict, key + ".")
        elif kind == "array":
            item = items_schema(child, root)
            if main_type(item) == "object":
                rows = [
                    _read_object(item, root, querydict, f"{key}.{index}.")
                    for index in _row_indices(querydict, key + ".")
                ]
                answers[name] = [row for row in rows if _has_answer(row)]
            else:
                answers[name] = [v for v in querydict.getlist(key) if not _is_blank(v)]
        elif kind == "boolean" and "enum" not in child:
            answers[name] = querydict.get(key, "").strip().lower() in _TRUE
        else:
            answers[name] = querydict.get(key, "")
    return answers


def data_from_post(schema: dict, querydict: Any) -> dict[str, Any]:
    """The answers of a form drawn by ``render_fields``: field names are dotted paths
    (``company.name``, ``members.0.name``); an unticked checkbox is False; blank rows of a
    repeated group are dropped."""
    root = schema if isinstance(schema, dict) else {}
    node = resolve(root, root)
    if main_type(node) != "object" or not node.get("properties"):
        return {}
    return _read_object(node, root, querydict, "")
