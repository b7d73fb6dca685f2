"""Periodic jobs of the disclosure app, run by ``yiwang worker`` (see yiwang.core.periodic)."""

from __future__ import annotations

from django.conf import settings

from yiwang.core.periodic import register_periodic

EXPIRY_EVERY = float(getattr(settings, "YIWANG_DISCLOSURE_EXPIRY_SECONDS", 3600))


def run_publication_expiry():
    # Imported here: the worker discovers this module before it needs the services.
    from yiwang.disclosure.services.publications import publications_expire_due

    return publications_expire_due()


register_periodic("disclosure.publication_expiry", EXPIRY_EVERY, run_publication_expiry)

REQUESTS_SWEEP_EVERY = float(getattr(settings, "YIWANG_DISCLOSURE_SWEEP_SECONDS", 900))


def run_requests_sweep():
    # 视为放弃 after an expired correction period; due-soon and overdue alerts to departments
    from yiwang.disclosure.services.requests_sweep import requests_sweep

    return str(requests_sweep())


register_periodic("disclosure.requests_sweep", REQUESTS_SWEEP_EVERY, run_requests_sweep)
