"""The demo's routing step: train from the shared labelled file once, else say the rules route."""

from __future__ import annotations

from pathlib import Path

from yiwang.routing.classify import demo, store
from yiwang.routing.tests.classify_support import sample, write_jsonl


def test_the_demo_trains_from_the_shared_file_once_then_reuses_it(tmp_path, model_dir, monkeypatch):
    (tmp_path / "data").mkdir()
    write_jsonl(tmp_path / "data" / demo.LABELLED_FILE, *sample(n_per_label=6))
    monkeypatch.setenv("YIWANG_SHARED_DIR", str(tmp_path))
    monkeypatch.delenv(demo.SKIP_ENV, raising=False)

    first = demo.load_demo_model()

    version = store.current_version()
    assert version and version in first and "18" in first
    assert store.current_model().predict("公交站点太远，班次少").label == "交通运输"
    second = demo.load_demo_model()
    assert "复用" in second and version in second
    assert len(store.versions()) == 1


def test_without_the_file_or_when_skipped_the_rules_route(tmp_path, model_dir, monkeypatch):
    monkeypatch.setenv("YIWANG_SHARED_DIR", str(tmp_path))
    monkeypatch.delenv(demo.SKIP_ENV, raising=False)
    assert "派单目录规则" in demo.load_demo_model()
    (tmp_path / "data").mkdir()
    write_jsonl(tmp_path / "data" / demo.LABELLED_FILE, *sample(n_per_label=4))
    monkeypatch.setenv(demo.SKIP_ENV, "0")
    assert "跳过" in demo.load_demo_model()
    assert store.current_version() == ""


def test_the_shared_folder_is_found_beside_the_checkout(monkeypatch):
    monkeypatch.delenv("YIWANG_SHARED_DIR", raising=False)
    checkout = Path(__file__).resolve().parents[4]
    assert (checkout / "pyproject.toml").is_file()
    assert demo.shared_dir() == checkout.parent / "shared"
