"""A 12345 request and everything that happens to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.core.fields import EncryptedTextField
from yiwang.core.models import TimeStampedModel, VersionedModel
from yiwang.core.rating import RatingLevel  # the five 好差评 levels, shared with applications


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    UPPER = "upper", _("上级平台转办")
    OPEN311 = "open311", _("Open311 接口")
    API = "api", _("系统接口")


class TicketType(models.TextChoices):
    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


class Status(models.TextChoices):
    PENDING_DISPATCH = "pending_dispatch", _("待派单")
    PENDING_SIGN = "pending_sign", _("待签收")
    IN_PROGRESS = "in_progress", _("办理中")
    RETURN_REQUESTED = "return_requested", _("退单待审")
    PENDING_REVIEW = "pending_review", _("待审核")
    CLOSED = "closed", _("已办结")
    VISITED = "visited", _("已回访")
    RATED = "rated", _("已评价")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = frozenset(
    {
        Status.PENDING_DISPATCH,
        Status.PENDING_SIGN,
        Status.IN_PROGRESS,
        Status.RETURN_REQUESTED,
        Status.PENDING_REVIEW,
    }
)
FINISHED_STATUSES = frozenset({Status.CLOSED, Status.VISITED, Status.RATED})


class SlaState(models.TextChoices):
    OK = "ok", _("正常")
    WARNING = "warning", _("即将超期")
    OVERDUE = "overdue", _("已超期")


class Ticket(TimeStampedModel, VersionedModel):
    case_number = models.CharField(_("工单编号"), max_length=32, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=12, choices=Channel.choices)
    ticket_type = models.CharField(_("诉求类型"), max_length=12, choices=TicketType.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING_DISPATCH
    )
    subject = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("诉求内容"))
    category = models.ForeignKey(
        "tickets.Category", verbose_name=_("分类"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tickets",
    )  # fmt: skip
    address = models.CharField(_("地址"), max_length=255, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True, db_index=True)
    allow_publication = models.BooleanField(_("同意公开"), default=False)

    # who asked: an account, or a name and phone (phone encrypted, blind-indexed)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("诉求人账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="tickets",
    )  # fmt: skip
    requester_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    requester_phone = EncryptedTextField(_("联系电话"), blank=True, plaintext_max_length=20)
    requester_phone_index = models.CharField(max_length=64, blank=True, db_index=True)

    # where it came from
    external_source = models.CharField(_("外部来源"), max_length=50, blank=True)
    external_id = models.CharField(_("外部编号"), max_length=100, blank=True)
    recording_ref = models.CharField(_("录音编号"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    # who is responsible now: a department and, once signed, a named person
    suggested_department = models.ForeignKey(
        "org.Department", verbose_name=_("建议承办部门"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("主办部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    current_department = models.ForeignKey(
        "org.Department", verbose_name=_("当前责任部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("当前责任人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    previous_status = models.CharField(max_length=20, blank=True, editable=False)

    # milestones and deadlines (all deadlines computed with workcal)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    sign_deadline = models.DateTimeField(_("签收时限"), null=True, blank=True)
    handle_deadline = models.DateTimeField(_("办理时限"), null=True, blank=True)
    sla_state = models.CharField(
        _("时限状态"), max_length=10, choices=SlaState.choices, default=SlaState.OK
    )
    # when the SLA state next needs looking at (75% warning or 100% overdue); the sweep reads
    # only rows whose moment has come, through an index, instead of scanning open tickets
    sla_next_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_at = models.DateTimeField(_("超期时间"), null=True, blank=True)
    supervised = models.BooleanField(_("督办中"), default=False)
    urge_count = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并至"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_tickets",
    )  # fmt: skip
    reply_text = models.TextField(_("答复内容"), blank=True)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        indexes = [
            models.Index(fields=["status", "created_at"], name="ticket_status_created"),
            models.Index(fields=["current_department", "status"], name="ticket_dept_status"),
            models.Index(fields=["sla_next_at"], name="ticket_sla_next",
                         condition=Q(sla_next_at__isnull=False)),
            models.Index(fields=["status", "sla_state"], name="ticket_status_sla"),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="uniq_ticket_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # --- what the one permission function needs to know ---------------------------------

    def permission_department_ids(self) -> list[int]:
        ids = [self.current_department_id, self.lead_department_id]
        ids += [p.department_id for p in self.parties.all() if p.is_active]
        return list({i for i in ids if i is not None})

    def permission_owner_id(self) -> int | None:
        return self.requester_id


class PartyRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("协办")


class TicketParty(TimeStampedModel):
    """A department handling the ticket: the lead (主办) or a co-handler (协办)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="parties")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=8, choices=PartyRole.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    signed_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        indexes = [models.Index(fields=["department", "is_active"], name="party_dept_active")]


class TicketEvent(models.Model):
    """One step of the timeline: who did what, when, from which state to which, and why."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=32)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=True)  # shown on the citizen's tracking page
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("工单流转记录")
        verbose_name_plural = _("工单流转记录")


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        TicketEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to="tickets/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class ExtensionRequest(TimeStampedModel):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("延期工作日"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    new_deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")


class Rating(models.Model):
    """一事一评: one rating per handling round (a reopened ticket is rated again)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(_("评价"), choices=RatingLevel.choices)
    comment = models.TextField(_("评价内容"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    channel = models.CharField(max_length=12, blank=True)
    is_bad = models.BooleanField(default=False, db_index=True)
    rectify_deadline = models.DateTimeField(_("整改时限"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        unique_together = [("ticket", "round")]
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")


class CaseCounter(models.Model):
    """Per-day sequence behind case numbers (SF12345-20261121-000123)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class IdempotencyRecord(models.Model):
    """An Idempotency-Key seen on create: a retry returns the original ticket."""

    key = models.CharField(max_length=100)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    request_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("account", "key")]
