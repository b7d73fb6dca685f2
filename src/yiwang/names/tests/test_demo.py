"""The demo register: words and about 5,000 generated names, loaded once."""

from __future__ import annotations

import pytest

from yiwang.demo.names_demo import load_names
from yiwang.names import keys
from yiwang.names.checking import name_check
from yiwang.names.models import NameKey, NameWord, RegisteredName

pytestmark = pytest.mark.django_db


def test_demo_register_is_realistic_and_loaded_once():
    loaded = load_names(count=600)
    assert loaded["names"] == 600 and loaded["words"] == NameWord.objects.count()
    assert load_names(count=600) == {"words": 0, "names": 0}
    rows = list(RegisteredName.objects.all())
    pairs = {(r.trade_name, r.industry_section) for r in rows}
    assert len(pairs) == len(rows)  # never the same 字号 twice in one industry
    assert {r.region for r in rows} >= {"示范市", "示范市明湖区"}
    assert NameKey.objects.count() == sum(len(keys.near_keys(r.trade_name)) for r in rows)
    # every generated name is well-formed and passes the word rules
    for row in rows[:100]:
        result = name_check(name=row.full_name, ignore_id=row.pk)
        assert not any(f.rule.endswith("_word") for f in result.findings), row.full_name
