"""Running a search: parse, fetch bounded candidate sets, rank, page, highlight.

Ranking (README.md has the reasoning):
1. Query words are AND-ed. Hits whose title holds every word come first (the title tier),
   then the rest (the body tier; not fetched when the title tier fills the page).
2. Each tier is the ``YIWANG_SEARCH_CANDIDATES`` most recent matches (default 500), so a
   common word costs the same as a rare one. Within a tier:
   score = (1 - w) × relevance / best relevance in the tier + w × 0.5 ^ (age days / half-life)
   with w = ``YIWANG_SEARCH_RECENCY_WEIGHT`` % (default 25) and a half-life of
   ``YIWANG_SEARCH_HALF_LIFE_DAYS`` (default 365). Equal scores: newer first.
3. When AND finds nothing, the words and the dictionary words inside them are OR-ed instead
   (one tier, ranked the same way) and the result says so (``mode == "or"``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.search import conf, facets, highlight, narrowing, segment
from yiwang.search.backends import Candidate, Match, get_backend
from yiwang.search.backends.base import ID_BITS, rank_key_id, rank_key_minutes
from yiwang.search.models import SearchDocument

MAX_LIMIT = 100
TITLE_TIER_BONUS = 1.0


@dataclass(frozen=True)
class SearchHit:
    doc_type: str
    object_id: str
    title: str
    url: str
    snippet: SafeString  # HTML: escaped text with <mark> around matched terms
    score: float
    title_html: SafeString
    department_id: int | None
    published_at: datetime | None
    category: str
    status: str
    extra: dict[str, Any]


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    # False when the total is a lower bound or an estimate (more than the candidate window
    # matched and the count reached YIWANG_SEARCH_COUNT_CAP, or PostgreSQL estimated it).
    total_exact: bool = True
    # "and": every word matched; "or": nothing had every word, these hits have some;
    # "recent": empty query, most recent first; "none": nothing to search for.
    mode: str = "none"
    terms: list[str] = field(default_factory=list)


EMPTY = SearchResults(total=0, hits=[])


def _int_list(name: str, values: Iterable[Any] | None) -> list[int] | None:
    if values is None:
        return None
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise InvalidInput(field_errors=[FieldError(name, _("须为整数列表"), "invalid")]) from None


def _str_list(name: str, values: Iterable[Any] | str | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def _page_bounds(limit: Any, offset: Any) -> tuple[int, int]:
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError):
        raise InvalidInput(
            field_errors=[FieldError("limit", _("分页参数须为整数"), "invalid")]
        ) from None
    return min(max(limit, 0), MAX_LIMIT), max(offset, 0)


def _moment(name: str, value: Any, *, end: bool) -> datetime | None:
    """A bound of the date range: a date (the whole day counts), a datetime, or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(
                field_errors=[FieldError(name, _("日期格式应为 YYYY-MM-DD"), "invalid")]
            ) from None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day) + timedelta(days=1 if end else 0)
    else:
        raise InvalidInput(field_errors=[FieldError(name, _("日期格式无效"), "invalid")])
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _key_range(published_from: Any, published_to: Any) -> tuple[int | None, int | None]:
    """The date range as rank keys: recency (published_at, else the indexing time) is the
    rank key's high bits, so both engines apply it as a range on the key they walk."""
    bounds = []
    for name, value, end in (
        ("published_from", published_from, False),
        ("published_to", published_to, True),
    ):
        moment = _moment(name, value, end=end)
        if moment is None:
            bounds.append(None)
            continue
        minutes = max(0, int(moment.timestamp() // 60))
        if end and isinstance(value, datetime):
            minutes += 1  # a datetime bound includes its own minute
        bounds.append(minutes << ID_BITS)
    return bounds[0], bounds[1]


def _rank(tiers: list[list[Candidate]]) -> list[tuple[float, int]]:
    """(score, rank_key) for every candidate, best first (see the module docstring)."""
    now_minutes = int(time.time() // 60)
    weight = conf.recency_weight_percent() / 100
    # 0.5 ** (age_days / half_life), with the age in minutes
    decay = 0.5 ** (1 / (conf.recency_half_life_days() * 1440))
    ranked: list[tuple[float, int]] = []
    seen: set[int] = set()
    for index, tier in enumerate(tiers):
        tier = [(key, rel or 0.0) for key, rel in tier if key not in seen]
        seen.update(key for key, _ in tier)
        best = max((rel for _, rel in tier), default=0.0)
        scale = (1 - weight) / best if best > 0 else 0.0
        bonus = TITLE_TIER_BONUS * (len(tiers) - 1 - index)
        ranked.extend(
            (
                bonus + scale * rel + weight * decay ** max(0, now_minutes - rank_key_minutes(key)),
                key,
            )
            for key, rel in tier
        )
    ranked.sort(reverse=True)  # equal scores: the larger rank key, i.e. the newer, first
    return ranked


def _no_other_types(doc_types: list[str]) -> bool:
    """True when the index holds no document of a type outside ``doc_types``: the type filter
    then selects every row, and intersecting the text query with a marker as common as the
    index itself costs time for nothing (a whole doclist, at 1,000,000 documents tens of
    milliseconds). Exact: a few seeks in the (doc_type, object_id) index, at the gaps
    between the requested types. A document of another type indexed in between would be
    dropped from the hits (``_hits``), so the filter still holds for what is shown."""
    types = sorted(set(doc_types))
    gaps = [Q(doc_type__lt=types[0]), Q(doc_type__gt=types[-1])]
    gaps += [Q(doc_type__gt=low, doc_type__lt=high) for low, high in pairwise(types)]
    return not any(SearchDocument.objects.filter(gap).exists() for gap in gaps)


def _hits(
    ids_scores: list[tuple[int, float]],
    terms: list[str],
    allowed_types: frozenset[str] | None = None,
) -> list[SearchHit]:
    rows = SearchDocument.objects.defer("terms").in_bulk([i for i, _ in ids_scores])
    hits = []
    for row_id, score in ids_scores:
        row = rows.get(row_id)
        if row is None:  # removed between the match and the fetch
            continue
        if allowed_types is not None and row.doc_type not in allowed_types:
            continue
        hits.append(
            SearchHit(
                doc_type=row.doc_type,
                object_id=row.object_id,
                title=row.title,
                url=row.url,
                snippet=highlight.snippet(row.body, terms),
                score=round(score, 6),
                title_html=highlight.highlight(row.title, terms),
                department_id=row.department_id,
                published_at=row.published_at,
                category=row.category,
                status=row.status,
                extra=row.extra,
            )
        )
    return hits


def _total(backend, match: Match, tier: narrowing.Narrowed, window: int) -> tuple[int, bool]:
    found = len(tier.candidates)
    if found < window:  # every match is a candidate: the count is exact and free
        return found, True
    total, exact = narrowing.count(backend, match, cap=conf.count_cap(), limit=window, tier=tier)
    return max(total, found), exact


def _recent(groups, keys: tuple[int | None, int | None], limit: int, offset: int) -> SearchResults:
    backend = get_backend()
    if groups:
        match = Match(groups=groups, key_from=keys[0], key_to=keys[1])
        ids = backend.recent(match, limit=limit, offset=offset)
        total, exact = backend.count(match, cap=conf.count_cap())
    else:
        rows = SearchDocument.objects.all()
        if keys[0] is not None:
            rows = rows.filter(rank_key__gte=keys[0])
        if keys[1] is not None:
            rows = rows.filter(rank_key__lt=keys[1])
        ids = list(rows.order_by("-rank_key").values_list("id", flat=True)[offset : offset + limit])
        if keys == (None, None):
            total, exact = backend.count(None, cap=conf.count_cap())
        else:
            total = rows[: conf.count_cap()].count()
            exact = total < conf.count_cap()
    hits = _hits([(i, 0.0) for i in ids], [])
    return SearchResults(total=total, hits=hits, total_exact=exact, mode="recent")


def search(
    query: str | None,
    *,
    doc_types: Iterable[str] | str | None = None,
    filters: Mapping[str, Any] | None = None,
    department_ids: Iterable[int] | None = None,
    limit: int = 20,
    offset: int = 0,
    recent_if_empty: bool = False,
    published_from: date | datetime | str | None = None,
    published_to: date | datetime | str | None = None,
) -> SearchResults:
    limit, offset = _page_bounds(limit, offset)
    keys = _key_range(published_from, published_to)
    if keys[0] is not None and keys[1] is not None and keys[0] >= keys[1]:
        return EMPTY
    if filters is not None and not isinstance(filters, Mapping):
        raise InvalidInput(field_errors=[FieldError("filters", _("筛选条件格式无效"))])
    type_list = _str_list("doc_types", doc_types)
    restrictions = {
        "department_ids": _int_list("department_ids", department_ids),
        "filters": filters,
    }
    groups = facets.restriction_groups(doc_types=type_list, **restrictions)
    if groups is None:
        return EMPTY
    groups = tuple(tuple(g) for g in groups)
    terms = segment.query_terms(query if isinstance(query, str) else "")
    if not terms:
        return _recent(groups, keys, limit, offset) if recent_if_empty else EMPTY
    allowed_types = None
    if type_list and _no_other_types(type_list):
        allowed_types = frozenset(type_list)  # checked again on the hits (see _no_other_types)
        groups = tuple(tuple(g) for g in facets.restriction_groups(doc_types=None, **restrictions))

    window = offset + limit
    if window > conf.window_max():
        window = conf.window_max()
    window = max(window, conf.candidates())
    backend = get_backend()

    every = Match(terms=tuple(terms), mode="and", groups=groups, key_from=keys[0], key_to=keys[1])
    title_tier = narrowing.candidates(backend, replace(every, title=True), limit=window)
    if len(title_tier.candidates) >= offset + limit:
        # The title tier ranks first and fills this page: the body tier cannot change it,
        # so skip fetching it (the costly half for a word common in titles) and only count.
        total, exact = narrowing.count(backend, every, cap=conf.count_cap(), limit=window)
        tiers, mode, shown = [title_tier.candidates, []], "and", terms  # same scores as body
        total = max(total, len(title_tier.candidates))
    else:
        match = every
        body_tier = narrowing.candidates(backend, every, limit=window)
        if body_tier.candidates:
            tiers, mode, shown = [title_tier.candidates, body_tier.candidates], "and", terms
        else:
            wider = segment.fallback_terms(terms)
            if len(wider) < 2:
                return SearchResults(total=0, hits=[], mode="and", terms=terms)
            match = replace(every, terms=tuple(wider), mode="or")
            body_tier = narrowing.candidates(backend, match, limit=window)
            tiers, mode, shown = [body_tier.candidates], "or", wider
        total, exact = _total(backend, match, body_tier, window)
    page = _rank(tiers)[offset : offset + limit]
    hits = _hits([(rank_key_id(key), score) for score, key in page], shown, allowed_types)
    return SearchResults(total=total, hits=hits, total_exact=exact, mode=mode, terms=shown)


def suggest(
    query: str | None, *, doc_types: Iterable[str] | str | None = None, limit: int = 8
) -> list[str]:
    """Titles of documents whose title holds every query word, best first (for type-ahead)."""
    limit = min(_page_bounds(limit, 0)[0], 20)
    terms = segment.query_terms(query if isinstance(query, str) else "")
    groups = facets.restriction_groups(
        doc_types=_str_list("doc_types", doc_types), department_ids=None, filters=None
    )
    if not terms or groups is None or not limit:
        return []
    match = Match(terms=tuple(terms), title=True, groups=tuple(tuple(g) for g in groups))
    found = get_backend().candidates(match, limit=max(limit * 10, 100))
    ranked = [rank_key_id(key) for _, key in _rank([found])[:limit]]
    titles = SearchDocument.objects.only("title").in_bulk(ranked)
    return list(dict.fromkeys(titles[i].title for i in ranked if i in titles))
