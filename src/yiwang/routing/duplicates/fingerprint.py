"""A document's fingerprint, computed without the database: the normalised-text hash (exact
repeats), a MinHash signature of its words (near duplicates), the hashes of its subject's
words, and the lookup keys under which similar documents meet.

Lookup keys (64-bit integers, each bound to the area so that other districts never meet):
- 16 LSH bands of 4 MinHash values: two texts whose word sets have Jaccard similarity J share
  at least one band with probability 1 − (1 − J⁴)¹⁶ — 0.64 at J = 0.5, 0.98 at J = 0.7.
- place-topic keys (area, place, subject word): the same compound or road and a shared
  subject word — how people tell one matter in their own words (搅拌站噪音 / 搅拌厂扰民).
- one exact key for the normalised text (whether an exact repeat is merged also depends on
  the same requester or place: the caller decides).
Hashes are blake2b, stable across processes and restarts (Python's hash() is not).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from yiwang.routing.segment import normalise, tokens

PERMUTATIONS = 64
BANDS = 16
ROWS_PER_BAND = PERMUTATIONS // BANDS
MAX_SUBJECT_WORDS = 12
MAX_TEXT = 3000  # words past this add nothing to what the matter is
_EMPTY = np.uint32(0xFFFFFFFF)
_rng = np.random.default_rng(20250901)  # fixed: signatures must match across processes
_A = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_NOT_TEXT = re.compile(r"[^\w]+")


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def word_hashes(words: set[str]) -> np.ndarray:
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "big")
            for w in sorted(words)
        ],
        dtype=np.uint64,
    )


def minhash(words: set[str]) -> np.ndarray:
    """64 uint32 minima of multiply-shift hashes (uint64 arithmetic wraps on purpose)."""
    if not words:
        return np.full(PERMUTATIONS, _EMPTY, dtype=np.uint32)
    x = word_hashes(words)
    with np.errstate(over="ignore"):
        mixed = (_A[:, None] * x[None, :] + _B[:, None]) >> np.uint64(32)
    return mixed.min(axis=1).astype(np.uint32)


def text_hash(subject: str, text: str) -> str:
    """Same words, same punctuation-free text: 路灯不亮！ and 路灯不亮 are one text."""
    flat = _NOT_TEXT.sub("", normalise(f"{subject} {text}"))
    return hashlib.blake2b(flat.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    area: str
    place: str
    text_hash: str
    signature: np.ndarray  # uint32[64]
    subject_hashes: np.ndarray  # uint32, sorted, unique
    has_words: bool

    def keys(self) -> list[int]:
        out = []
        if self.has_words:
            raw = self.signature.tobytes()
            band_bytes = ROWS_PER_BAND * 4
            for band in range(BANDS):
                chunk = raw[band * band_bytes : (band + 1) * band_bytes]
                out.append(_hash64(b"m|" + self.area.encode() + b"|" + bytes([band]) + chunk))
        if self.place:
            prefix = f"p|{self.area}|{self.place}|".encode()
            out += [_hash64(prefix + h.tobytes()) for h in self.subject_hashes]
        out.append(_hash64(f"x|{self.area}|{self.text_hash}".encode()))
        return list(dict.fromkeys(out))


def fingerprint(*, subject: str, text: str, area: str = "", place: str = "") -> Fingerprint:
    subject, text = str(subject or "")[:200], str(text or "")[:MAX_TEXT]
    subject_words = set(tokens(subject))
    words = subject_words | set(tokens(text))
    subject_hashes = np.unique((word_hashes(subject_words) >> np.uint64(32)).astype(np.uint32))[
        : MAX_SUBJECT_WORDS * 2
    ]
    return Fingerprint(
        area=str(area or "")[:12],
        place=str(place or "")[:32],
        text_hash=text_hash(subject, text),
        signature=minhash(words),
        subject_hashes=subject_hashes[:MAX_SUBJECT_WORDS],
        has_words=bool(words),
    )


def text_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two word sets from their signatures."""
    if a.shape != b.shape or (a == _EMPTY).all() or (b == _EMPTY).all():
        return 0.0
    return float(np.mean(a == b))


def set_similarity(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
