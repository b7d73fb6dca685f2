"""Text → feature vector for the category classifier.

Two TF-IDF views of the same tokens (``yiwang.routing.segment.tokens``), stacked side by side:

- words (rjieba tokens), unigrams — the matter (路灯, 社保, 学位);
- character unigrams and bigrams over the tokens joined without spaces — robust to cuts
  that differ between texts (a name segmented two ways still shares its characters); adding
  trigrams made the model bigger and no better (docs/routing.md).

Sublinear tf (1 + log tf) keeps a long, repetitive message from outweighing a short one.
The analysers are module-level functions so a fitted vectoriser pickles with the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from yiwang.routing.segment import tokens

# A message longer than this is cut before segmentation: the matter is stated at the start,
# and a 100,000-character paste must not cost a second of CPU per prediction.
MAX_CHARS = 4000


def document(text: str) -> list[str]:
    """The tokens the classifier reads from raw text (title and description together)."""
    return tokens((text or "")[:MAX_CHARS])


def _words(doc: list[str]) -> list[str]:
    return doc


def _joined(doc: list[str]) -> str:
    return "".join(doc)


@dataclass(frozen=True)
class FeatureSpec:
    """What the vectoriser looks at; stored with each model so eval can rebuild it."""

    word_ngrams: tuple[int, int] = (1, 1)
    char_ngrams: tuple[int, int] = (1, 2)
    min_df: int = 1
    max_char_features: int | None = None


class Vectoriser:
    """Word and character TF-IDF over a list of token lists."""

    def __init__(self, spec: FeatureSpec = FeatureSpec()) -> None:
        self.spec = spec
        self.words = TfidfVectorizer(
            analyzer=_words if spec.word_ngrams == (1, 1) else "word",
            tokenizer=None,
            ngram_range=spec.word_ngrams,
            sublinear_tf=True,
            min_df=spec.min_df,
            lowercase=False,
        )
        if spec.word_ngrams != (1, 1):
            self.words.set_params(
                analyzer="word", tokenizer=_words, preprocessor=_words, token_pattern=None
            )
        self.chars = TfidfVectorizer(
            analyzer="char",
            preprocessor=_joined,
            ngram_range=spec.char_ngrams,
            sublinear_tf=True,
            min_df=spec.min_df,
            max_features=spec.max_char_features,
            lowercase=False,
        )

    def fit_transform(self, docs: list[list[str]]) -> csr_matrix:
        return hstack([self.words.fit_transform(docs), self.chars.fit_transform(docs)]).tocsr()

    def transform(self, docs: list[list[str]]) -> csr_matrix:
        return hstack([self.words.transform(docs), self.chars.transform(docs)]).tocsr()

    @property
    def size(self) -> int:
        return len(self.words.vocabulary_) + len(self.chars.vocabulary_)
