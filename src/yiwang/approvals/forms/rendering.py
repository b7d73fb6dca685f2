"""Drawing a form schema as accessible HTML (labels tied to inputs, hints and errors announced
through ``aria-describedby``, groups in fieldsets), in the portal's field markup.

Widgets: text input (``format`` date → date picker, email → email, mobile → tel), numbers as
text with a numeric keyboard (``inputmode``), ``"x-widget": "textarea"`` for long text,
``"x-widget": "radio"`` for a short choice, a select for other ``enum``s (labels from
``x-enumNames``, or ``oneOf`` of ``const`` + ``title``), checkboxes for booleans and for arrays of
choices, a fieldset per object, and repeated fieldsets for arrays of objects with 添加/删除
buttons (``_add_row`` / ``_remove_row``, handled by ``row_action``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from yiwang.approvals.forms.schema import (
    field_title,
    items_schema,
    main_type,
    properties,
    required_names,
    resolve,
    title_of,
)
from yiwang.core.errors import FieldError, YiwangError

ADD_ROW = "_add_row"
REMOVE_ROW = "_remove_row"


def _join(parts: Iterable[SafeString], separator: str = "") -> SafeString:
    # every part was built by format_html, so joining keeps it safe
    return mark_safe(separator.join(str(p) for p in parts))


def field_id(path: str) -> str:
    return "f-" + re.sub(r"[^0-9A-Za-z_-]", "-", path.replace(".", "--"))


def _errors_by_field(errors: Any) -> dict[str, str]:
    if errors is None:
        return {}
    if isinstance(errors, YiwangError):
        errors = errors.field_errors
    if isinstance(errors, dict):
        return {str(k): str(v) for k, v in errors.items()}
    found: dict[str, str] = {}
    for error in errors:
        if isinstance(error, FieldError):
            found.setdefault(error.field, str(error.message))
    return found


def choices(node: dict) -> list[tuple[Any, str]] | None:
    """(value, label) of a choice field, or None when the field is not a choice."""
    if isinstance(node.get("enum"), list):
        names = node.get("x-enumNames") or node.get("enumNames") or []
        return [
            (value, str(names[i]) if i < len(names) else str(value))
            for i, value in enumerate(node["enum"])
        ]
    options = node.get("oneOf") or node.get("anyOf")
    if (
        isinstance(options, list)
        and options
        and all(isinstance(o, dict) and "const" in o for o in options)
    ):
        return [(o["const"], str(o.get("title") or o["const"])) for o in options]
    return None


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


class _Renderer:
    def __init__(self, schema: dict, errors: dict[str, str]):
        self.root = schema
        self.errors = errors

    # --- pieces shared by every field ---------------------------------------------------------

    def _described(self, path: str, node: dict) -> tuple[SafeString, SafeString, str]:
        fid = field_id(path)
        hint = error = SafeString("")
        ids = []
        if isinstance(node.get("description"), str) and node["description"].strip():
            hint = format_html('<p class="hint" id="{}_hint">{}</p>', fid, node["description"])
            ids.append(f"{fid}_hint")
        if path in self.errors:
            error = format_html(
                '<p class="field-error" id="{}_error"><span class="visually-hidden">{}</span>'
                "{}</p>",
                fid, _("错误："), self.errors[path],
            )  # fmt: skip
            ids.append(f"{fid}_error")
        return hint, error, " ".join(ids)

    def _aria(self, path: str, described_by: str, required: bool) -> SafeString:
        parts = []
        if described_by:
            parts.append(format_html(' aria-describedby="{}"', described_by))
        if path in self.errors:
            parts.append(mark_safe(' aria-invalid="true"'))
        if required:
            parts.append(mark_safe(' aria-required="true"'))
        return mark_safe("".join(parts))

    def _optional_mark(self, required: bool) -> SafeString:
        if required:
            return SafeString("")
        return format_html(' <span class="optional">{}</span>', _("（选填）"))

    def _wrap(self, path: str, inner: SafeString, extra_class: str = "") -> SafeString:
        classes = "field" + (f" {extra_class}" if extra_class else "")
        if path in self.errors:
            classes += " field--error"
        return format_html('<div class="{}" data-field="{}">{}</div>', classes, path, inner)

    # --- the walk ------------------------------------------------------------------------------

    def object_fields(self, node: dict, data: Any, prefix: str) -> Iterator[SafeString]:
        required = required_names(node)
        for name, child in properties(node, self.root):
            yield self.field(child, _get(data, name), prefix + name, name in required, name)

    def field(self, node: dict, value: Any, path: str, required: bool, name: str) -> SafeString:
        kind = main_type(node)
        label = title_of(node, name)
        if kind == "object":
            return self._fieldset(node, value, path, label, required)
        if kind == "array":
            item = items_schema(node, self.root)
            if main_type(item) == "object":
                return self._rows(node, item, value, path, label, required)
            return self._multi_choice(node, item, value, path, label, required)
        options = choices(node)
        if kind == "boolean" and options is None:
            return self._checkbox(node, value, path, label, required)
        if options is not None:
            if node.get("x-widget") == "radio":
                return self._radios(node, options, value, path, label, required)
            return self._select(node, options, value, path, label, required)
        return self._input(node, kind, value, path, label, required)

    def _fieldset(self, node, value, path, label, required) -> SafeString:
        hint, error, _ids = self._described(path, node)
        inner = _join(self.object_fields(node, value, path + "."))
        return format_html(
            '<fieldset class="field-group" id="{}"><legend>{}{}</legend>{}{}{}</fieldset>',
            field_id(path), label, self._optional_mark(required), hint, error, inner,
        )  # fmt: skip

    def _rows(self, node, item, value, path, label, required) -> SafeString:
        rows = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
        wanted = max(len(rows), int(node.get("minItems") or 0), 1)
        rows += [{}] * (wanted - len(rows))
        hint, error, _ids = self._described(path, node)
        drawn = []
        for index, row in enumerate(rows):
            row_path = f"{path}.{index}"
            inner = _join(self.object_fields(item, row, row_path + "."))
            remove = SafeString("")
            if len(rows) > max(int(node.get("minItems") or 0), 1):
                remove = format_html(
                    '<button type="submit" class="button button--secondary" name="{}" '
                    'value="{}" formnovalidate>{}</button>',
                    REMOVE_ROW, row_path, _("删除第 %(n)s 项") % {"n": index + 1},
                )  # fmt: skip
            row_html = format_html(
                '<fieldset class="field-group field-row" id="{}"><legend>{}</legend>{}{}'
                "</fieldset>",
                field_id(row_path), _("第 %(n)s 项") % {"n": index + 1}, inner, remove,
            )  # fmt: skip
            drawn.append(row_html)
        add = format_html(
            '<button type="submit" class="button button--secondary" name="{}" value="{}" '
            "formnovalidate>{}</button>",
            ADD_ROW, path, _("添加一项"),
        )  # fmt: skip
        return format_html(
            '<fieldset class="field-group" id="{}"><legend>{}{}</legend>{}{}{}{}</fieldset>',
            field_id(path), label, self._optional_mark(required), hint, error,
            _join(drawn), add,
        )  # fmt: skip

    def _multi_choice(self, node, item, value, path, label, required) -> SafeString:
        options = choices(item) or []
        chosen = {_value_text(v) for v in value} if isinstance(value, list) else set()
        hint, error, ids = self._described(path, node)
        boxes = format_html_join(
            "",
            '<div class="choice"><input type="checkbox" id="{}" name="{}" value="{}"{}>'
            '<label for="{}">{}</label></div>',
            (
                (f"{field_id(path)}-{i}", path, _value_text(v),
                 mark_safe(" checked") if _value_text(v) in chosen else "",
                 f"{field_id(path)}-{i}", text)
                for i, (v, text) in enumerate(options)
            ),
        )  # fmt: skip
        return format_html(
            '<fieldset class="field-group choices" id="{}"{}><legend>{}{}</legend>{}{}{}'
            "</fieldset>",
            field_id(path), self._aria(path, ids, False), label, self._optional_mark(required),
            hint, error, boxes,
        )  # fmt: skip

    def _checkbox(self, node, value, path, label, required) -> SafeString:
        fid = field_id(path)
        hint, error, ids = self._described(path, node)
        checked = mark_safe(" checked") if value is True or value == "true" else ""
        inner = format_html(
            '{}<input type="checkbox" id="{}" name="{}" value="true"{}{}>'
            '<label for="{}">{}</label>{}',
            error, fid, path, checked, self._aria(path, ids, required), fid, label, hint,
        )  # fmt: skip
        return self._wrap(path, inner, "field--checkbox")

    def _radios(self, node, options, value, path, label, required) -> SafeString:
        fid = field_id(path)
        hint, error, ids = self._described(path, node)
        current = _value_text(value)
        radios = format_html_join(
            "",
            '<div class="choice"><input type="radio" id="{}" name="{}" value="{}"{}>'
            '<label for="{}">{}</label></div>',
            (
                (f"{fid}-{i}", path, _value_text(v),
                 mark_safe(" checked") if _value_text(v) == current and current else "",
                 f"{fid}-{i}", text)
                for i, (v, text) in enumerate(options)
            ),
        )  # fmt: skip
        return format_html(
            '<fieldset class="field-group choices{}" id="{}"{}><legend>{}{}</legend>{}{}{}'
            "</fieldset>",
            " field--error" if path in self.errors else "", fid,
            self._aria(path, ids, required), label, self._optional_mark(required),
            hint, error, radios,
        )  # fmt: skip

    def _select(self, node, options, value, path, label, required) -> SafeString:
        fid = field_id(path)
        hint, error, ids = self._described(path, node)
        current = _value_text(value)
        items = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (_value_text(v), mark_safe(" selected") if _value_text(v) == current else "", t)
                for v, t in options
            ),
        )
        inner = format_html(
            '<label for="{}">{}{}</label>{}{}<select id="{}" name="{}"{}>'
            '<option value="">{}</option>{}</select>',
            fid, label, self._optional_mark(required), hint, error, fid, path,
            self._aria(path, ids, required), _("请选择"), items,
        )  # fmt: skip
        return self._wrap(path, inner)

    def _input(self, node, kind, value, path, label, required) -> SafeString:
        fid = field_id(path)
        hint, error, ids = self._described(path, node)
        text = _value_text(value)
        attrs = self._aria(path, ids, required)
        if isinstance(node.get("x-autocomplete"), str):
            attrs = format_html('{} autocomplete="{}"', attrs, node["x-autocomplete"])
        if node.get("x-widget") == "textarea":
            control = format_html(
                '<textarea id="{}" name="{}" rows="{}"{}>{}</textarea>',
                fid, path, int(node.get("x-rows") or 5), attrs, text,
            )  # fmt: skip
        else:
            input_type, inputmode = "text", ""
            fmt = node.get("format")
            if kind == "integer":
                inputmode = "numeric"
            elif kind == "number":
                inputmode = "decimal"
            elif fmt == "date":
                input_type = "date"
            elif fmt == "email":
                input_type = "email"
            elif fmt == "mobile":
                input_type, inputmode = "tel", "tel"
            if inputmode:
                attrs = format_html('{} inputmode="{}"', attrs, inputmode)
            control = format_html(
                '<input type="{}" id="{}" name="{}" value="{}"{}>',
                input_type, fid, path, text, attrs,
            )  # fmt: skip
        inner = format_html(
            '<label for="{}">{}{}</label>{}{}{}',
            fid, label, self._optional_mark(required), hint, error, control,
        )  # fmt: skip
        return self._wrap(path, inner)


def render_fields(schema: dict | None, data: Any = None, errors: Any = None) -> SafeString:
    """The form's fields as HTML (without the ``<form>`` element and buttons).

    ``errors``: an ``InvalidInput``, its ``field_errors``, or ``{path: message}``."""
    root = schema if isinstance(schema, dict) else {}
    node = resolve(root, root)
    if main_type(node) != "object" or not node.get("properties"):
        return SafeString("")
    renderer = _Renderer(root, _errors_by_field(errors))
    return _join(renderer.object_fields(node, data or {}, ""), "\n")


def field_paths(schema: dict) -> list[str]:
    """Every field's dotted path in page order (rows of a repeated group as row 0)."""
    root = schema if isinstance(schema, dict) else {}
    paths: list[str] = []

    def walk(node: dict, prefix: str) -> None:
        for name, child in properties(node, root):
            path = prefix + name
            paths.append(path)
            kind = main_type(child)
            if kind == "object":
                walk(child, path + ".")
            elif kind == "array" and main_type(items_schema(child, root)) == "object":
                walk(items_schema(child, root), path + ".0.")

    walk(resolve(root, root), "")
    return paths


def error_summary(schema: dict | None, errors: Any) -> list[dict[str, str]]:
    """For the page's error summary: each error with the field's anchor and readable name."""
    found = _errors_by_field(errors)
    return [
        {
            "field": path,
            "anchor": "#" + field_id(path),
            "label": field_title(schema or {}, path) if path != "__all__" else "",
            "message": message,
        }
        for path, message in found.items()
    ]


def _rows_at(data: dict, path: str) -> tuple[Any, str] | None:
    """The list holding a row path's parent, and the key within it."""
    parts = path.split(".")
    target: Any = data
    for part in parts[:-1]:
        if isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        elif isinstance(target, dict):
            target = target.setdefault(part, {})
        else:
            return None
    return target, parts[-1]


def row_action(data: dict, querydict: Any, *, max_rows: int = 50) -> dict | None:
    """When a 添加一项 / 删除 button was pressed, the answers with the row added or removed
    (to draw the form again); None for a real submission."""
    add, remove = querydict.get(ADD_ROW, ""), querydict.get(REMOVE_ROW, "")
    if add:
        found = _rows_at(data, add)
        if found is None or not isinstance(found[0], dict):
            return data
        holder, key = found
        rows = holder.get(key)
        rows = rows if isinstance(rows, list) else []
        # keep the blank rows the person sees, then one more
        holder[key] = (rows or [{}]) + ([{}] if len(rows or [{}]) < max_rows else [])
        return data
    if remove:
        parent, _sep, index = remove.rpartition(".")
        found = _rows_at(data, parent) if index.isdigit() else None
        if found is not None and isinstance(found[0], dict):
            rows = found[0].get(found[1])
            if isinstance(rows, list) and int(index) < len(rows):
                rows.pop(int(index))
        return data
    return None
