"""The loaded model follows the model folder: a process (or a test) pointed at another folder
never keeps predicting with the model of the old one."""

import pytest

from yiwang.routing.classify import store


def test_a_changed_model_folder_is_read_at_once(trained, tmp_path, monkeypatch):
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_CHECK_SECONDS", "3600")
    assert store.current_model() is not None  # loaded from the test's trained folder

    monkeypatch.setenv("YIWANG_ROUTING_MODEL_DIR", str(tmp_path / "elsewhere"))

    with pytest.raises(store.ModelUnavailable):
        store.current_model()
