"""``env_float``: thresholds read from the environment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from yiwang.core.config import env_float

NAME = "YIWANG_TEST_RATIO"


def test_unset_or_blank_gives_the_default(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    assert env_float(NAME, default=0.9) == 0.9
    monkeypatch.setenv(NAME, "  ")
    assert env_float(NAME, default=0.9) == 0.9


@pytest.mark.parametrize(("raw", "value"), [("0.75", 0.75), (" 1 ", 1.0), ("1e-1", 0.1)])
def test_numbers_are_read(monkeypatch, raw, value):
    monkeypatch.setenv(NAME, raw)
    assert env_float(NAME, default=0.9) == value


@pytest.mark.parametrize("raw", ["high", "0,9", "nan", "inf"])
def test_anything_else_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_float(NAME, default=0.9)
