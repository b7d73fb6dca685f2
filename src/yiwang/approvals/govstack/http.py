"""The GovStack endpoints' common face: who is calling (an API key = a service account),
the Information-Mediator-Client header, JSON in and out, and errors — the spec's
``systemError`` where it defines one (a bad mediator header, a failed upload, a server
fault), the platform's problem+json (RFC 9457) everywhere else."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from yiwang.audit.services import audit_record
from yiwang.core import context
from yiwang.core.api_errors import problem_response
from yiwang.core.errors import (
    InvalidInput,
    NotAuthenticated,
    YiwangError,
    bilingual,
)

logger = logging.getLogger("yiwang.govstack")

MEDIATOR_HEADER = "Information-Mediator-Client"
# X-Road style identifier parts: letters, digits and . _ - : (no slashes, no spaces)
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}$")


@dataclass(frozen=True)
class MediatorClient:
    """INSTANCE/CLASS/MEMBER/SUBSYSTEM of the calling information system."""

    instance: str
    member_class: str
    member_code: str
    subsystem: str

    def __str__(self) -> str:
        return "/".join((self.instance, self.member_class, self.member_code, self.subsystem))

    def as_dict(self) -> dict[str, str]:
        return {"instance": self.instance, "class": self.member_class,
                "member": self.member_code, "subsystem": self.subsystem}  # fmt: skip


class SystemError(Exception):
    """An error the spec describes with its ``systemError`` schema."""

    def __init__(self, status: int, code: str, message: Any):
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, message

    def response(self, request: HttpRequest) -> JsonResponse:
        zh, en = bilingual(self.message)
        body = {"traceId": context.current().request_id or getattr(request, "request_id", ""),
                "code": self.code, "message": en, "localizedMessage": zh}  # fmt: skip
        return JsonResponse(body, status=self.status, json_dumps_params={"ensure_ascii": False})


def parse_mediator(value: str) -> MediatorClient:
    parts = (value or "").strip().split("/")
    if len(parts) != 4 or not all(_PART.match(p) for p in parts):
        raise SystemError(
            400, "INVALID_INFORMATION_MEDIATOR_CLIENT",
            _("Information-Mediator-Client 请求头格式应为 INSTANCE/CLASS/MEMBER/SUBSYSTEM"),
        )  # fmt: skip
    return MediatorClient(*parts)


def _mediator(request: HttpRequest, required: bool) -> MediatorClient | None:
    value = request.headers.get(MEDIATOR_HEADER)
    if value is None or not value.strip():
        if required:
            raise SystemError(400, "MISSING_INFORMATION_MEDIATOR_CLIENT",
                              _("缺少 Information-Mediator-Client 请求头"))  # fmt: skip
        return None
    return parse_mediator(value)


def _bearer(request: HttpRequest) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _account(request: HttpRequest, *, safe: bool) -> Any:
    """The API key's service account; a browser session only for reads (no CSRF token
    travels with machine calls, so writes need a key)."""
    from yiwang.accounts.services import apikey_authenticate

    key = (request.headers.get("X-API-Key") or _bearer(request)).strip()
    if key:
        account = apikey_authenticate(key=key)
        if account is None:
            raise NotAuthenticated(_("API 密钥无效或已停用"))
        return account
    user = getattr(request, "user", None)
    if safe and user is not None and user.is_authenticated:
        return user
    return None


@dataclass
class Call:
    """What a view gets besides the request."""

    request: HttpRequest
    user: Any
    mediator: MediatorClient | None

    def require_user(self) -> Any:
        if self.user is None:
            raise NotAuthenticated()
        return self.user

    def json(self) -> dict[str, Any]:
        try:
            body = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise _bad_json() from None
        if not isinstance(body, dict):
            raise _bad_json()
        return body

    def record(self, *, action: str, target: Any = None, summary: str = "") -> None:
        """One audit entry naming the calling information system (its request id ties it
        to the entries the services wrote for the same call)."""
        changes = (
            {"information_mediator_client": [None, str(self.mediator)]} if self.mediator else {}
        )
        with transaction.atomic():
            audit_record(action=action, target=target, actor=self.user, changes=changes,
                         summary=(summary or str(self.mediator or ""))[:200])  # fmt: skip


def _bad_json() -> InvalidInput:
    from yiwang.core.errors import FieldError

    return InvalidInput(field_errors=[FieldError("body", _("请求体不是有效的 JSON 对象"),
                                                 "json_invalid")])  # fmt: skip


def endpoint(*methods: str, mediator: str = "optional") -> Callable:
    """``mediator``: "required" where the spec requires the header, else "optional" (a
    header that is present is still checked and recorded)."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt  # machine clients with API keys; sessions are allowed for reads only
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any):
            if request.method not in methods:
                response = JsonResponse({"code": "METHOD_NOT_ALLOWED"}, status=405)
                response["Allow"] = ", ".join(methods)
                return response
            safe = request.method in ("GET", "HEAD")
            try:
                client = _mediator(request, mediator == "required")
                user = _account(request, safe=safe)
                with context.bind(channel="govstack", user=user or context.current().user):
                    result = view(Call(request, user, client), **kwargs)
            except SystemError as exc:
                return exc.response(request)
            except YiwangError as exc:
                return problem_response(request, exc)
            except RequestDataTooBig:
                return SystemError(413, "PAYLOAD_TOO_LARGE", _("请求体过大")).response(request)
            except (SuspiciousOperation, MultiPartParserError):
                return problem_response(request, InvalidInput(_("表单数据格式不正确")))
            except Exception:
                logger.exception("govstack %s %s failed", request.method, request.path)
                error = SystemError(500, "INTERNAL_ERROR", _("服务器内部错误，请联系管理员"))
                return error.response(request)
            if isinstance(result, JsonResponse):
                return result
            return JsonResponse(result, safe=False, json_dumps_params={"ensure_ascii": False})

        return wrapper

    return decorate
