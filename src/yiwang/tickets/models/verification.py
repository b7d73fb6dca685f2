"""Proof that a web requester holds a phone (SMS codes), and the counters behind rate limits.

Both live in the database rather than the cache: the embedded deployment runs several worker
processes with a per-process cache, and a code sent by one process must be checked by another.
Neither table holds a phone number or an address in clear — only keyed hashes.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PhoneVerification(models.Model):
    """One SMS code sent to one phone: only its keyed hash is kept, with expiry and attempts."""

    purpose = models.CharField(max_length=20)
    phone_index = models.CharField(max_length=64)  # blind index of the phone
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["phone_index", "purpose", "created_at"], name="phoneverif_lookup")
        ]


class ThrottleHit(models.Model):
    """One counted attempt in a rate-limited bucket (SMS per IP, tracking per IP or per case)."""

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # keyed hash of the phone, address or case number
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "created_at"], name="throttle_lookup")]
