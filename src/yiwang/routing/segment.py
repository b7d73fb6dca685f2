"""Chinese tokenisation for routing (classification, duplicates, hotspots, reply quality).

One tokeniser for training and inference, so a model trained on yesterday's history reads
today's message the same way:

- ``normalise``: the search app's normalisation (NFKC folds full-width letters and digits,
  lower case, control and private-use characters become spaces), then runs of white space
  become one space.
- ``tokens``: jieba-rs (rjieba) in precise mode with its *default* dictionary and HMM on. Not the
  search app's segmenter: that one adds department names from the database, so its cuts change
  whenever a department is renamed, and a saved model would silently read text differently
  from how it was trained. A token keeps only letters and digits (punctuation, emoji and
  symbols are dropped), and the packaged stop words are removed, matching how the labelled
  training file was prepared (segmented, stop words removed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import rjieba

from yiwang.search.dictionary import stopwords
from yiwang.search.segment import normalize as _search_normalize

MAX_TOKEN = 32
_SPACES = re.compile(r"\s+")


@cache
def _jieba() -> rjieba.Jieba:
    return rjieba.Jieba()


def normalise(text: str | None) -> str:
    """Text in one canonical form: NFKC, lower case, no control characters, single spaces."""
    if not text:
        return ""
    return _SPACES.sub(" ", _search_normalize(text)).strip()


def _keep(word: str) -> str:
    if word.isalnum():  # the common case: letters and digits only (categories L and N)
        return word[:MAX_TOKEN]
    kept = "".join(ch for ch in word if unicodedata.category(ch)[0] in "LN")
    return kept[:MAX_TOKEN]


def tokens(text: str | None) -> list[str]:
    """The words of ``text`` in order: letters and digits only, no stop words."""
    text = normalise(text)
    if not text:
        return []
    stop = stopwords()
    out: list[str] = []
    for word in _jieba().cut(text, True):
        token = _keep(word)
        if token and token not in stop:
            out.append(token)
    return out


def han_count(text: str | None) -> int:
    """How many Chinese (Han) characters ``text`` holds: a message with none has no Chinese
    content to classify or compare."""
    if not text:
        return 0
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
