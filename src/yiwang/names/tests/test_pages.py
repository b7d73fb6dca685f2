"""The public check page, the API and the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from yiwang.names.services import words_seed
from yiwang.org.models import Role
from yiwang.org.tests.factories import department, staff

from .support import register

pytestmark = pytest.mark.django_db


def test_page_checks_a_full_name_and_shows_reasons(client):
    register("示范市云帆餐饮管理有限公司")
    empty = client.get(reverse("names:check"))
    assert empty.status_code == 200 and "比对名称" in empty.content.decode()
    page = client.get(reverse("names:check"), {"mode": "full", "name": "示范市云帆科技有限公司"})
    text = page.content.decode()
    assert "可以申报，但存在近似名称" in text and "示范市云帆餐饮管理有限公司" in text
    assert "names-result--warning" in text


def test_page_checks_four_parts_and_htmx_gets_the_fragment(client):
    page = client.get(reverse("names:check"), {
        "mode": "parts", "region": "示范市明湖区", "trade_name": "星河", "industry": "信息技术",
        "org_form": "有限公司", "region_position": "prefix", "name": ""},
        headers={"HX-Request": "true"})  # fmt: skip
    text = page.content.decode()
    assert "<html" not in text and "示范市明湖区星河信息技术有限公司" in text
    assert "可以申报" in text


def test_page_shows_errors_for_bad_input(client):
    for bad in ("", "有限公司", "示范市Abc科技有限公司", "😀" * 300):
        page = client.get(reverse("names:check"), {"mode": "full", "name": bad})
        assert page.status_code == 200
        assert "error-summary" in page.content.decode()
    parts = client.get(reverse("names:check"), {"mode": "parts", "trade_name": "A"})
    assert parts.status_code == 200 and "请选择行政区划" in parts.content.decode()


def test_api_check_full_name_parts_and_errors(client):
    words_seed(actor=None)
    register("示范市云帆科技有限公司")
    url = "/api/v1/names/check"
    ok = client.post(url, {"name": "示范市云帆科技股份有限公司"}, content_type="application/json")
    body = ok.json()
    assert ok.status_code == 200 and body["verdict"] == "rejected" and not body["can_declare"]
    assert body["findings"][0]["conflicts"] == ["示范市云帆科技有限公司"]
    assert body["findings"][0]["message_en"]
    parts = client.post(url, {"region": "示范市", "trade_name": "星河", "industry": "商贸",
                              "org_form": "有限公司"}, content_type="application/json")  # fmt: skip
    assert parts.json()["verdict"] == "ok"
    assert parts.json()["name"]["full_name"] == "示范市星河商贸有限公司"
    for bad in ({"name": ""}, {"name": "🙂🙂"}, {"name": "x" * 500}, {"trade_name": "云"}, []):
        response = client.post(url, bad, content_type="application/json")
        assert response.status_code in (400, 422), bad
        assert response.json().get("errors") or response.json().get("detail")
    vocabulary = client.get("/api/v1/names/vocabulary").json()
    assert "示范市明湖区" in vocabulary["regions"] and "有限公司" in vocabulary["org_forms"]
    assert any(w["word"] == "银行" for w in client.get("/api/v1/names/words").json())


def test_api_reservation_needs_the_role(client):
    url = "/api/v1/names/reservations"
    body = {"name": "示范市云帆科技有限公司", "reference": "SQ1"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(staff("n1api", department("示范市市场监督管理局"), Role.HANDLER))
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "reserved"


def test_cli_check(capsys):
    register("示范市云帆餐饮管理有限公司")
    call_command("names", "check", "示范市云帆科技有限公司")
    out = capsys.readouterr().out
    assert "可以申报，但存在近似名称" in out and "字号 云帆" in out
    call_command("names", "check", "--json", "示范市星河科技有限公司")
    assert json.loads(capsys.readouterr().out)["verdict"] == "ok"
    with pytest.raises(SystemExit) as exited:
        call_command("names", "check", "示范市云帆餐饮管理有限公司")
    assert exited.value.code == 1
    with pytest.raises(CommandError) as caught:
        call_command("names", "check", "有限公司")
    assert caught.value.returncode == 2 and "缺少字号" in str(caught.value)
    call_command("names", "seed-words")
    assert "新增字词" in capsys.readouterr().out
