"""Periodic jobs of the names app, run by ``yiwang worker`` (see yiwang.core.periodic)."""

from __future__ import annotations

from django.conf import settings

from yiwang.core.periodic import register_periodic

EXPIRE_EVERY = float(getattr(settings, "YIWANG_NAMES_EXPIRE_SECONDS", 3600))


def run_expire():
    from yiwang.names.services import reservations_expire

    return reservations_expire()


register_periodic("names.expire_reservations", EXPIRE_EVERY, run_expire)
