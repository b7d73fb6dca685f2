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

# Reply assessments are cached per reply version; the sweep scores replies written since the
# last run, so the supervision lists never wait for scoring.
REPLY_QUALITY_EVERY = float(getattr(settings, "YIWANG_REPLY_QUALITY_SWEEP_SECONDS", 300))


def run_reply_quality_sweep():
    from yiwang.tickets.services.reply_quality import reply_assessment_sweep

    return reply_assessment_sweep()


register_periodic("tickets.reply_quality", REPLY_QUALITY_EVERY, run_reply_quality_sweep)

# Fingerprints of closed tickets and of those older than the window are never suggested; the
# prune keeps the duplicate index to the open, recent tickets a lookup reads.
DUPLICATES_PRUNE_EVERY = float(getattr(settings, "YIWANG_DUPLICATES_PRUNE_SECONDS", 3600))


def run_duplicates_prune():
    from yiwang.tickets.services.duplicates import duplicates_prune

    return duplicates_prune()


register_periodic("tickets.duplicates_prune", DUPLICATES_PRUNE_EVERY, run_duplicates_prune)
