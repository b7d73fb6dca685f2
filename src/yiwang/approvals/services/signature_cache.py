"""Remembered SM2 signature checks of e-certificates.

Verifying an SM2 signature costs milliseconds of pure-Python curve arithmetic, and "my
certificates" and the apply page check every certificate of a holder on each visit. The
result of a check depends only on the signed bytes, the signature and the public key, so it
is remembered under a digest of exactly those (Django's cache: per process by default, Redis
when configured). A changed row — tampered data, another signature, a retired or replaced key
— has another digest and is verified afresh, so caching never hides tampering. Revocation and
expiry are not part of it: they are read from the row on every check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from yiwang.approvals import signing

PREFIX = "approvals:sm2ok:"
SECONDS = int(getattr(settings, "YIWANG_CERTIFICATE_CHECK_CACHE_SECONDS", 7 * 24 * 3600))


def _key(cert: Any, payload: bytes) -> str:
    public_key = signing.known_public_keys().get(cert.public_key_id or "", "")
    digest = hashlib.sha256()
    for part in (cert.public_key_id or "", public_key, cert.signature or ""):
        digest.update(part.encode() + b"\x00")
    digest.update(payload)
    return PREFIX + digest.hexdigest()


def signatures_valid(certs: Iterable[Any], canonical: Callable[[Any], bytes]) -> dict[int, bool]:
    """{certificate pk: signature valid}, remembered results in one cache round trip."""
    certs = list(certs)
    payloads = {cert.pk: canonical(cert) for cert in certs}
    keys = {cert.pk: _key(cert, payloads[cert.pk]) for cert in certs}
    known = cache.get_many(list(keys.values())) if keys else {}
    results: dict[int, bool] = {}
    fresh: dict[str, bool] = {}
    for cert in certs:
        key = keys[cert.pk]
        if key in known:
            results[cert.pk] = bool(known[key])
            continue
        valid = signing.verify(payloads[cert.pk], cert.signature, cert.public_key_id)
        results[cert.pk] = fresh[key] = valid
    if fresh:
        cache.set_many(fresh, SECONDS)
    return results
