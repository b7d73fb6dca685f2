"""Writing the index: validate, analyse, then replace rows in batches.

Re-indexing an object deletes its row and inserts a new one in the same transaction (a new id
and rank key, so the FTS5 rowid never needs an update). The index is derived data, rebuilt
from the owning apps at will, so its writes are not audited one by one; a rebuild is.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.search import conf, dictionary, facets, segment
from yiwang.search.backends import IndexRow, get_backend
from yiwang.search.backends.base import make_rank_key
from yiwang.search.models import SearchDocument

DOC_TYPE_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
FILTER_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_OBJECT_ID = 64
MAX_URL = 500
MAX_MINUTES = (1 << 26) - 1  # year 2097; the rank key has 26 bits of recency
BATCH = 500


@dataclass(frozen=True)
class IndexDoc:
    """The fields a source provides for one object."""

    title: str
    body: str = ""
    url: str = ""
    department_id: int | None = None
    filters: Mapping[str, Any] | None = None
    published_at: datetime | date | None = None
    # Text extracted from attachments (``extract.extract_text``): indexed and shown in
    # snippets like the body, after it, with its own length cap.
    attachments_text: str = ""

    @classmethod
    def coerce(cls, value: IndexDoc | Mapping[str, Any]) -> IndexDoc:
        if isinstance(value, IndexDoc):
            return value
        return cls(**value)


def validate_key(doc_type: Any, object_id: Any) -> tuple[str, str]:
    errors = []
    if not isinstance(doc_type, str) or not DOC_TYPE_RE.match(doc_type):
        errors.append(
            FieldError("doc_type", _("文档类型须为小写字母开头的英文标识，最长 40 个字符"))
        )
    object_id = "" if object_id is None else str(object_id).strip()
    if not object_id or len(object_id) > MAX_OBJECT_ID:
        errors.append(FieldError("object_id", _("对象编号不能为空，最长 64 个字符")))
    if errors:
        raise InvalidInput(field_errors=errors)
    return doc_type, object_id


def _aware(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        if not isinstance(value, date):
            raise InvalidInput(
                field_errors=[FieldError("published_at", _("发布时间格式无效"), "invalid")]
            )
        value = datetime(value.year, value.month, value.day)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)  # NaN is not JSON, and matches nothing anyway
    return isinstance(value, str | int | bool)


def _split_filters(filters: Mapping[str, Any] | None) -> tuple[dict[str, str], dict[str, Any]]:
    columns: dict[str, str] = {}
    extra: dict[str, Any] = {}
    for key, value in (filters or {}).items():
        if not isinstance(key, str) or not FILTER_KEY_RE.match(key):
            raise InvalidInput(
                field_errors=[FieldError("filters", _("筛选项名称须为小写英文标识"), "invalid")]
            )
        values = facets.values_of(value)
        if any(not _scalar(v) for v in values):
            raise InvalidInput(
                field_errors=[
                    FieldError("filters", _("筛选项的值须为文字、数字或它们的列表"), "invalid")
                ]
            )
        # Stored text must be storable: no NUL, no lone surrogate (PostgreSQL refuses both).
        values = [segment.clean_text(v) if isinstance(v, str) else v for v in values]
        if key in facets.COLUMN_FILTERS:
            columns[key] = ",".join(facets.value_text(v) for v in values)
        elif isinstance(value, list | tuple | set | frozenset):
            extra[key] = values
        elif values:
            extra[key] = values[0]
    return columns, extra


def prepare(
    *,
    doc_type: str,
    object_id: str,
    doc: IndexDoc,
    now: datetime,
    segmenter: dictionary.Segmenter | None = None,
) -> IndexRow:
    url = segment.clean_text(doc.url or "").strip()
    if len(url) > MAX_URL:
        raise InvalidInput(field_errors=[FieldError("url", _("链接最长 500 个字符"), "too_long")])
    department_id = doc.department_id
    if department_id is not None:
        try:
            department_id = int(department_id)
        except (TypeError, ValueError):
            raise InvalidInput(
                field_errors=[FieldError("department_id", _("部门编号须为整数"), "invalid")]
            ) from None
    published_at = _aware(doc.published_at)
    columns, extra = _split_filters(doc.filters)
    title = segment.truncate(
        " ".join(segment.clean_text(doc.title).split()), conf.title_max_chars()
    )
    body = segment.truncate(segment.clean_text(doc.body), conf.body_max_chars())
    if doc.attachments_text:
        attached = segment.truncate(
            segment.clean_text(doc.attachments_text), conf.attachments_max_chars()
        ).strip()
        if attached:
            body = f"{body}\n\n{attached}" if body.strip() else attached
    segmenter = segmenter or dictionary.current()
    title_analysis = segment.analyze(title, segmenter=segmenter)
    body_analysis = segment.analyze(body, segmenter=segmenter)
    markers = [facets.title_marker(t) for t in dict.fromkeys(title_analysis.terms)]
    markers += facets.document_markers(
        doc_type=doc_type, department_id=department_id, filters=doc.filters or {}
    )
    moment = published_at or now
    minutes = min(MAX_MINUTES, max(0, int(moment.timestamp() // 60)))
    return IndexRow(
        doc_type=doc_type,
        object_id=object_id,
        title=title,
        body=body,
        url=url,
        department_id=department_id,
        category=columns.get("category", "")[:100],
        status=columns.get("status", "")[:40],
        extra=extra,
        published_at=published_at,
        indexed_at=now,
        minutes=minutes,
        dictionary=title_analysis.fingerprint,
        title_terms=title_analysis.terms,
        body_terms=body_analysis.terms,
        markers=markers,
    )


def write(rows: list[IndexRow], *, bulk: bool = False) -> None:
    """Replace the rows of these objects, in one transaction (``bulk``: a rebuild batch)."""
    if not rows:
        return
    # The last version of an object in the batch wins.
    rows = list({(r.doc_type, r.object_id): r for r in rows}.values())
    backend = get_backend()
    for row in rows:  # CPU work before the transaction: SQLite holds its write lock in it
        if row.encoded is None:
            backend.encode(row)
    with transaction.atomic():
        if bulk:
            backend.tune_for_bulk()
        _delete_keys((r.doc_type, r.object_id) for r in rows)
        backend.purge()
        for row, row_id in zip(rows, backend.allocate_ids(len(rows)), strict=True):
            row.id = row_id
            row.rank_key = make_rank_key(row.minutes, row_id)
        backend.insert(rows)


def _delete_keys(keys: Iterable[tuple[str, str]]) -> int:
    by_type: dict[str, list[str]] = defaultdict(list)
    for doc_type, object_id in keys:
        by_type[doc_type].append(object_id)
    deleted = 0
    for doc_type, object_ids in by_type.items():
        for start in range(0, len(object_ids), BATCH):
            chunk = object_ids[start : start + BATCH]
            deleted += SearchDocument.objects.filter(
                doc_type=doc_type, object_id__in=chunk
            ).delete()[0]
    return deleted


def index_document(
    *,
    doc_type: str,
    object_id: Any,
    title: str,
    body: str = "",
    url: str = "",
    department_id: int | None = None,
    filters: Mapping[str, Any] | None = None,
    published_at: datetime | date | None = None,
    attachments_text: str = "",
) -> None:
    doc_type, object_id = validate_key(doc_type, object_id)
    doc = IndexDoc(
        title=title or "",
        body=body or "",
        url=url or "",
        department_id=department_id,
        filters=filters,
        published_at=published_at,
        attachments_text=attachments_text or "",
    )
    write([prepare(doc_type=doc_type, object_id=object_id, doc=doc, now=timezone.now())])


def remove_document(*, doc_type: str, object_id: Any) -> bool:
    doc_type, object_id = validate_key(doc_type, object_id)
    return remove_documents(doc_type=doc_type, object_ids=[object_id]) > 0


def remove_documents(*, doc_type: str, object_ids: Iterable[Any]) -> int:
    with transaction.atomic():
        removed = _delete_keys((doc_type, str(o)) for o in object_ids)
        get_backend().purge()
        return removed


def remove_where(**lookups: Any) -> int:
    """Remove every row matching these ORM lookups (e.g. stale rows after a rebuild)."""
    with transaction.atomic():
        removed = SearchDocument.objects.filter(**lookups).delete()[0]
        get_backend().purge()
        return removed
