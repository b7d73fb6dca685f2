"""``yiwang bench names`` inside its sandbox stage, at a small scale: the register loads with
its keys, and the probes behave as their kinds say."""

from __future__ import annotations

import pytest

from yiwang.names import bench
from yiwang.names.models import NameKey, RegisteredName

pytestmark = pytest.mark.django_db(transaction=True)


def test_measure_stage_loads_the_register_and_times_checks():
    result = bench.measure({"names": 400, "probes": 40, "seed": 3})
    assert RegisteredName.objects.count() == 400 == result["register"]["names"]
    assert NameKey.objects.count() == result["register"]["keys"]
    assert result["check"]["probes"] == 40 and result["check"]["p95_ms"] > 0
    kinds = result["by_kind"]
    assert kinds["registered"]["verdicts"] == {
        "rejected": sum(kinds["registered"]["verdicts"].values())
    }
    assert "names_registeredname" in result["plan"]
    assert RegisteredName.objects.create(  # the id sequence continues after the bulk load
        full_name="示范市云帆科技有限公司", region="示范市", trade_name="云帆",
        trade_name_pinyin="yun fan", industry="科技", industry_section="M", org_form="有限公司",
    ).pk > 400  # fmt: skip


def test_arguments_are_checked():
    with pytest.raises(ValueError):
        bench.run({"names": 0, "probes": 10, "stage": "measure"})
