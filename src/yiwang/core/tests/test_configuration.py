"""Production configuration: refuse to start with anything missing, naming it; pass the
deployment checks when everything is given. Each case runs ``yiwang`` in a clean subprocess
because settings are read once, at start-up."""

from __future__ import annotations

import secrets
import subprocess

import pytest

PRODUCTION_ENV = {
    "YIWANG_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "YIWANG_PII_KEY": secrets.token_hex(32),
    "ALLOWED_HOSTS": "www.shifan.gov.cn",
    # `check` never connects: the server need not exist.
    "DATABASE_URL": "postgres://yiwang@db.invalid:5432/yiwang",
}


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*cmd, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


REQUIRED = ["SECRET_KEY", "YIWANG_PII_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_each_variable_and_names_it(
    yiwang_cmd, cli_env, missing
):
    env = cli_env | {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = run(yiwang_cmd, env, "check")

    assert result.returncode == 2, result.stderr
    assert missing in result.stderr
    assert "生产环境缺少必需的环境变量" in result.stderr
    assert "Traceback" not in result.stderr
    present = [k for k in ("SECRET_KEY", "YIWANG_PII_KEY", "ALLOWED_HOSTS") if k != missing]
    assert not any(f"missing: {name}" in result.stderr for name in present)


def test_production_refuses_a_short_or_default_secret_key(yiwang_cmd, cli_env):
    env = cli_env | PRODUCTION_ENV | {"SECRET_KEY": "django-insecure-change-me"}

    result = run(yiwang_cmd, env, "check")

    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_production_with_everything_set_passes_the_deployment_checks(yiwang_cmd, cli_env):
    env = cli_env | PRODUCTION_ENV

    result = run(yiwang_cmd, env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unknown_mode_is_a_configuration_error_naming_the_variable(yiwang_cmd, cli_env):
    result = run(yiwang_cmd, cli_env | {"YIWANG_ENV": "staging"}, "check")

    assert result.returncode == 2
    assert "YIWANG_ENV" in result.stderr
    assert "配置错误" in result.stderr


def test_help_lists_the_platform_commands(yiwang_cmd, cli_env):
    result = run(yiwang_cmd, cli_env, "help")

    assert result.returncode == 0, result.stderr
    for command in ("serve", "demo", "demo_load", "migrate", "createsuperuser"):
        assert command in result.stdout
