"""Shared fixtures: two users, a registered test event, an SMS outbox file, and a real local
HTTP server standing in for an SMS gateway."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model

from yiwang.notify.events import register_event

EVENT = "notify.test.accepted"

register_event(
    EVENT,
    title="您的诉求 {{ case_no }} 已受理",
    body="{{ recipient_name }}，您好：诉求 {{ case_no }} 已受理，承办单位：{{ department }}。",
    sms="诉求{{ case_no }}已受理。",
    email_subject="【受理通知】{{ case_no }}",
    description="test event",
)

PHONE_A = "13812345678"
PHONE_B = "13987654321"


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user(
        "alice", "pw-alice-123", kind="citizen", display_name="王小丽",
        email="alice@example.cn", phone=PHONE_A,
    )  # fmt: skip


@pytest.fixture
def bob(db):
    return get_user_model().objects.create_user(
        "bob", "pw-bob-12345", kind="citizen", display_name="李大伟",
        email="bob@example.cn", phone=PHONE_B,
    )  # fmt: skip


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.YIWANG_SMS_BACKEND = "file"
    settings.YIWANG_SMS_FILE = tmp_path / "sms.jsonl"
    settings.YIWANG_SMS_SIGNATURE = "【示范市12345】"
    return settings.YIWANG_SMS_FILE


def sms_lines(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@dataclass
class Gateway:
    url: str = ""
    statuses: list[int] = field(default_factory=list)  # next replies; then 200
    delay: float = 0.0
    reply: bytes = b'{"code": 0, "message_id": "gw-0001"}'
    requests: list[dict] = field(default_factory=list)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # the timeout test hangs up on purpose


@pytest.fixture
def gateway():
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if state.delay:
                time.sleep(state.delay)
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(state.reply if status == 200 else b'{"error": "busy"}')

        def log_message(self, *args):
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/sms/send"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_sms(settings, gateway):
    settings.YIWANG_SMS_BACKEND = "http"
    settings.YIWANG_SMS_URL = gateway.url
    settings.YIWANG_SMS_BODY_TEMPLATE = '{"mobile": "{phone}", "content": "{text}"}'
    settings.YIWANG_SMS_SIGNATURE = "【示范市12345】"
    settings.YIWANG_SMS_TIMEOUT = 2
    return gateway
