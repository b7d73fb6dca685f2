"""The user dictionary: packaged government and place terms, department names and short
names, and the place names inside the names of governments (示范市, 明湖区, 湖滨街道).

One segmenter per process, built on first use and swapped whole on reload, so a search never
sees a half-loaded dictionary. Index and query use the same segmenter; each indexed row
remembers the fingerprint of the dictionary that segmented it, so ``yiwang search stats`` can
say how many rows a dictionary change left behind and ``yiwang search rebuild --stale``
brings them up to date.

The department names are read through the app registry, not an import of ``yiwang.org``:
search sits left of org in the dependency order (DESIGN §2) and only needs two columns.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources

import rjieba
from django.apps import apps
from django.db import connection
from django.db.models import Count, Max

from yiwang.search import conf

# Two-character words are common inside longer ones; a department short name that short
# would capture characters across word boundaries ("东城" in "广东城市"), so only longer
# names are added. Two-character packaged terms are fine: jieba already knows most of them.
MIN_DEPARTMENT_WORD = 3
MAX_WORD = 40


@dataclass(frozen=True)
class Segmenter:
    jieba: rjieba.Jieba
    fingerprint: str
    words: int


_lock = threading.Lock()
_current: Segmenter | None = None
_department_signature: tuple | None = None
_checked_at = 0.0


def _read_list(name: str) -> list[str]:
    text = resources.files("yiwang.search").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split()[0]
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def packaged_terms() -> tuple[str, ...]:
    return tuple(_read_list("terms.txt"))


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_read_list("stopwords.txt"))


def _department_model():
    try:
        return apps.get_model("org", "Department")
    except LookupError:  # a project without org still searches, with the packaged terms
        return None


def _department_table_ready(model) -> bool:
    # Before migrations (or in a brand-new test database) the table may not exist yet; asking
    # the catalogue avoids a failed query that would abort an open PostgreSQL transaction.
    return model._meta.db_table in connection.introspection.table_names()


# The organ that governs a place, after the place's name (示范市明湖区人民政府).
_ORGAN_SUFFIXES = ("人民政府", "街道办事处", "办事处", "居民委员会", "村民委员会", "管理委员会")
# One GB/T 2260 / GB/T 10114 unit of a place name, shortest first: 示范市 | 明湖区 | 湖滨街道.
_PLACE_UNIT = re.compile(
    r".+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|区|县|旗|盟|街道|镇|乡|社区|村)"
)


def place_words(name: str) -> list[str]:
    """The place names inside a governing department's name: 示范市明湖区人民政府 gives
    示范市明湖区, 示范市 and 明湖区; 湖滨街道柳岸社区居民委员会 gives 湖滨街道 and 柳岸社区.
    Place names are what people type (明湖区 停车), and without them jieba cuts 明湖区 as
    明 / 湖区. Only names that end in a governing organ are read, so 市场监督管理局 is never
    taken for a 市."""
    name = "".join((name or "").split())
    for suffix in _ORGAN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            place = name[: -len(suffix)]
            break
    else:
        return []
    units = _PLACE_UNIT.findall(place)
    if not units or "".join(units) != place:
        units = []  # not a plain chain of place units: keep the whole only
    words = {place, *units}
    return [w for w in words if MIN_DEPARTMENT_WORD <= len(w) <= MAX_WORD]


def department_words() -> list[str]:
    model = _department_model()
    if model is None or not _department_table_ready(model):
        return []
    words = set()
    for name, short in model.objects.values_list("name", "short_name"):
        for word in (name, short):
            word = "".join((word or "").split())
            if MIN_DEPARTMENT_WORD <= len(word) <= MAX_WORD:
                words.add(word)
        words.update(place_words(name))
    return sorted(words)


def _department_signature_now() -> tuple | None:
    model = _department_model()
    if model is None or not _department_table_ready(model):
        return None
    row = model.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return (row["n"], row["changed"])


def _normalise_word(word: str) -> str:
    from yiwang.search.segment import normalize

    return normalize(word).strip()


def build() -> Segmenter:
    words = {_normalise_word(w) for w in (*packaged_terms(), *department_words())}
    words = sorted((w for w in words if w), key=lambda w: (len(w), w))
    jieba = rjieba.Jieba()
    # Added in a fixed order: each word's suggested frequency depends on what came before,
    # and the same words must always give the same segmentation.
    for word in words:
        jieba.add_word(word, None, None)
    digest = hashlib.blake2b("\n".join(words).encode(), digest_size=6).hexdigest()
    return Segmenter(jieba=jieba, fingerprint=digest, words=len(words))


def reload() -> Segmenter:
    """Rebuild the dictionary now (after departments were added or renamed)."""
    global _current, _department_signature, _checked_at
    with _lock:
        signature = _department_signature_now()
        segmenter = build()
        _current, _department_signature, _checked_at = segmenter, signature, time.monotonic()
        return segmenter


def current() -> Segmenter:
    """The process's segmenter; rebuilt when the department table changed since the last look
    (looked at most every ``YIWANG_SEARCH_DICTIONARY_CHECK_SECONDS``)."""
    segmenter = _current
    if segmenter is None:
        return reload()
    interval = conf.dictionary_check_seconds()
    if interval and time.monotonic() - _checked_at > interval:
        return _maybe_reload()
    return segmenter


def _maybe_reload() -> Segmenter:
    global _checked_at
    signature = _department_signature_now()
    if signature != _department_signature:
        return reload()
    _checked_at = time.monotonic()
    return _current or reload()
