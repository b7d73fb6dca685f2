"""SMS gateway interface: a backend is anything with ``send(phone, text) -> message id``.

Settings:
- ``YIWANG_SMS_BACKEND``: ``"file"`` (development outbox), ``"http"`` (a gateway), or the
  dotted path of a class taking no arguments.
- ``YIWANG_SMS_SIGNATURE``: prefixed to every message (Chinese carriers require 【签名】).
- ``YIWANG_SMS_FILE``: where the file backend appends one JSON object per message.
- ``YIWANG_SMS_URL``, ``YIWANG_SMS_BODY_TEMPLATE`` (JSON with ``{phone}`` and ``{text}``),
  ``YIWANG_SMS_TIMEOUT`` (seconds, default 10), ``YIWANG_SMS_HEADERS`` (dict or JSON text,
  e.g. an Authorization header), ``YIWANG_SMS_ID_FIELD`` (where the gateway's JSON reply
  carries the message id; default: the first of message_id, messageId, id, bizId, sid).

Log lines name the phone only masked; the file outbox is the developer's own and keeps it.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from yiwang.core.pii import mask_phone

logger = logging.getLogger("yiwang.notify.sms")

_PLACEHOLDER = re.compile(r"\{(phone|text)\}")
_ID_FIELDS = ("message_id", "messageId", "id", "bizId", "sid")


class SmsError(Exception):
    """The gateway did not accept the message. The text never contains the phone number."""


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> str: ...


class FileSmsBackend:
    """Appends ``{"id", "time", "phone", "text"}`` lines to settings.YIWANG_SMS_FILE."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.YIWANG_SMS_FILE)

    def send(self, phone: str, text: str) -> str:
        message_id = uuid.uuid4().hex
        line = json.dumps(
            {"id": message_id, "time": timezone.now().isoformat(), "phone": phone, "text": text},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: concurrent workers do not interleave lines.
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        return message_id


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST would be replayed as a GET and could look like success.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fill_body_template(template: str, *, phone: str, text: str) -> str:
    """Put phone and text into the JSON template, escaped as JSON string content."""

    def escape(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)[1:-1]

    values = {"phone": escape(phone), "text": escape(text)}
    # One pass, so a "{phone}" inside the message text is never substituted again.
    body = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    try:
        json.loads(body)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "YIWANG_SMS_BODY_TEMPLATE does not give valid JSON once filled "
            "(YIWANG_SMS_BODY_TEMPLATE 填充后不是有效的 JSON)"
        ) from exc
    return body


class HttpSmsBackend:
    """POSTs the filled JSON template to a gateway; anything but a 2xx reply is a failure."""

    def __init__(
        self,
        url: str | None = None,
        body_template: str | None = None,
        *,
        timeout: float | None = None,
        headers: dict[str, str] | str | None = None,
        id_field: str | None = None,
    ):
        self.url = url if url is not None else settings.YIWANG_SMS_URL
        if not self.url:
            raise ImproperlyConfigured(
                "YIWANG_SMS_BACKEND=http needs YIWANG_SMS_URL (使用 HTTP 短信网关需要设置 "
                "YIWANG_SMS_URL)"
            )
        self.body_template = body_template or settings.YIWANG_SMS_BODY_TEMPLATE
        self.timeout = float(
            timeout if timeout is not None else getattr(settings, "YIWANG_SMS_TIMEOUT", 10)
        )
        raw_headers = (
            headers if headers is not None else getattr(settings, "YIWANG_SMS_HEADERS", {})
        )
        self.headers = json.loads(raw_headers) if isinstance(raw_headers, str) else raw_headers
        self.id_field = id_field or getattr(settings, "YIWANG_SMS_ID_FIELD", "")

    def send(self, phone: str, text: str) -> str:
        body = fill_body_template(self.body_template, phone=phone, text=text).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                **(self.headers or {}),
            },
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
                reply = response.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered HTTP {exc.code}") from None
        except TimeoutError:
            raise SmsError(f"SMS gateway timed out after {self.timeout:g}s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SmsError(f"SMS gateway timed out after {self.timeout:g}s") from None
            raise SmsError(f"SMS gateway unreachable: {exc.reason}") from None
        except OSError as exc:
            raise SmsError(f"SMS gateway connection failed: {exc.__class__.__name__}") from None
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered HTTP {status}")
        return self._message_id(reply)

    def _message_id(self, reply: bytes) -> str:
        try:
            data: Any = json.loads(reply.decode("utf-8"))
        except ValueError:
            return ""
        if not isinstance(data, dict):
            return ""
        fields = (self.id_field,) if self.id_field else _ID_FIELDS
        for name in fields:
            value = data.get(name)
            if value not in (None, ""):
                return str(value)[:200]
        return ""


def get_backend() -> SmsBackend:
    name = getattr(settings, "YIWANG_SMS_BACKEND", "file")
    if name == "file":
        return FileSmsBackend()
    if name == "http":
        return HttpSmsBackend()
    try:
        return import_string(name)()
    except ImportError as exc:
        raise ImproperlyConfigured(
            f'YIWANG_SMS_BACKEND must be "file", "http" or a class path, not {name!r} '
            f"(YIWANG_SMS_BACKEND 配置无效)"
        ) from exc


def send_sms(phone: str, text: str, *, backend: SmsBackend | None = None) -> str:
    """Send one message with the configured signature; returns the gateway's message id."""
    signature = getattr(settings, "YIWANG_SMS_SIGNATURE", "")
    if signature and not text.startswith(signature):
        text = signature + text
    message_id = (backend or get_backend()).send(phone, text)
    logger.info("sms sent to %s id=%s", mask_phone(phone), message_id)
    return message_id
