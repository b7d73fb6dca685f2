"""Helpers shared by the API and Open311 tests: API keys with roles, JSON calls, tiny files."""

from __future__ import annotations

import base64
import json
from typing import Any

from yiwang.accounts import services as accounts
from yiwang.org import services as org

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


_keys = iter(range(1, 1_000_000))


def api_key(department=None, *roles) -> tuple[str, Any]:
    """A new API key; with a department, its service account holds ``roles`` there."""
    api_key_row, key = accounts.apikey_create(actor=None, name=f"system {next(_keys)}")
    if department is not None:
        org.membership_add(actor=None, user=api_key_row.account, department=department, roles=roles)
    return key, api_key_row.account


def post(client, path: str, data: Any = None, *, key: str = "", **headers: str):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if key:
        extra["HTTP_X_API_KEY"] = key
    body = "" if data is None else json.dumps(data, ensure_ascii=False)
    return client.post(path, body, content_type="application/json", **extra)


def get(client, path: str, *, key: str = "", **params: Any):
    extra = {"HTTP_X_API_KEY": key} if key else {}
    return client.get(path, params, **extra)


def fields(response) -> dict[str, str]:
    """field → code of a problem+json response (asserting it is one)."""
    assert response["Content-Type"] == "application/problem+json", response.content
    return {e["field"]: e["code"] for e in response.json().get("errors", [])}
