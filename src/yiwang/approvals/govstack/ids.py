"""Stable GovStack identifiers for yiwang objects, and the mapping of statuses.

The spec wants UUIDs for services; a catalogue item is known by its code, so its serviceId
is a name-based UUID (RFC 9562 v5) of that code: the same on every installation, no table
to keep. An eForm's id also covers a digest of its schema, so a changed form gets a new id
and an old id stops resolving (404) instead of silently meaning another form.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from yiwang.approvals.models import ApplicationStatus, Decision, Outcome, TaskStatus

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://yiwang.dev/govstack/registration")


@dataclass(frozen=True)
class ServiceRef:
    kind: str  # "item" | "bundle"
    target: Any

    @property
    def code(self) -> str:
        return self.target.code


def service_id(kind: str, code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"service:{kind}:{code}"))


def schema_digest(schema: Any) -> str:
    text = json.dumps(schema or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def eform_id(kind: str, code: str, schema: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, f"eform:{kind}:{code}:{schema_digest(schema)}"))


def parse_uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except (TypeError, ValueError, AttributeError):
        return None


# statusModel.code: PENDING / APPROVED / SENDBACK / REJECTED
STATUS_TITLES = {"PENDING": "Pending", "APPROVED": "Approved", "SENDBACK": "Sent back",
                 "REJECTED": "Rejected"}  # fmt: skip


def status(code: str) -> dict[str, str]:
    return {"code": code, "title": STATUS_TITLES[code]}


def application_status(application: Any) -> dict[str, str]:
    if application.status == ApplicationStatus.CORRECTION:
        return status("SENDBACK")
    if application.status == ApplicationStatus.COMPLETED:
        approved = application.outcome in (Outcome.APPROVED, Outcome.PARTIAL, Outcome.NONE)
        return status("APPROVED" if approved else "REJECTED")
    if application.status in (ApplicationStatus.NOT_ACCEPTED, ApplicationStatus.WITHDRAWN):
        return status("REJECTED")
    return status("PENDING")


def task_status(task: Any) -> dict[str, str]:
    if task.status in (TaskStatus.OPEN,):
        return status("PENDING")
    if task.status == TaskStatus.WAITING or task.decision == Decision.RETURN:
        return status("SENDBACK")
    if task.decision in (Decision.ACCEPT, Decision.APPROVE):
        return status("APPROVED")
    return status("REJECTED")


# a GovStack client may send the statusModel codes as decisions; per step they mean:
DECISION_ALIASES = {
    "accept": {"APPROVED": Decision.ACCEPT, "REJECTED": Decision.NOT_ACCEPT,
               "SENDBACK": Decision.RETURN},
    "review": {"APPROVED": Decision.APPROVE, "REJECTED": Decision.REJECT,
               "SENDBACK": Decision.RETURN},
    "decide": {"APPROVED": Decision.APPROVE, "REJECTED": Decision.REJECT,
               "SENDBACK": Decision.RETURN},
}  # fmt: skip


def decision_for(step: str, value: Any) -> str:
    text = str(value or "").strip()
    return DECISION_ALIASES.get(step, {}).get(text.upper(), text.lower())
