"""The name check (名称自主申报比对): structure, prohibited and restricted words, and conflicts
with every name the jurisdiction holds. A read: it changes nothing.

Outcomes, strongest first:
- ``rejected`` — a prohibited word; a region or an industry used as the 字号; the same 字号 in
  the same industry (same GB/T 4754 门类) as a registered or reserved name, whatever the
  organisation form (企业名称登记管理规定 第十七条: not the same as a same-industry name).
- ``restricted`` — a restricted word (中国/中华/全国/国家, 银行/保险/证券 …): the name needs the
  approval or licence the reason names and cannot be self-declared.
- ``warning`` — the same 字号 in another industry (differs only in industry), the same
  pinyin (同音), or a near-identical 字号: the applicant may go on after reading the names.
- ``ok``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.names import keys, vocab
from yiwang.names.cache import active_words
from yiwang.names.models import NameKey, RegisteredName, WordKind
from yiwang.names.parsing import NameParts, parse_name

REJECTED, RESTRICTED, WARNING, OK = "rejected", "restricted", "warning", "ok"
_STRENGTH = {REJECTED: 3, RESTRICTED: 2, WARNING: 1, OK: 0}
VERDICT_LABELS = {
    REJECTED: _("不予通过"),
    RESTRICTED: _("须经批准，不能自主申报"),
    WARNING: _("可以申报，但存在近似名称"),
    OK: _("可以申报"),
}
LIKENESS_LABELS = {
    "substitution": _("一字之差"),
    "insertion": _("多一字或少一字"),
    "transposition": _("字序颠倒"),
}
CONFLICT_LIMIT = 50  # names read per rule; a check names at most this many per finding
SHOWN = 5


@dataclass
class Finding:
    level: str  # rejected | restricted | warning
    rule: str
    message: object  # lazy Chinese text
    conflicts: list[str] = field(default_factory=list)
    total: int = 0  # conflicting names found (capped at CONFLICT_LIMIT)
    word: str = ""
    basis: str = ""

    def as_dict(self) -> dict:
        from yiwang.core.errors import bilingual

        zh, en = bilingual(self.message)
        return {"level": self.level, "rule": self.rule, "message": zh, "message_en": en,
                "conflicts": self.conflicts, "total": self.total, "word": self.word,
                "basis": self.basis}  # fmt: skip


@dataclass
class CheckResult:
    parts: NameParts
    findings: list[Finding]
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        strongest = max((_STRENGTH[f.level] for f in self.findings), default=0)
        return next(v for v, s in _STRENGTH.items() if s == strongest)

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]

    @property
    def can_declare(self) -> bool:
        return self.verdict in (OK, WARNING)

    def as_dict(self) -> dict:
        from yiwang.core.errors import bilingual

        zh, en = bilingual(self.verdict_label)
        return {"name": self.parts.as_dict(), "verdict": self.verdict, "verdict_label": zh,
                "verdict_label_en": en, "can_declare": self.can_declare,
                "findings": [f.as_dict() for f in self.findings],
                "took_ms": round(self.seconds * 1000, 2)}  # fmt: skip


def name_check(
    *, name: str = "", parts: NameParts | None = None, now: datetime | None = None,
    ignore_id: int | None = None,
) -> CheckResult:  # fmt: skip
    """Check a full name (``name``) or parsed ``parts``; ``InvalidInput`` when malformed.
    ``ignore_id``: a held name not to compare with (the reservation being confirmed)."""
    started = time.perf_counter()
    parts = parts or parse_name(name)
    findings = [*word_findings(parts), *structure_findings(parts)]
    findings += conflict_findings(parts, now=now, ignore_id=ignore_id)
    findings.sort(key=lambda f: -_STRENGTH[f.level])
    return CheckResult(parts, findings, time.perf_counter() - started)


# --- words and structure ------------------------------------------------------------------------


def word_findings(parts: NameParts) -> list[Finding]:
    # the region and the form come from fixed lists; the words matter in what the applicant made up
    text = parts.trade_name + parts.industry
    found = []
    for word in active_words():
        if word.word in text:
            prohibited = word.kind == WordKind.PROHIBITED
            template = (
                _("含有禁用字词“{word}”：{reason}") if prohibited
                else _("含有限用字词“{word}”：{reason}")
            )  # fmt: skip
            found.append(Finding(
                REJECTED if prohibited else RESTRICTED, f"{word.kind}_word",
                format_lazy(template, word=word.word, reason=word.reason),
                word=word.word, basis=word.basis,
            ))  # fmt: skip
    return found


def structure_findings(parts: NameParts) -> list[Finding]:
    found = []
    trade_name = parts.trade_name
    known = vocab.regions()
    for region in known:
        if trade_name in (
            region,
            vocab.short_region(region, known),
            vocab.bare_region(region, known),
        ):
            found.append(Finding(REJECTED, "region_as_trade_name", format_lazy(
                _("县级以上行政区划名称“{value}”不得作为字号"), value=trade_name)))  # fmt: skip
            break
    if trade_name in vocab.INDUSTRIES:
        found.append(Finding(REJECTED, "industry_as_trade_name", format_lazy(
            _("行业表述“{value}”不得作为字号"), value=trade_name)))  # fmt: skip
    return found


# --- conflicts with held names ------------------------------------------------------------------


def _listed(rows: list[dict]) -> list[str]:
    return [row["full_name"] for row in rows[:SHOWN]]


def _names_text(rows: list[dict]):
    text = "、".join(f"“{n}”" for n in _listed(rows))
    if len(rows) > SHOWN:
        return format_lazy(_("{names}等 {n} 个"), names=text, n=len(rows))
    return text


_COLUMNS = ("id", "full_name", "trade_name", "industry", "industry_section", "org_form")
_TABLE = RegisteredName._meta.db_table
_KEY_TABLE = NameKey._meta.db_table


def conflict_sql(
    trade_name: str, pinyin: str, *, now: datetime | None, ignore_id: int | None
) -> tuple[str, list]:
    """The three lookups in one round trip: same 字号, same pinyin, shared deletion key —
    each on its own index, each among the names still held, each capped."""
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    columns = ", ".join(_COLUMNS)
    held = "(status = 'registered' OR (status = 'reserved' AND reserved_until > %s))"
    held_params: list = [now]
    if ignore_id is not None:
        held += " AND id <> %s"
        held_params.append(ignore_id)
    near_keys = keys.near_keys(trade_name)
    marks = ", ".join(["%s"] * len(near_keys))
    sql = (
        f"SELECT * FROM (SELECT 'same' AS rule, {columns} FROM {_TABLE} "
        f"WHERE trade_name = %s AND {held} LIMIT {CONFLICT_LIMIT}) AS a UNION ALL "
        f"SELECT * FROM (SELECT 'pinyin' AS rule, {columns} FROM {_TABLE} "
        f"WHERE trade_name_pinyin = %s AND trade_name <> %s AND {held} "
        f"LIMIT {CONFLICT_LIMIT}) AS b UNION ALL "
        f"SELECT * FROM (SELECT 'near' AS rule, {columns} FROM {_TABLE} "
        f"WHERE id IN (SELECT name_id FROM {_KEY_TABLE} WHERE key IN ({marks})) "
        f"AND trade_name <> %s AND trade_name_pinyin <> %s AND {held} "
        f"LIMIT {CONFLICT_LIMIT * 2}) AS c"
    )
    params = [trade_name, *held_params, pinyin, trade_name, *held_params, *near_keys,
              trade_name, pinyin, *held_params]  # fmt: skip
    return sql, params


def _held_rows(
    trade_name: str, pinyin: str, *, now: datetime | None, ignore_id: int | None
) -> dict[str, list[dict]]:
    sql, params = conflict_sql(trade_name, pinyin, now=now, ignore_id=ignore_id)
    found: dict[str, list[dict]] = {"same": [], "pinyin": [], "near": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for rule, *values in cursor.fetchall():
            found[rule].append(dict(zip(_COLUMNS, values, strict=True)))
    return found


def conflict_findings(
    parts: NameParts, *, now: datetime | None = None, ignore_id: int | None = None
) -> list[Finding]:
    trade_name, pinyin = parts.trade_name, keys.pinyin_key(parts.trade_name)
    rows = _held_rows(trade_name, pinyin, now=now, ignore_id=ignore_id)
    findings: list[Finding] = []

    same = rows["same"]
    same_industry = [r for r in same if r["industry_section"] == parts.industry_section]
    other_industry = [r for r in same if r["industry_section"] != parts.industry_section]
    if same_industry:
        if any(r["full_name"] == parts.full_name for r in same_industry):
            template = _("该名称已被登记或保留：{names}")
        elif all(r["industry"] == parts.industry for r in same_industry):
            template = _(
                "与同行业已登记（保留）的名称字号相同，仅组织形式或行政区划不同的也视为相同：{names}"
            )
        else:
            template = _("与同行业已登记（保留）的名称字号相同：{names}")
        findings.append(Finding(
            REJECTED, "same_trade_name_same_industry",
            format_lazy(template, names=_names_text(same_industry)),
            _listed(same_industry), len(same_industry),
        ))  # fmt: skip
    if other_industry:
        findings.append(Finding(
            WARNING, "same_trade_name_other_industry",
            format_lazy(_("字号与其他行业的已登记名称相同（仅行业不同）：{names}"),
                        names=_names_text(other_industry)),
            _listed(other_industry), len(other_industry),
        ))  # fmt: skip

    homophones = rows["pinyin"]
    if homophones:
        findings.append(Finding(
            WARNING, "same_pinyin",
            format_lazy(_("字号读音相同（{pinyin}）：{names}"), pinyin=pinyin,
                        names=_names_text(homophones)),
            _listed(homophones), len(homophones),
        ))  # fmt: skip

    candidates = rows["near"]
    near: list[dict] = []
    kinds: set[str] = set()
    for row in candidates:
        kind = keys.likeness(trade_name, row["trade_name"])
        if kind:
            near.append(row)
            kinds.add(kind)
    if near:
        near = near[:CONFLICT_LIMIT]
        how = format_lazy(
            "、".join(["{}"] * len(kinds)), *(LIKENESS_LABELS[k] for k in sorted(kinds))
        )
        findings.append(Finding(
            WARNING, "near_identical",
            format_lazy(_("字号近似（{how}）：{names}"), how=how, names=_names_text(near)),
            _listed(near), len(near),
        ))  # fmt: skip
    return findings
