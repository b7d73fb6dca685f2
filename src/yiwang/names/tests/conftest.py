"""Shared fixtures of the names tests: the demo city's regions (without building departments)
and an empty cache, so no test sees another's words."""

from __future__ import annotations

import pytest

from yiwang.names import cache

REGIONS = ["示范市", "示范市明湖区", "示范市云山区", "示范市临江区", "示范市新城区"]


@pytest.fixture(autouse=True)
def _names_setup(settings):
    settings.YIWANG_NAMES_REGIONS = REGIONS
    cache.forget()
    yield
    cache.forget()
