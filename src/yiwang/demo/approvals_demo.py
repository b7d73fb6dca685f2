"""Demo: the approval processes (BPMN) for 一网通办 — the default single-department flow and
企业开办 (four departments in parallel). Run after the demo city (it names 政务服务局,
市场监管局, 公安局, 税务局 and 人社局 by their 简称) and before the catalogue's items and
bundles that refer to the processes by key."""

from __future__ import annotations

from typing import Any


def load_approval_processes(*, progress: Any = None) -> dict[str, int]:
    """Load (or keep) the shipped process definitions; {key: version}. Idempotent."""
    from yiwang.approvals.services.definitions import definitions_load_shipped

    loaded = definitions_load_shipped(actor=None)
    if progress is not None:
        progress(len(loaded))
    return {d.key: d.version for d in loaded}
