"""Writes of 主动公开: drafting, 保密审查, publishing, revoking, validity, expiry.

draft → pending (submitted for confidentiality review) → approved (a second person, never the
author, approved) → published; a reviewer may return a draft with an opinion (back to draft).
A published publication may be revoked, or expires when its 有效期 ends (periodic job).
Every transition checks the permission, takes the row lock, compares the version (a stale
form is a 409), writes the audit record and the publication's own history, and re-indexes it
for search once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.disclosure.models import (
    IndexSequence,
    Publication,
    PublicationEvent,
    PublicationStatus,
    Validity,
)
from yiwang.disclosure.selectors.publications import DOC_TYPE
from yiwang.disclosure.services.publications_fields import EDITABLE, clean_fields
from yiwang.org.permissions import require
from yiwang.search.service import index_later

S = PublicationStatus
MAX_OPINION = 2000


def next_index_number(*, department: Any, year: int) -> str:
    """索引号 ``<department code>/<year>-<seq:05d>``: unique, sequential per department and
    year, safe when two publishers publish at once (one conditional UPDATE per number)."""
    with transaction.atomic():
        counter = IndexSequence.objects.filter(department=department, year=year)
        if not counter.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    IndexSequence.objects.create(department=department, year=year, last=1)
            except IntegrityError:  # another publisher created this year's counter first
                counter.update(last=F("last") + 1)
        last = counter.values_list("last", flat=True).get()
    return f"{department.code}/{year}-{last:05d}"


def lock_version(publication: Publication, expected_version: int | None) -> Publication:
    fresh = Publication.objects.select_for_update().get(pk=publication.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict(_("该信息已被他人修改，请刷新后重试"))
    return fresh


def _require_status(publication: Publication, *allowed: str) -> None:
    if publication.status not in allowed:
        raise Conflict(_("该信息当前状态不允许此操作"))


def record_event(
    publication: Publication, *, actor: Any, action: str, note: str = "", changes=None
) -> None:
    PublicationEvent.objects.create(
        publication=publication, action=action, actor=_user(actor), note=note
    )
    audit_record(
        action=f"disclosure.publication.{action}", target=publication, actor=actor,
        changes=changes, summary=f"{publication.index_number or '—'} {publication.title}"[:200],
        department_id=publication.department_id,
    )  # fmt: skip


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def save_version(publication: Publication, fields: list[str]) -> None:
    publication.version += 1
    publication.save(update_fields=[*fields, "version", "updated_at"])
    transaction.on_commit(lambda: index_later(DOC_TYPE, publication.pk))


def publication_create(*, actor: Any, department: Any, **values: Any) -> Publication:
    """A new draft. ``values`` are the fields of ``EDITABLE``; title, catalogue and topic
    are required."""
    require(actor, "disclosure.publication.edit", department)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown publication fields: {sorted(unknown)}")
    values = {"body_html": "", "doc_kind": "other", **values}
    for required in ("title", "catalogue", "topic"):
        values.setdefault(required, None)
    clean = clean_fields(values, department=department)
    with transaction.atomic():
        publication = Publication.objects.create(
            department=department, author=actor, status=S.DRAFT, **clean
        )
        record_event(publication, actor=actor, action="create")
    return publication


def publication_update(
    *, actor: Any, publication: Publication, expected_version: int | None, **values: Any
) -> Publication:
    """Change a draft (or a returned one); a submitted or published text is not edited."""
    require(actor, "disclosure.publication.edit", publication)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown publication fields: {sorted(unknown)}")
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.DRAFT)
        clean = clean_fields(values, department=publication.department, current=publication)
        changes = {}
        for name, value in clean.items():
            old = getattr(publication, name)
            if old != value:
                if name not in ("body_html", "body_text"):
                    changes[name] = [str(old) if old is not None else None, str(value)]
                setattr(publication, name, value)
        if "body_html" in clean and publication.body_html != clean["body_html"]:
            changes["body_html"] = ["…", "…"]
        save_version(publication, list(clean))
        record_event(publication, actor=actor, action="update", changes=changes)
    return publication


def publication_submit(
    *, actor: Any, publication: Publication, expected_version: int | None
) -> Publication:
    """Send a draft to 保密审查."""
    require(actor, "disclosure.publication.edit", publication)
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.DRAFT)
        if not publication.body_text and not publication.attachments.exists():
            raise InvalidInput(
                field_errors=[FieldError("body_html", _("正文和附件不能都为空"), "required")]
            )
        publication.status = S.PENDING
        publication.submitted_at = timezone.now()
        save_version(publication, ["status", "submitted_at"])
        record_event(publication, actor=actor, action="submit")
    return publication


def publication_review(
    *,
    actor: Any,
    publication: Publication,
    approve: bool,
    opinion: str = "",
    expected_version: int | None,
) -> Publication:
    """保密审查: approve for publication, or return to the author with an opinion.

    The reviewer is never the author: a second pair of eyes is the point of the review."""
    require(actor, "disclosure.publication.review", publication)
    opinion = (opinion or "").strip()
    if len(opinion) > MAX_OPINION:
        raise InvalidInput(
            field_errors=[FieldError("opinion", _("审查意见不能超过 2000 个字符"), "too_long")]
        )
    if not approve and not opinion:
        raise InvalidInput(
            field_errors=[FieldError("opinion", _("退回时请填写审查意见"), "required")]
        )
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.PENDING)
        if publication.author_id == getattr(actor, "pk", None):
            raise PermissionDenied(_("保密审查须由撰稿人以外的人员进行"))
        publication.status = S.APPROVED if approve else S.DRAFT
        publication.reviewer = actor
        publication.reviewed_at = timezone.now()
        publication.review_opinion = opinion
        save_version(publication, ["status", "reviewer", "reviewed_at", "review_opinion"])
        record_event(
            publication, actor=actor, action="approve" if approve else "return", note=opinion
        )
    return publication


def publication_publish(
    *,
    actor: Any,
    publication: Publication,
    expected_version: int | None,
    published_at: dt.datetime | None = None,
) -> Publication:
    """Publish an approved publication; it gets its 索引号 and becomes public and searchable."""
    require(actor, "disclosure.publication.publish", publication)
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.APPROVED)
        when = published_at or timezone.now()
        if publication.effective_until and publication.effective_until < timezone.localdate(when):
            raise InvalidInput(
                field_errors=[FieldError("effective_until", _("有效期已过，不能发布"), "expired")]
            )
        if not publication.index_number:
            year = timezone.localdate(when).year
            publication.index_number = next_index_number(
                department=publication.department, year=year
            )
        publication.status = S.PUBLISHED
        publication.published_at = when
        save_version(publication, ["status", "published_at", "index_number"])
        record_event(publication, actor=actor, action="publish")
        for interpretation_pk in publication.interpretations.values_list("pk", flat=True):
            transaction.on_commit(lambda pk=interpretation_pk: index_later(DOC_TYPE, pk))
    return publication


def publication_revoke(
    *, actor: Any, publication: Publication, reason: str, expected_version: int | None
) -> Publication:
    """Take a published publication off the public site (it keeps its 索引号 and history)."""
    require(actor, "disclosure.publication.publish", publication)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(field_errors=[FieldError("reason", _("请填写撤销理由"), "required")])
    if len(reason) > 500:
        raise InvalidInput(
            field_errors=[FieldError("reason", _("撤销理由不能超过 500 个字符"), "too_long")]
        )
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.PUBLISHED, S.EXPIRED)
        publication.status = S.REVOKED
        publication.revoked_at = timezone.now()
        publication.revoke_reason = reason
        save_version(publication, ["status", "revoked_at", "revoke_reason"])
        record_event(publication, actor=actor, action="revoke", note=reason)
    return publication


def publication_set_validity(
    *,
    actor: Any,
    publication: Publication,
    validity: str,
    changed_on: dt.date | None = None,
    expected_version: int | None,
) -> Publication:
    """Record that a published document was repealed (废止) or lapsed (失效), or is in force
    again; the page shows it and the annual report counts it. It stays public."""
    require(actor, "disclosure.publication.publish", publication)
    if validity not in Validity.values:
        raise InvalidInput(
            field_errors=[FieldError("validity", _("请选择有效性"), "invalid_choice")]
        )
    today = timezone.localdate()
    changed_on = None if validity == Validity.EFFECTIVE else (changed_on or today)
    if changed_on and changed_on > today:
        raise InvalidInput(field_errors=[FieldError("changed_on", _("日期不能晚于今天"), "future")])
    with transaction.atomic():
        publication = lock_version(publication, expected_version)
        _require_status(publication, S.PUBLISHED, S.EXPIRED)
        changes = {"validity": [publication.validity, validity]}
        publication.validity = validity
        publication.validity_changed_on = changed_on
        fields = ["validity", "validity_changed_on"]
        if validity == Validity.EFFECTIVE and publication.status == S.EXPIRED:
            publication.status, publication.effective_until = S.PUBLISHED, None
            fields += ["status", "effective_until"]
        save_version(publication, fields)
        record_event(publication, actor=actor, action="validity", changes=changes)
    return publication


def publications_expire_due(*, today: dt.date | None = None) -> int:
    """Mark published documents whose 有效期 has ended as expired (失效); returns how many.

    Safe to run twice or in two workers at once: each row is locked and re-checked."""
    today = today or timezone.localdate()
    due = Publication.objects.filter(status=S.PUBLISHED, effective_until__lt=today)
    expired = 0
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            publication = Publication.objects.select_for_update().get(pk=pk)
            until = publication.effective_until
            if publication.status != S.PUBLISHED or until is None or until >= today:
                continue
            publication.status = S.EXPIRED
            publication.validity = Validity.EXPIRED
            publication.validity_changed_on = until + dt.timedelta(days=1)
            save_version(publication, ["status", "validity", "validity_changed_on"])
            record_event(publication, actor=None, action="expire")
            expired += 1
    return expired
