"""禁限用字词 maintenance (platform admins; ``actor=None`` = a trusted system path)."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput
from yiwang.names.actions import WORDS_MANAGE
from yiwang.names.cache import forget_words
from yiwang.names.models import NameWord, WordCategory, WordKind
from yiwang.org.permissions import require

_WORD = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]{1,20}")
EDITABLE = ("word", "kind", "category", "reason", "basis")


def _allowed(actor: Any) -> None:
    if actor is not None:
        require(actor, WORDS_MANAGE)


def _clean(values: dict[str, Any]) -> dict[str, str]:
    cleaned = {k: "".join(str(values.get(k) or "").split()) if k == "word"
               else str(values.get(k) or "").strip() for k in EDITABLE}  # fmt: skip
    errors = []
    if not cleaned["word"]:
        errors.append(FieldError("word", _("请填写字词"), "required"))
    elif not _WORD.fullmatch(cleaned["word"]):
        errors.append(FieldError("word", _("字词应为 1 到 20 个汉字"), "invalid"))
    if cleaned["kind"] not in WordKind.values:
        errors.append(FieldError("kind", _("请选择禁用或限用"), "invalid"))
    if cleaned["category"] not in WordCategory.values:
        errors.append(FieldError("category", _("请选择情形"), "invalid"))
    if not cleaned["reason"]:
        errors.append(FieldError("reason", _("请填写原因，申报人会看到它"), "required"))
    elif len(cleaned["reason"]) > 300:
        errors.append(FieldError("reason", _("原因不能超过 300 个字"), "too_long"))
    if len(cleaned["basis"]) > 200:
        errors.append(FieldError("basis", _("依据不能超过 200 个字"), "too_long"))
    if errors:
        raise InvalidInput(field_errors=errors)
    return cleaned


def _duplicate(word: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(
        "word", format_lazy(_("字词“{word}”已在列表中"), word=word), "duplicate")])  # fmt: skip


def word_create(*, actor: Any, word: str, kind: str, category: str, reason: str,
                basis: str = "") -> NameWord:  # fmt: skip
    _allowed(actor)
    values = _clean(
        {"word": word, "kind": kind, "category": category, "reason": reason, "basis": basis}
    )
    if NameWord.objects.filter(word=values["word"]).exists():
        raise _duplicate(values["word"])
    try:
        with transaction.atomic():
            obj = NameWord.objects.create(updated_by=actor, **values)
            audit_record(action="names.word.create", target=obj, actor=actor,
                         summary=f"{obj.get_kind_display()}字词 {obj.word}",
                         changes={k: [None, v] for k, v in values.items()})  # fmt: skip
            forget_words()
    except IntegrityError:
        raise _duplicate(values["word"]) from None
    return obj


def word_update(*, actor: Any, entry: NameWord, expected_version: int, **values: Any) -> NameWord:
    word = entry
    _allowed(actor)
    current = {k: getattr(word, k) for k in EDITABLE}
    cleaned = _clean({**current, **{k: v for k, v in values.items() if k in EDITABLE}})
    if NameWord.objects.filter(word=cleaned["word"]).exclude(pk=word.pk).exists():
        raise _duplicate(cleaned["word"])
    changes = {k: [current[k], v] for k, v in cleaned.items() if current[k] != v}
    with transaction.atomic():
        updated = NameWord.objects.filter(pk=word.pk, version=expected_version).update(
            version=F("version") + 1, updated_by=actor, **cleaned
        )
        if not updated:
            raise Conflict(_("字词已被他人修改，请刷新后重试"))
        word.refresh_from_db()
        audit_record(action="names.word.update", target=word, actor=actor,
                     summary=f"字词 {word.word}", changes=changes)  # fmt: skip
        forget_words()
    return word


def word_set_active(
    *, actor: Any, entry: NameWord, active: bool, expected_version: int
) -> NameWord:
    word = entry
    _allowed(actor)
    with transaction.atomic():
        updated = NameWord.objects.filter(pk=word.pk, version=expected_version).update(
            version=F("version") + 1, updated_by=actor, is_active=active
        )
        if not updated:
            raise Conflict(_("字词已被他人修改，请刷新后重试"))
        before = word.is_active
        word.refresh_from_db()
        audit_record(action="names.word.activate" if active else "names.word.deactivate",
                     target=word, actor=actor, summary=f"字词 {word.word}",
                     changes={"is_active": [before, active]})  # fmt: skip
        forget_words()
    return word


def words_seed(*, actor: Any = None) -> int:
    """Add the shipped words that are missing; words already present are left as edited."""
    from yiwang.names.seed_words import WORDS

    _allowed(actor)
    with transaction.atomic():
        existing = set(NameWord.objects.values_list("word", flat=True))
        new = [NameWord(word=w, kind=k, category=c, reason=r, basis=b, updated_by=actor)
               for w, k, c, r, b in WORDS if w not in existing]  # fmt: skip
        NameWord.objects.bulk_create(new)
        if new:
            audit_record(action="names.word.seed", object_type="names.nameword", actor=actor,
                         summary=f"载入禁限用字词 {len(new)} 个")  # fmt: skip
            forget_words()
    return len(new)
