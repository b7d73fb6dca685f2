"""Process definitions: upload (validated, versioned), the shipped ones, the parsed-spec cache."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.engine.parsing import ParsedProcess, parse_process
from yiwang.approvals.models import ProcessDefinition
from yiwang.approvals.permissions import DEFINITION_MANAGE
from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, NotFound
from yiwang.org.models import Department
from yiwang.org.permissions import require

DEFAULT_PROCESS_KEY = "single_department"
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "processes"
SHIPPED_KEYS = ("single_department", "enterprise_startup")


def resolve_department(reference: str) -> Department | None:
    """A department named by 机构代码, 简称 or full name (in that order); None if unknown or
    ambiguous. One query."""
    reference = (reference or "").strip()
    if not reference:
        return None
    found = list(
        Department.objects.filter(
            Q(code=reference) | Q(short_name=reference) | Q(name=reference), is_active=True
        )[:20]
    )
    for lookup in ("code", "short_name", "name"):
        matches = [d for d in found if getattr(d, lookup) == reference]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            return None
    return None


# --- the parsed-spec cache: one parse per definition version and process ------------------------

_CACHE: dict[int, tuple[str, ParsedProcess]] = {}
_CACHE_LOCK = threading.Lock()


def parsed(definition: ProcessDefinition) -> ParsedProcess:
    """The parsed process of a stored definition version (cached; versions never change)."""
    hit = _CACHE.get(definition.pk)
    if hit is not None and hit[0] == definition.sha256:
        return hit[1]
    process = parse_process(definition.bpmn_xml)
    with _CACHE_LOCK:
        _CACHE[definition.pk] = (definition.sha256, process)
    return process


def parsed_by_id(definition_id: int, sha256: str | None = None) -> ParsedProcess:
    """Like ``parsed`` without reading the (large) row when the version is cached. Pass the
    version's sha256 when at hand (e.g. annotated on the locked application row)."""
    hit = _CACHE.get(definition_id)
    if hit is not None and (sha256 is None or hit[0] == sha256):
        return hit[1]
    return parsed(ProcessDefinition.objects.get(pk=definition_id))


def current_definition(key: str) -> ProcessDefinition:
    definition = ProcessDefinition.objects.filter(key=key or DEFAULT_PROCESS_KEY,
                                                  is_current=True).first()  # fmt: skip
    if definition is None:
        raise NotFound(_("找不到审批流程定义"), code="process-not-found")
    return definition


# --- upload -------------------------------------------------------------------------------------


def definition_upload(*, actor: Any, bpmn_xml: str | bytes, note: str = "") -> ProcessDefinition:
    """Validate and store a process definition as the next version of its key.

    ``actor=None`` is a trusted system path (CLI, demo loader). Uploading the text of the
    current version again changes nothing and returns it.
    """
    if actor is not None:
        require(actor, DEFINITION_MANAGE)
    process = parse_process(bpmn_xml, resolve_department=resolve_department)
    text = bpmn_xml.decode("utf-8") if isinstance(bpmn_xml, bytes) else bpmn_xml
    try:
        with transaction.atomic():
            current = (
                ProcessDefinition.objects.select_for_update()
                .filter(key=process.key, is_current=True)
                .first()
            )
            if current is not None and current.sha256 == process.sha256:
                return current
            last = (
                ProcessDefinition.objects.filter(key=process.key)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
            )
            if current is not None:
                ProcessDefinition.objects.filter(pk=current.pk).update(is_current=False)
            definition = ProcessDefinition.objects.create(
                key=process.key, version=(last or 0) + 1, name=process.name[:200],
                bpmn_xml=text, sha256=process.sha256, is_current=True, note=note[:300],
                uploaded_by=actor,
            )  # fmt: skip
            audit_record(
                action="approvals.definition.upload", target=definition, actor=actor,
                summary=f"{definition.key} v{definition.version}",
                changes={"version": [current.version if current else None, definition.version]},
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(_("同一流程正被他人同时上传，请重试"), code="definition-conflict") from None
    with _CACHE_LOCK:
        _CACHE[definition.pk] = (definition.sha256, process)
    return definition


def shipped_xml(key: str) -> str:
    return (SHIPPED_DIR / f"{key}.bpmn").read_text(encoding="utf-8")


def definitions_load_shipped(*, actor: Any = None, keys=SHIPPED_KEYS) -> list[ProcessDefinition]:
    """Load the process definitions that ship with yiwang (idempotent)."""
    return [definition_upload(actor=actor, bpmn_xml=shipped_xml(key), note="shipped")
            for key in keys]  # fmt: skip
