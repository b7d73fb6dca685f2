"""Lookup keys of a 字号: its pinyin (homophones) and its near-identical keys.

Near-identical 字号 differ by one character: one replaced (云帆达 / 云凡达), one added or
dropped (云帆 / 云帆达), or two neighbours swapped (云帆达 / 帆云达). Each 字号 is stored
with its *deletion keys* — itself, and itself with one character dropped — and two 字号
within one such edit share a key (symmetric deletion, as in SymSpell). Deletions are only
taken from 字号 of three or more characters: for two-character 字号 "one character
different" is most of the language (云帆 / 云海) and not a likeness anyone would confuse.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

MIN_DELETION_LENGTH = 3


@lru_cache(maxsize=50_000)
def _syllable(character: str) -> str:
    return "".join(lazy_pinyin(character, style=Style.NORMAL, errors="ignore")) or character


def pinyin_key(trade_name: str) -> str:
    """Toneless pinyin, space separated ("yun fan"). Each character is read on its own, in
    its most common reading: a 字号 is a string of chosen characters, not a word, and one
    canonical reading per character keeps the key the same wherever it is computed (and
    costs a dictionary lookup instead of a word segmentation)."""
    return " ".join(_syllable(ch) for ch in trade_name)


def near_keys(trade_name: str) -> list[str]:
    keys = [trade_name]
    if len(trade_name) >= MIN_DELETION_LENGTH:
        for i in range(len(trade_name)):
            key = trade_name[:i] + trade_name[i + 1 :]
            if key not in keys:
                keys.append(key)
    return keys


def likeness(a: str, b: str) -> str:
    """How two different 字号 are near-identical: "substitution", "insertion",
    "transposition", or "" when they are not."""
    if a == b:
        return ""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1 and len(a) >= MIN_DELETION_LENGTH:
            return "substitution"
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i, j = diff
            if a[i] == b[j] and a[j] == b[i] and len(a) >= MIN_DELETION_LENGTH:
                return "transposition"
        return ""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1 or len(long_) < MIN_DELETION_LENGTH:
        return ""
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return "insertion"
    return ""
