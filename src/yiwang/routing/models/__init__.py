"""Models of the routing app, one module per part (re-exported here for Django)."""

from yiwang.routing.models.duplicates import FingerprintKey, TextFingerprint

__all__ = ["FingerprintKey", "TextFingerprint"]
