"""SMS backends: the development file outbox and the HTTP gateway adapter, the latter against
a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from yiwang.notify.sms import FileSmsBackend, HttpSmsBackend, SmsError, send_sms
from yiwang.notify.tests.conftest import PHONE_A, sms_lines

TRICKY = '办理结果："已办结"\n详见 C:\\docs {phone} {text}'


def test_file_backend_appends_json_lines_with_signature(sms_file):
    first = send_sms(PHONE_A, "您的诉求已受理。")
    second = send_sms(PHONE_A, TRICKY)
    lines = sms_lines(sms_file)
    assert [line["id"] for line in lines] == [first, second]
    assert lines[0]["phone"] == PHONE_A
    assert lines[0]["text"] == "【示范市12345】您的诉求已受理。"
    assert lines[1]["text"] == "【示范市12345】" + TRICKY


def test_signature_is_not_doubled(sms_file):
    send_sms(PHONE_A, "【示范市12345】已签名")
    assert sms_lines(sms_file)[0]["text"] == "【示范市12345】已签名"


def test_log_lines_mask_the_phone(sms_file, caplog):
    with caplog.at_level(logging.INFO, logger="yiwang.notify.sms"):
        send_sms(PHONE_A, "hi")
    assert PHONE_A not in caplog.text
    assert "138****5678" in caplog.text


def test_http_gateway_success_sends_escaped_json(http_sms):
    message_id = send_sms(PHONE_A, TRICKY)
    assert message_id == "gw-0001"
    [request] = http_sms.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Content-Type"].startswith("application/json")
    body = json.loads(request["body"].decode("utf-8"))
    # placeholders inside the text were not substituted a second time
    assert body == {"mobile": PHONE_A, "content": "【示范市12345】" + TRICKY}


def test_http_gateway_server_error_is_a_failure(http_sms):
    http_sms.statuses = [500]
    with pytest.raises(SmsError) as caught:
        send_sms(PHONE_A, "x")
    assert "HTTP 500" in str(caught.value)
    assert PHONE_A not in str(caught.value)


def test_http_gateway_non_2xx_success_codes_are_failures(http_sms):
    http_sms.statuses = [302]
    with pytest.raises(SmsError):
        send_sms(PHONE_A, "x")


def test_http_gateway_timeout_is_a_failure(http_sms):
    http_sms.delay = 1.5
    backend = HttpSmsBackend(timeout=0.3)
    started = time.monotonic()
    with pytest.raises(SmsError) as caught:
        send_sms(PHONE_A, "x", backend=backend)
    assert time.monotonic() - started < 1.2
    assert "timed out" in str(caught.value)


def test_http_gateway_unreachable_is_a_failure(settings, free_port):
    settings.YIWANG_SMS_BACKEND = "http"
    settings.YIWANG_SMS_URL = f"http://127.0.0.1:{free_port}/nothing-listens"
    with pytest.raises(SmsError):
        send_sms(PHONE_A, "x")


def test_http_gateway_headers_and_id_field_are_configurable(http_sms, settings):
    settings.YIWANG_SMS_HEADERS = '{"Authorization": "Bearer t0ken"}'
    settings.YIWANG_SMS_ID_FIELD = "code"
    assert send_sms(PHONE_A, "x") == "0"
    assert http_sms.requests[0]["headers"]["Authorization"] == "Bearer t0ken"


def test_body_template_that_is_not_json_is_a_configuration_error(http_sms):
    backend = HttpSmsBackend(body_template="mobile={phone}&text={text}")
    with pytest.raises(ImproperlyConfigured):
        backend.send(PHONE_A, "x")


def test_http_backend_needs_a_url(settings):
    settings.YIWANG_SMS_BACKEND = "http"
    settings.YIWANG_SMS_URL = ""
    with pytest.raises(ImproperlyConfigured, match="YIWANG_SMS_URL"):
        send_sms(PHONE_A, "x")


def test_file_backend_creates_missing_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "sms.jsonl"
    FileSmsBackend(path).send(PHONE_A, "x")
    assert path.exists()
