"""The canonical form of an audit record and its chained SM3 hash.

The canonical record is sorted-key compact JSON in UTF-8, times in UTC ISO 8601 with
microseconds, so the same row read back from SQLite or PostgreSQL hashes to the same value.
Changing this format breaks verification of every stored record: add a new format version
instead.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from yiwang.core.pii import sm3_hex

# Every field covered by the hash, in one place so writer and verifier cannot drift apart.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "role",
    "department_id",
    "action",
    "object_type",
    "object_id",
    "summary",
    "changes",
    "client_ip",
    "request_id",
    "channel",
)


def format_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    record = {name: fields[name] for name in HASHED_FIELDS}
    record["created_at"] = format_time(record["created_at"])
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def record_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SM3(prev_hash ‖ canonical record), hex."""
    return sm3_hex(prev_hash.encode("ascii") + canonical_bytes(fields))
