"""Checking what staff typed into a publication, all problems reported at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.disclosure.models import (
    CatalogueNode,
    DecisionKind,
    DocKind,
    Publication,
    PublicationStatus,
    Topic,
)
from yiwang.disclosure.services.publications_html import html_to_text, sanitize_html

MAX_TITLE = 200
MAX_BODY = 200_000
MAX_KEYWORDS = 200
MAX_DOCUMENT_NUMBER = 100
MAX_DECISIONS = 10_000_000

# the fields a draft's author sets (create and update take the same ones)
EDITABLE = (
    "title", "body_html", "catalogue", "topic", "doc_kind", "document_number", "written_on",
    "keywords", "effective_until", "decision_count", "interprets",
)  # fmt: skip


def _date(value: Any, field: str, errors: list[FieldError]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(field, _("日期格式应为 YYYY-MM-DD"), "date_format"))
        return None


def clean_fields(
    values: dict[str, Any], *, department: Any, current: Publication | None = None
) -> dict[str, Any]:
    """Validated, normalised values for ``EDITABLE`` fields present in ``values``."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    if "title" in values:
        title = " ".join(str(values["title"] or "").split())
        if not title:
            errors.append(FieldError("title", _("请填写标题"), "required"))
        elif len(title) > MAX_TITLE:
            errors.append(FieldError("title", _("标题不能超过 200 个字符"), "too_long"))
        clean["title"] = title
    if "body_html" in values:
        raw = str(values["body_html"] or "")
        if len(raw) > MAX_BODY:
            errors.append(FieldError("body_html", _("正文过长"), "too_long"))
        body = sanitize_html(raw[:MAX_BODY])
        clean["body_html"] = body
        clean["body_text"] = html_to_text(body)
    if "catalogue" in values:
        node = values["catalogue"]
        if not isinstance(node, CatalogueNode) or not node.is_active:
            errors.append(FieldError("catalogue", _("请选择有效的公开目录"), "invalid_choice"))
        elif node.department_id is not None and node.department_id != department.pk:
            errors.append(FieldError("catalogue", _("不能使用其他部门的目录"), "other_department"))
        clean["catalogue"] = node
    if "topic" in values:
        if values["topic"] not in Topic.values:
            errors.append(FieldError("topic", _("请选择主题分类"), "invalid_choice"))
        clean["topic"] = values["topic"]
    if "doc_kind" in values:
        if values["doc_kind"] not in DocKind.values:
            errors.append(FieldError("doc_kind", _("请选择文件类型"), "invalid_choice"))
        clean["doc_kind"] = values["doc_kind"]
    for field, limit, message in (
        ("document_number", MAX_DOCUMENT_NUMBER, _("发文字号不能超过 100 个字符")),
        ("keywords", MAX_KEYWORDS, _("关键词合计不能超过 200 个字符")),
    ):
        if field in values:
            text = " ".join(str(values[field] or "").split())
            if len(text) > limit:
                errors.append(FieldError(field, message, "too_long"))
            clean[field] = text
    for field in ("written_on", "effective_until"):
        if field in values:
            clean[field] = _date(values[field], field, errors)
    if "decision_count" in values:
        clean["decision_count"] = _decision_count(values["decision_count"], errors)
    if "interprets" in values:
        clean["interprets"] = values["interprets"] or None
    _check_together(clean, current, errors)
    final_kind = clean.get("doc_kind", getattr(current, "doc_kind", None))
    if final_kind != DocKind.INTERPRETATION and not errors:
        clean["interprets"] = None  # only an interpretation points at a policy
    if errors:
        raise InvalidInput(field_errors=errors)
    return clean


def _decision_count(value: Any, errors: list[FieldError]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_DECISIONS:
        errors.append(FieldError("decision_count", _("决定数量应为非负整数"), "invalid"))
        return None
    return number


def _check_together(
    clean: dict[str, Any], current: Publication | None, errors: list[FieldError]
) -> None:
    """Rules across fields, on the values the publication will have after the change."""

    def final(name: str) -> Any:
        if name in clean:
            return clean[name]
        return getattr(current, name) if current is not None else None

    written_on, until = final("written_on"), final("effective_until")
    if written_on and until and until < written_on:
        errors.append(FieldError("effective_until", _("有效期不能早于成文日期"), "date_order"))
    if written_on and written_on > timezone.localdate() + dt.timedelta(days=366):
        errors.append(FieldError("written_on", _("成文日期不合理"), "date_range"))
    kind, target = final("doc_kind"), final("interprets")
    if kind == DocKind.INTERPRETATION:
        if target is None:
            errors.append(FieldError("interprets", _("政策解读须关联所解读的文件"), "required"))
        elif target.doc_kind == DocKind.INTERPRETATION:
            errors.append(FieldError("interprets", _("不能解读另一篇解读"), "invalid"))
        elif target.status != PublicationStatus.PUBLISHED:
            errors.append(FieldError("interprets", _("所解读的文件须已发布"), "not_published"))
        elif current is not None and target.pk == current.pk:
            errors.append(FieldError("interprets", _("不能解读本身"), "invalid"))
    elif target is not None and "interprets" in clean:
        errors.append(FieldError("interprets", _("只有政策解读可以关联被解读文件"), "invalid"))
    node = final("catalogue")
    count = final("decision_count")
    if count is not None and (node is None or node.decision_kind == DecisionKind.NONE):
        errors.append(
            FieldError(
                "decision_count",
                _("只有行政许可、行政处罚、行政强制目录下的信息填写决定数量"),
                "not_applicable",
            )
        )
