"""The fingerprint index in the database: add, replace, remove, purge and look up.

Everything goes through the database — no in-memory index — so every process (web workers,
background workers, the CLI) sees the same index, fresh after each commit. A lookup is one
statement over the lookup keys (per key the newest ``PER_KEY`` rows of the window, through the
``(key, created_at)`` index; hits counted per document) and one primary-key fetch of the best
candidates, which are then scored in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from yiwang.routing.duplicates.fingerprint import (
    Fingerprint,
    fingerprint,
    set_similarity,
    text_similarity,
)
from yiwang.routing.models import FingerprintKey, TextFingerprint

CANDIDATES = 60  # documents scored per lookup, most shared keys first
PER_KEY = 200
TEXT_WEIGHT = 0.6
SUBJECT_WEIGHT = 0.4
SAME_PLACE_BONUS = 0.15
DEFAULT_MIN_SCORE = 0.35
_KEYS = FingerprintKey._meta.db_table


@dataclass(frozen=True)
class Document:
    key: str  # "ticket:123"
    subject: str
    text: str
    area: str = ""
    place: str = ""
    requester: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class Match:
    key: str
    score: float  # 0..1, 1 for an exact repeat
    text_similarity: float
    subject_similarity: float
    same_place: bool
    exact: bool  # the same normalised text
    same_requester: bool
    created_at: datetime


def _rows(doc: Document, fp: Fingerprint) -> tuple[TextFingerprint, list[int]]:
    row = TextFingerprint(
        doc_key=doc.key[:64], area=fp.area, place=fp.place, text_hash=fp.text_hash,
        requester=str(doc.requester or "")[:80], signature=fp.signature.tobytes(),
        subject_hashes=fp.subject_hashes.tobytes(), created_at=doc.created_at or timezone.now(),
    )  # fmt: skip
    return row, fp.keys()


def _fingerprint_of(doc: Document) -> Fingerprint:
    return fingerprint(subject=doc.subject, text=doc.text, area=doc.area, place=doc.place)


def index_documents(docs: Iterable[Document], *, batch_size: int = 1000) -> int:
    """Add or replace documents; returns how many were indexed."""
    count = 0
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= batch_size:
            count += _index_batch(batch)
            batch = []
    if batch:
        count += _index_batch(batch)
    return count


def _index_batch(docs: Sequence[Document], fingerprints: Sequence[Fingerprint] = ()) -> int:
    fingerprints = fingerprints or [_fingerprint_of(doc) for doc in docs]
    prepared = [_rows(doc, fp) for doc, fp in zip(docs, fingerprints, strict=True) if doc.key]
    with transaction.atomic():
        remove_documents([row.doc_key for row, _keys in prepared])
        created = TextFingerprint.objects.bulk_create([row for row, _keys in prepared])
        if any(row.pk is None for row in created):  # backends that return no ids
            ids = dict(
                TextFingerprint.objects.filter(
                    doc_key__in=[r.doc_key for r in created]
                ).values_list("doc_key", "pk")
            )
            for row in created:
                row.pk = ids[row.doc_key]
        # plain executemany: the ORM's per-row SQL building cost more than the inserts
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {_KEYS} (key, fingerprint_id, created_at) VALUES (%s, %s, %s)",
                [
                    (key, row.pk, adapt(row.created_at))
                    for row, (_row, keys) in zip(created, prepared, strict=True)
                    for key in keys
                ],
            )
    return len(created)


def index_document(doc: Document) -> None:
    index_documents([doc])


def remove_documents(keys: Sequence[str]) -> int:
    ids = list(TextFingerprint.objects.filter(doc_key__in=list(keys)).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        FingerprintKey.objects.filter(fingerprint_id__in=ids).delete()
        TextFingerprint.objects.filter(pk__in=ids).delete()
    return len(ids)


def purge(*, older_than: datetime) -> int:
    """Forget documents from before the window (each a single DELETE, no row-by-row work)."""
    with transaction.atomic():
        FingerprintKey.objects.filter(created_at__lt=older_than).delete()
        removed, _by_model = TextFingerprint.objects.filter(created_at__lt=older_than).delete()
    return removed


def find_similar(
    doc: Document,
    *,
    since: datetime | None = None,
    limit: int = 10,
    min_score: float = DEFAULT_MIN_SCORE,
    index: bool = False,
) -> list[Match]:
    """Indexed documents like ``doc`` (never itself), best first. ``index=True`` then adds
    ``doc`` to the index (what intake does: one fingerprint for both)."""
    fp = _fingerprint_of(doc)
    try:
        return _lookup(doc, fp, since=since, limit=limit, min_score=min_score)
    finally:
        if index and doc.key:
            _index_batch([doc], [fp])


def _lookup(
    doc: Document, fp: Fingerprint, *, since: datetime | None, limit: int, min_score: float
) -> list[Match]:
    keys = fp.keys()
    window, extra = "", []
    if since is not None:
        window = " AND created_at >= %s"
        extra = [connection.ops.adapt_datetimefield_value(since)]
    # each key reads at most PER_KEY of its newest rows: a key shared by thousands of
    # documents (a common wording in a busy district) cannot make one lookup slow
    parts, params = [], []
    for n, key in enumerate(keys):
        parts.append(
            f"SELECT fingerprint_id FROM (SELECT fingerprint_id FROM {_KEYS} WHERE key = %s"
            f"{window} ORDER BY created_at DESC LIMIT {PER_KEY}) k{n}"
        )
        params += [key, *extra]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        shared = Counter(row[0] for row in cursor.fetchall())
    best = [pk for pk, _n in sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))[:CANDIDATES]]
    if not best:
        return []
    candidates = TextFingerprint.objects.filter(pk__in=best)
    if doc.key:
        candidates = candidates.exclude(doc_key=doc.key)
    # every key is bound to the area; a 64-bit key collision must still not cross it
    matches = [_score(doc, fp, row) for row in candidates if row.area == fp.area]
    matches = [m for m in matches if m.score >= min_score]
    matches.sort(key=lambda m: (-m.score, -m.created_at.timestamp(), m.key))
    return matches[: max(1, min(int(limit), 100))]


def _score(doc: Document, fp: Fingerprint, row: TextFingerprint) -> Match:
    exact = row.text_hash == fp.text_hash and row.area == fp.area
    text_sim = text_similarity(fp.signature, np.frombuffer(bytes(row.signature), dtype=np.uint32))
    subject_sim = set_similarity(
        fp.subject_hashes, np.frombuffer(bytes(row.subject_hashes), dtype=np.uint32)
    )
    same_place = bool(fp.place) and fp.place == row.place and fp.area == row.area
    score = TEXT_WEIGHT * text_sim + SUBJECT_WEIGHT * subject_sim
    if same_place:
        score += SAME_PLACE_BONUS
    return Match(
        key=row.doc_key,
        score=1.0 if exact else round(min(score, 0.99), 3),
        text_similarity=round(text_sim, 3),
        subject_similarity=round(subject_sim, 3),
        same_place=same_place,
        exact=exact,
        same_requester=bool(doc.requester) and doc.requester == row.requester,
        created_at=row.created_at,
    )
