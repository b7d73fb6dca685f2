"""Reading configuration from the environment, with no Django import (used by settings)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return raw.strip().lower() in _TRUE


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r} ({name} 必须是整数)"
        ) from None


def env_float(name: str, *, default: float) -> float:
    """A decimal number (thresholds, ratios); unset or blank gives ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):  # NaN/inf compare badly
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{name} must be a number such as 0.9, not {raw!r} ({name} 必须是数字，例如 0.9)"
        ) from None
    return value


def env_list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def load_or_create_local_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets for the embedded platform, made once and kept in the data folder.

    Keeping them lets a second ``yiwang demo`` read the sessions and the encrypted personal
    data written by the first. The file is readable by its owner only.
    """
    path = data_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    data_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "YIWANG_PII_KEY": secrets.token_hex(32),
    }
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(values, fh)
    os.replace(tmp, path)
    return values
