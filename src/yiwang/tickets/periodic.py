"""Periodic jobs of the tickets app, run by ``yiwang worker`` (see yiwang.core.periodic)."""

from __future__ import annotations

from django.conf import settings

from yiwang.core.periodic import register_periodic

SLA_SWEEP_EVERY = float(getattr(settings, "YIWANG_SLA_SWEEP_SECONDS", 60))


def run_sla_sweep():
    # Imported here: the worker discovers this module before it needs the services.
    from yiwang.tickets.services.supervision import sla_sweep

    return sla_sweep()


register_periodic("tickets.sla_sweep", SLA_SWEEP_EVERY, run_sla_sweep)
