"""答复质量: scoring official replies (relevance, completeness, timeliness) and summarising a
set of scores. Plain text and dates in, numbers and Chinese reasons out: no ticket model."""

from yiwang.routing.replies.scoring import ReplyScore, key_terms, score_reply
from yiwang.routing.replies.summary import distribution, document_frequencies

__all__ = ["ReplyScore", "distribution", "document_frequencies", "key_terms", "score_reply"]
