"""A small labelled sample for classifier tests, written by the tests themselves (never the
shared board data): three matters with their own words, mixed with common filler."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from pathlib import Path

import pytest

VOCABULARY = {
    "城乡建设": [
        "路灯",
        "井盖",
        "人行道",
        "违章建筑",
        "物业",
        "小区",
        "拆迁",
        "道路破损",
        "施工",
        "房屋",
    ],
    "交通运输": ["公交", "出租车", "线路", "站点", "地铁", "班次", "司机", "拒载", "车票", "停靠"],
    "教育文体": [
        "学校",
        "入学",
        "学位",
        "老师",
        "补课",
        "学生",
        "幼儿园",
        "教育局",
        "招生",
        "校车",
    ],
}
FILLER = ["希望", "尽快", "解决", "市民", "反映", "长期", "严重", "附近", "问题", "影响", "我们"]


def sample(n_per_label: int = 20, seed: int = 3) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for label, words in VOCABULARY.items():
        for _ in range(n_per_label):
            parts = rng.sample(words, 4) + rng.sample(FILLER, 3)
            rng.shuffle(parts)
            texts.append("，".join(parts) + "。")
            labels.append(label)
    return texts, labels


def write_jsonl(path: Path, texts: list[str], labels: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for text, label in zip(texts, labels, strict=True):
            out.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def model_dir(tmp_path, monkeypatch):
    """An empty model folder of the test's own, checked on every prediction."""
    from yiwang.routing.classify import store

    folder = tmp_path / "models"
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_DIR", str(folder))
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_CHECK_SECONDS", "0")
    store.forget_loaded_model()
    yield folder
    store.forget_loaded_model()


@pytest.fixture(scope="session")
def _trained_once(tmp_path_factory):
    """Train on the small sample once per test session; tests get a copy of the folder."""
    from yiwang.routing.classify import service, store

    folder = tmp_path_factory.mktemp("routing-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YIWANG_ROUTING_MODEL_DIR", str(folder))
        texts, labels = sample()
        saved = service.train(texts, labels, source="test")
    store.forget_loaded_model()
    return folder, saved


@pytest.fixture
def trained(model_dir, _trained_once):
    """A model trained on the small sample and current in the test's own model folder."""
    from yiwang.routing.classify import store

    source, saved = _trained_once
    shutil.copytree(source, model_dir)
    store.forget_loaded_model()
    return dataclasses.replace(saved, path=model_dir / saved.path.name)
