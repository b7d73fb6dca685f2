"""Versioned model files in the data folder, swapped without a restart.

Layout (``settings.DATA_DIR / "models" / "routing"``, or ``YIWANG_ROUTING_MODEL_DIR``)::

    routing-20260312094501-1a2b3c4d.joblib   the pickled TextClassifier
    routing-20260312094501-1a2b3c4d.json     metadata: labels, sizes, training figures, sha256
    current                                  one line: the active version

A version is the file's stem; ``<sha8>`` is the start of the file's SHA-256, checked again
before every load, so a truncated or tampered file is refused (ModelCorrupt) instead of
unpickled. Only files in this folder are ever loaded: joblib files are pickles and must never
come from users.

Activating writes ``current`` atomically (temporary file + rename). Every process checks the
pointer's modification time at most every ``YIWANG_ROUTING_MODEL_CHECK_SECONDS`` (5) seconds
and loads the new model on its next prediction; a running server needs no restart.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings
from django.utils import timezone

from yiwang.core.config import env_int
from yiwang.routing.classify.errors import (
    ModelCorrupt,
    ModelMissing,
    ModelNotTrained,
    ModelUnavailable,
)
from yiwang.routing.classify.model import TextClassifier

__all__ = [
    "ModelCorrupt",
    "ModelMissing",
    "ModelNotTrained",
    "ModelUnavailable",
]  # re-exported for callers

POINTER = "current"
VERSION_PATTERN = re.compile(r"^routing-\d{14}-[0-9a-f]{8}$")


def model_dir() -> Path:
    override = os.environ.get("YIWANG_ROUTING_MODEL_DIR", "").strip()
    return Path(override) if override else Path(settings.DATA_DIR) / "models" / "routing"


def _check_seconds() -> int:
    return env_int("YIWANG_ROUTING_MODEL_CHECK_SECONDS", default=5)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class SavedModel:
    version: str
    path: Path
    metadata: dict[str, Any]


def save(model: TextClassifier, *, metadata: dict[str, Any], activate: bool) -> SavedModel:
    """Write a new version (model file and metadata) and, if asked, make it current."""
    folder = model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    model.version = ""  # the version is named after the bytes, so set it after dumping
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    data = buffer.getvalue()
    digest = _sha256(data)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    version = f"routing-{stamp}-{digest[:8]}"
    path = folder / f"{version}.joblib"
    _write_atomic(path, data)
    meta = {**metadata, "version": version, "sha256": digest, "bytes": len(data),
            "labels": model.labels, "created_at": timezone.now().isoformat()}  # fmt: skip
    meta_text = json.dumps(meta, ensure_ascii=False, indent=2)
    _write_atomic(folder / f"{version}.json", meta_text.encode())
    model.version = version
    if activate:
        activate_version(version)
    return SavedModel(version, path, meta)


def activate_version(version: str) -> None:
    folder = model_dir()
    if not VERSION_PATTERN.match(version) or not (folder / f"{version}.joblib").is_file():
        raise ModelMissing(version)
    _write_atomic(folder / POINTER, f"{version}\n".encode())


def current_version() -> str:
    """The active version named by the pointer, or "" when there is none."""
    try:
        return (model_dir() / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise ModelCorrupt(f"pointer unreadable: {error}") from error


def versions() -> list[dict[str, Any]]:
    """Metadata of every saved version, newest first."""
    found = []
    for meta_path in sorted(model_dir().glob("routing-*.json"), reverse=True):
        try:
            found.append(json.loads(meta_path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def load(version: str) -> TextClassifier:
    """Load one version, checking its name, its metadata and its bytes' SHA-256."""
    if not version:
        raise ModelNotTrained("no model has been trained and activated")
    if not VERSION_PATTERN.match(version):
        raise ModelCorrupt(f"bad version name {version!r}")
    folder = model_dir()
    try:
        data = (folder / f"{version}.joblib").read_bytes()
    except FileNotFoundError as error:
        raise ModelMissing(f"{version}: file missing") from error
    except OSError as error:
        raise ModelCorrupt(f"{version}: {error}") from error
    try:
        meta = json.loads((folder / f"{version}.json").read_text(encoding="utf-8"))
        expected = meta["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelCorrupt(f"{version}: metadata unreadable") from error
    if _sha256(data) != expected or not expected.startswith(version[-8:]):
        raise ModelCorrupt(f"{version}: checksum mismatch")
    try:
        model = joblib.load(io.BytesIO(data))
    except Exception as error:  # any unpickling failure means a bad file
        raise ModelCorrupt(f"{version}: {type(error).__name__}") from error
    if not isinstance(model, TextClassifier):
        raise ModelCorrupt(f"{version}: not a classifier")
    model.version = version
    model.metadata = meta
    return model


class _Current:
    """The process's loaded model, refreshed when the pointer file changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.model: TextClassifier | None = None
        self.error: ModelUnavailable | None = None
        self.pointer_stamp: tuple[str, float] | None = None
        self.checked_at = float("-inf")
        self.folder: Path | None = None

    def _due(self, now: float, folder: Path) -> bool:
        # a different model folder (YIWANG_ROUTING_MODEL_DIR changed) is read at once
        return folder != self.folder or now - self.checked_at >= _check_seconds()

    def get(self) -> TextClassifier:
        now = time.monotonic()
        folder = model_dir()
        if self._due(now, folder):
            with self.lock:
                if self._due(now, folder):
                    self._refresh()
                    self.folder = folder
                    self.checked_at = now
        if self.model is None:
            raise self.error or ModelNotTrained("no current model")
        return self.model

    def _refresh(self) -> None:
        pointer = model_dir() / POINTER
        try:
            stat = pointer.stat()
            stamp = (str(pointer), stat.st_mtime_ns)
        except OSError:
            stamp = (str(pointer), -1.0)
        if stamp == self.pointer_stamp and self.model is not None:
            return  # unchanged pointer, model loaded; after an error, look again every time
        self.pointer_stamp = stamp
        try:
            self.model, self.error = load(current_version()), None
        except ModelUnavailable as error:
            self.model, self.error = None, error

    def forget(self) -> None:
        with self.lock:
            self.model, self.error, self.pointer_stamp = None, None, None
            self.checked_at = float("-inf")
            self.folder = None


_current = _Current()


def current_model() -> TextClassifier:
    """The active model (cached; re-read after the pointer changes). Raises ModelMissing or
    ModelCorrupt when there is none or it cannot be loaded."""
    return _current.get()


def forget_loaded_model() -> None:
    """Drop the cached model so the next prediction reads the pointer again (tests, CLI)."""
    _current.forget()
