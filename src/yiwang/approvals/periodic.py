"""Periodic jobs of the approvals app, run by ``yiwang worker`` (see yiwang.core.periodic)."""

from __future__ import annotations

from django.conf import settings

from yiwang.core.periodic import register_periodic

SWEEP_EVERY = float(getattr(settings, "YIWANG_APPROVALS_SWEEP_SECONDS", 300))


def run_clock_sweep():
    # Imported here: the worker discovers this module before it needs the services.
    from yiwang.approvals.services.sweep import clock_sweep

    return clock_sweep()


register_periodic("approvals.clock_sweep", SWEEP_EVERY, run_clock_sweep)
