"""Verification of the audit chain, streaming over the table in bounded memory.

Walks the records in seq order in keyset-paginated chunks (no long-lived cursor, no OFFSET)
and checks, for each record: its seq follows the previous one (a gap means deleted records),
its prev_hash is the previous record's hash (broken linkage means reordered or replaced
records), and its own hash re-computes (a mismatch means an edited record). At the end the
chain head must name the last record, which catches a deleted tail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from yiwang.audit.chain import HASHED_FIELDS, record_hash
from yiwang.audit.models import GENESIS_HASH, HEAD_PK, AuditRecord, ChainHead
from yiwang.core.errors import in_language

CHUNK_SIZE = 5000

# Problem codes and their message (a Chinese msgid, formatted with the result's details).
REASONS: dict[str, Any] = {
    "": _("审计链完整"),
    "seq_gap": _("序号不连续：应为 {expected}，实际为 {found}（记录被删除）"),
    "link_broken": _("前一条哈希与上一条记录不符（记录被调换顺序或替换）"),
    "hash_mismatch": _("哈希校验失败（记录内容被修改）"),
    "tail_missing": _("链头记录共 {head_count} 条，表中只到序号 {last_seq}（末尾记录被删除）"),
    "head_mismatch": _("链头哈希与最后一条记录不符（链头或末尾记录被改动）"),
    "head_missing": _("链头缺失，但表中有 {count} 条记录"),
}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    code: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """What is wrong, in the active language."""
        return str(REASONS[self.code]).format(**self.details)

    @property
    def reason_zh(self) -> str:
        return in_language(REASONS[self.code], "zh-hans").format(**self.details)

    @property
    def reason_en(self) -> str:
        return in_language(REASONS[self.code], "en").format(**self.details)


def _rows(chunk_size: int, up_to: int | None):
    columns = ("id", "prev_hash", "hash", *HASHED_FIELDS)
    last_seq: int | None = None
    base = AuditRecord.objects.order_by("seq").values(*columns)
    if up_to is not None:
        base = base.filter(seq__lte=up_to)
    while True:
        qs = base
        if last_seq is not None:
            qs = qs.filter(seq__gt=last_seq)
        chunk = list(qs[:chunk_size])
        if not chunk:
            return
        yield chunk
        last_seq = chunk[-1]["seq"]


def verify_chain(
    *, chunk_size: int = CHUNK_SIZE, progress: Callable[[int], None] | None = None
) -> VerifyResult:
    """Check the whole chain; stop at the first bad record. ``progress(n)`` is called with the
    number of records checked in each chunk."""
    # The head is read first and the walk stops at its seq: records appended while we walk
    # belong to a later verification, not to this one.
    head = ChainHead.objects.filter(pk=HEAD_PK).values("seq", "hash").first()
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0

    def bad(row: dict, code: str, **details) -> VerifyResult:
        return VerifyResult(False, count, row["seq"], row["id"], code, details)

    for chunk in _rows(chunk_size, head["seq"] if head else None):
        for row in chunk:
            if row["seq"] != expected_seq:
                return bad(row, "seq_gap", expected=expected_seq, found=row["seq"])
            if row["prev_hash"] != prev_hash:
                return bad(row, "link_broken")
            if record_hash(prev_hash, row) != row["hash"]:
                return bad(row, "hash_mismatch")
            prev_hash = row["hash"]
            expected_seq += 1
            count += 1
        if progress is not None:
            progress(len(chunk))

    last_seq = expected_seq - 1
    if head is None:
        if count:
            return VerifyResult(False, count, None, None, "head_missing", {"count": count})
        return VerifyResult(True, 0)
    if head["seq"] > last_seq:
        return VerifyResult(
            False,
            count,
            last_seq + 1,
            None,
            "tail_missing",
            {"head_count": head["seq"], "last_seq": last_seq},
        )
    if head["hash"] != prev_hash:
        return VerifyResult(False, count, last_seq or None, None, "head_mismatch")
    return VerifyResult(True, count)
