"""What an applicant sees: the materials an item or bundle asks for, what in their library and
e-certificate library can satisfy each one, and their own applications."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yiwang.approvals.models.certificates import Certificate
from yiwang.approvals.models.materials import MaterialFile

_KIND_LABELS = {"pdf": "PDF", "jpg": "JPG", "jpeg": "JPG", "png": "PNG", "ofd": "OFD",
                "docx": "DOCX"}  # fmt: skip


@dataclass
class MaterialNeed:
    """One material to provide; a bundle asks once for what several of its items need."""

    code: str
    name: str
    required: bool
    original: bool = False
    copies: int = 1
    certificate_type: str = ""
    shared_data: str = ""
    accepts: list[str] = field(default_factory=list)
    description: str = ""
    item_codes: list[str] = field(default_factory=list)
    item_names: list[str] = field(default_factory=list)

    @property
    def accepts_label(self) -> str:
        labels = dict.fromkeys(_KIND_LABELS.get(k, k.upper()) for k in self.accepts)
        return "、".join(labels)


def _items_of(item: Any, bundle: Any) -> list[Any]:
    if bundle is not None:
        return list(bundle.ordered_items())
    return [item] if item is not None else []


def material_needs(*, item: Any = None, bundle: Any = None) -> list[MaterialNeed]:
    """The materials of an item, or of every item of a bundle asked once: the same code or
    the same name in two items is one material (材料一次提交)."""
    needs: list[MaterialNeed] = []
    by_key: dict[str, MaterialNeed] = {}
    for service_item in _items_of(item, bundle):
        for material in service_item.materials.all().order_by("sort_order", "pk"):
            need = by_key.get("code:" + material.code) or by_key.get("name:" + material.name)
            if need is None:
                need = MaterialNeed(
                    code=material.code,
                    name=material.name,
                    required=material.required,
                    original=material.original,
                    copies=material.copies,
                    certificate_type=material.certificate_type,
                    shared_data=material.shared_data,
                    accepts=material.accepted_kinds(),
                    description=material.description,
                )
                needs.append(need)
            else:
                need.required = need.required or material.required
                need.certificate_type = need.certificate_type or material.certificate_type
                need.shared_data = need.shared_data or material.shared_data
            by_key["code:" + material.code] = need
            by_key["name:" + material.name] = need
            if service_item.code not in need.item_codes:
                need.item_codes.append(service_item.code)
                need.item_names.append(service_item.name)
    return needs


def library_files(*, user: Any) -> QuerySet[MaterialFile]:
    return MaterialFile.objects.filter(owner=user, removed_at__isnull=True).order_by(
        "-created_at", "-pk"
    )


def usable_certificates(*, user: Any) -> QuerySet[Certificate]:
    """The holder's certificates that are neither revoked nor expired."""
    today = timezone.localdate()
    return (
        Certificate.objects.filter(holder=user, revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("department")
        .order_by("-issued_at", "-pk")
    )


@dataclass
class MaterialOffer:
    need: MaterialNeed
    files: list[MaterialFile]
    certificates: list[Certificate]
    default: str  # the pre-selected choice ("certificate:5", "file:12", "shared_data" or "")


def material_offers(*, user: Any, needs: list[MaterialNeed]) -> list[MaterialOffer]:
    """For each material, the library files made for it (same code or same material name)
    and the e-certificates that satisfy it. A certificate is chosen automatically, then
    shared data, then the newest matching file."""
    codes = {n.code for n in needs}
    names = {n.name for n in needs}
    files = list(
        library_files(user=user).filter(Q(material_code__in=codes) | Q(material_name__in=names))
    )
    cert_types = {n.certificate_type for n in needs if n.certificate_type}
    certificates = list(usable_certificates(user=user).filter(cert_type__in=cert_types))
    offers = []
    for need in needs:
        matching = [
            f for f in files if f.material_code == need.code or f.material_name == need.name
        ]
        certs = [
            c
            for c in certificates
            if need.certificate_type and c.cert_type == need.certificate_type
        ]
        if certs:
            default = f"certificate:{certs[0].pk}"
        elif need.shared_data:
            default = "shared_data"
        elif matching:
            default = f"file:{matching[0].pk}"
        else:
            default = ""
        offers.append(MaterialOffer(need, matching, certs, default))
    return offers


# --- the applicant's own applications and their timeline ------------------------------------


def my_applications(*, user: Any) -> QuerySet:
    """Applications the person made, or that staff made for them (代办), newest first."""
    from yiwang.approvals.models import Application

    return (
        Application.objects.filter(applicant=user)
        .select_related("item", "bundle", "department")
        .order_by("-submitted_at", "-pk")
    )


def my_application(*, user: Any, number: str) -> Any:
    from yiwang.approvals.services.progress import normalize_application_number

    return (
        my_applications(user=user)
        .filter(number=normalize_application_number(number))
        .select_related("agent")
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: Any
    label: str
    who: str  # a department, "申请人" or "代办人" — never a member of staff by name
    detail: str = ""
    kind: str = ""


def application_timeline(application: Any, *, public: bool = False) -> list[TimelineEntry]:
    """What happened to an application, oldest first. ``public``: the progress page for
    someone who proved only the phone — no opinions, no correction details."""
    from django.utils.translation import gettext as _

    from yiwang.approvals.models import ApprovalTask, ClockPause, Decision, Outcome, PauseKind

    entries = [
        TimelineEntry(
            application.submitted_at,
            _("提交申请"),
            _("代办人") if application.agent_id else _("申请人"),
            kind="submit",
        )
    ]
    tasks = (
        ApprovalTask.objects.filter(application=application)
        .select_related("department")
        .order_by("created_at", "pk")
    )
    for task in tasks:
        if task.decision == Decision.RETURN:
            continue  # every return is told from the notice rounds below
        if task.decision:
            label = f"{task.name}：{Decision(task.decision).label}"
            detail = ""
            if not public and task.opinion and task.decision in (
                Decision.NOT_ACCEPT, Decision.REJECT
            ):  # fmt: skip
                detail = task.opinion
            at = task.completed_at or task.updated_at
            entries.append(TimelineEntry(at, label, task.department.name, detail, "decision"))
        elif task.status == "open":
            entries.append(
                TimelineEntry(
                    task.created_at,
                    _("办理中：%(step)s") % {"step": task.name},
                    task.department.name,
                    kind="open",
                )
            )
    entries += _correction_entries(application)
    for pause in ClockPause.objects.filter(application=application, kind=PauseKind.SPECIAL):
        entries.append(
            TimelineEntry(
                pause.started_at,
                _("特殊环节：%(name)s") % {"name": pause.name},
                application.department.name,
                kind="special",
            )
        )
    if application.completed_at and application.status == "completed":
        outcome = Outcome(application.outcome).label if application.outcome else ""
        entries.append(
            TimelineEntry(
                application.completed_at,
                _("办结"),
                application.department.name,
                str(outcome),
                "complete",
            )
        )
    for cert in application.certificates.select_related("department").order_by("issued_at"):
        entries.append(
            TimelineEntry(
                cert.issued_at,
                _("签发电子证照：%(title)s") % {"title": cert.title},
                cert.department.name,
                kind="certificate",
            )
        )
    rating = getattr(application, "rating", None) if _has_rating(application) else None
    if rating is not None:
        entries.append(
            TimelineEntry(
                rating.created_at,
                _("申请人评价"),
                _("申请人"),
                str(rating.get_level_display()),
                "rate",
            )
        )
    return sorted(entries, key=lambda e: (e.at, e.kind == "open"))


def _correction_entries(application: Any) -> list[TimelineEntry]:
    """Each department's return for correction and each resubmission."""
    from datetime import datetime

    from django.utils.translation import gettext as _

    from yiwang.approvals.models import ClockPause, PauseKind
    from yiwang.approvals.services.corrections import notice_rounds

    entries = []
    for notice in notice_rounds(application):
        for returned in notice.get("returns") or [notice]:
            try:
                at = datetime.fromisoformat(returned.get("at", ""))
            except (TypeError, ValueError):
                continue
            label = _("%(step)s：退回补正") % {"step": returned.get("task", "")}
            entries.append(
                TimelineEntry(at, label, returned.get("department", ""),
                              _("请按一次性告知补正后重新提交"), "decision")
            )  # fmt: skip
    ended = ClockPause.objects.filter(application=application, kind=PauseKind.CORRECTION,
                                      ended_at__isnull=False)  # fmt: skip
    who = _("代办人") if application.agent_id else _("申请人")
    for pause in ended:
        entries.append(TimelineEntry(pause.ended_at, _("补正后重新提交"), who, kind="resubmit"))
    return entries


def _has_rating(application: Any) -> bool:
    from yiwang.approvals.models import ApplicationRating

    return ApplicationRating.objects.filter(application=application).exists()


def application_to_correct(*, user: Any, number: str) -> Any:
    """The application ``number`` when ``user`` may correct it: its applicant, or the member
    of staff who filed it for them (代办). None otherwise (whatever its status)."""
    from yiwang.approvals.models import Application
    from yiwang.approvals.services.progress import normalize_application_number

    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Application.objects.filter(Q(applicant=user) | Q(agent=user),
                                   number=normalize_application_number(number))
        .select_related("item", "bundle", "department", "applicant", "agent")
        .first()
    )  # fmt: skip
