"""Reading request bodies ourselves: JSON or multipart into one schema, with our own limits.

Ninja's body parsing goes through ``request.body``, which Django caps at
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) and turns into an unhandled error above it. Attachments
arrive base64-encoded in JSON (e-mail gateways, upper platforms) or as multipart files, so the
ticket endpoints read the body here: a too-large body is a 413 problem, a malformed one a 400,
and the OpenAPI document still describes both encodings.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
from typing import Any, get_args, get_origin

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError as NinjaValidationError

from yiwang.core.errors import FieldError, InvalidInput, YiwangError
from yiwang.tickets.services.attachments import MAX_BYTES, MAX_FILES, UploadedFile

# 25 MB of mail (the common mail-server limit) base64-encoded, with room for the text
MAX_JSON_BYTES = int(getattr(settings, "YIWANG_API_MAX_JSON_BYTES", 40 * 1024 * 1024))
MAX_MULTIPART_BYTES = int(getattr(settings, "YIWANG_API_MAX_MULTIPART_BYTES", 100 * 1024 * 1024))


class PayloadTooLarge(YiwangError):
    status = 413
    code = "payload-too-large"
    title = _("请求体过大")


def _invalid_body(message: Any, code: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError("__all__", message, code)])


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _read_json(request, *, allow_empty: bool = False) -> dict[str, Any]:
    if _content_length(request) > MAX_JSON_BYTES:
        raise PayloadTooLarge(_("请求体过大"))
    if hasattr(request, "_body"):
        raw = request._body
    else:  # read the stream ourselves: request.body would apply Django's 2.5 MB form limit
        raw = request.read(MAX_JSON_BYTES + 1)
        if len(raw) > MAX_JSON_BYTES:
            raise PayloadTooLarge(_("请求体过大"))
    if not raw.strip():
        if allow_empty:
            return {}
        raise _invalid_body(_("请求体不能为空"), "empty_body")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[…]]]]
        raise _invalid_body(_("请求体不是有效的 JSON"), "json_invalid") from None
    if not isinstance(data, dict):
        raise _invalid_body(_("请求体应为 JSON 对象"), "json_object")
    return data


def _is_list_field(schema: type[pydantic.BaseModel], name: str) -> bool:
    info = schema.model_fields.get(name)
    if info is None:
        return False
    annotation = info.annotation
    return get_origin(annotation) is list or any(
        get_origin(a) is list for a in get_args(annotation)
    )


def _read_multipart(request, schema) -> tuple[dict[str, Any], list[UploadedFile]]:
    if _content_length(request) > MAX_MULTIPART_BYTES:
        raise PayloadTooLarge(_("请求体过大"))
    try:
        form, files = request.POST, request.FILES
    except RequestDataTooBig:
        raise PayloadTooLarge(_("请求体过大")) from None
    except (MultiPartParserError, SuspiciousOperation):
        raise _invalid_body(_("表单数据格式不正确"), "multipart_invalid") from None
    data: dict[str, Any] = {}
    for key in form:
        if key == "csrfmiddlewaretoken":
            continue
        data[key] = form.getlist(key) if _is_list_field(schema, key) else form.get(key)
    # Read at most one byte past the size limit (the service then reports "too large") and at
    # most one file past the count limit (it then reports "too many"): memory stays bounded.
    uploads = [
        UploadedFile(name=f.name or "file", content=f.read(MAX_BYTES + 1))
        for f in files.getlist("attachments")[: MAX_FILES + 1]
    ]
    return data, uploads


def _decode_attachments(items: list[Any]) -> list[UploadedFile]:
    files, errors = [], []
    for index, item in enumerate(items):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            errors.append(
                FieldError(
                    f"attachments.{index}.content_base64", _("不是有效的 Base64 编码"), "bad_base64"
                )
            )
            continue
        files.append(UploadedFile(name=item.name, content=content))
    if errors:
        raise InvalidInput(field_errors=errors)
    return files


def validate(schema: type[pydantic.BaseModel], data: dict[str, Any]):
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(exc.errors(include_url=False)) from None


def read_payload(request, schema: type[pydantic.BaseModel], *, allow_empty: bool = False):
    """Parse the body (JSON or multipart) into ``schema``; return (payload, uploaded files).

    JSON carries attachments as ``[{name, content_base64}]``; multipart as files named
    ``attachments``. Either way the files are then checked by content by the service.
    ``allow_empty``: an empty body means "no fields" (actions that need none, like sign).
    """
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data, uploads = _read_multipart(request, schema)
        data.pop("attachments", None)
        return validate(schema, data), uploads
    payload = validate(schema, _read_json(request, allow_empty=allow_empty))
    items = getattr(payload, "attachments", None) or []
    return payload, _decode_attachments(items)


# --- headers ---------------------------------------------------------------------------------

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def expected_version(request, from_body: int | None) -> int | None:
    """The version the client last saw: ``expected_version`` in the body or ``If-Match``."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return from_body
    match = _ETAG.match(header)
    if match is None:
        raise InvalidInput(
            field_errors=[FieldError("If-Match", _("If-Match 应为工单版本号"), "etag_format")]
        )
    version = int(match.group(1))
    if from_body is not None and from_body != version:
        raise InvalidInput(
            field_errors=[
                FieldError(
                    "expected_version", _("expected_version 与 If-Match 不一致"), "version_mismatch"
                )
            ]
        )
    return version


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if key and not _KEY.match(key):
        raise InvalidInput(
            field_errors=[
                FieldError(
                    "Idempotency-Key",
                    _("Idempotency-Key 应为 1 至 100 个可见 ASCII 字符"),
                    "idempotency_key_format",
                )
            ]
        )
    return key


# --- OpenAPI ---------------------------------------------------------------------------------


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local $refs by their definitions: an operation's requestBody cannot point into
    a model's own $defs, and these models are not registered as components."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(copy.deepcopy(defs[ref.rsplit("/", 1)[-1]]), defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def body_doc(schema: type[pydantic.BaseModel], *, multipart: bool = False) -> dict[str, Any]:
    """``openapi_extra`` describing the body this module reads for ``schema``."""
    full = schema.model_json_schema()
    json_schema = _inline(full, full.get("$defs", {}))
    content: dict[str, Any] = {"application/json": {"schema": json_schema}}
    if multipart:
        form = copy.deepcopy(json_schema)
        form["properties"]["attachments"] = {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Images (JPG/PNG/GIF/WEBP) or PDF, ≤ 10 MB each, ≤ 9 files",
        }
        content["multipart/form-data"] = {"schema": form}
    return {"requestBody": {"required": True, "content": content}}
