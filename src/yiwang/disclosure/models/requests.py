"""依申请公开: requests for government information under the statutory clock.

Applicant types are the columns of the annual report's part 3 (自然人 and the five kinds of
法人或其他组织); outcomes are its rows (``yiwang.disclosure.outcomes``). Personal data (the
applicant's ID number, phone, address, e-mail) is encrypted at rest; the phone also has a
blind index so the public tracking page can check it without decrypting every row.

Clock facts are stored as dates; ``yiwang.disclosure.clock`` turns them into the due date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.fields import EncryptedTextField
from yiwang.core.models import TimeStampedModel, VersionedModel


class ApplicantType(models.TextChoices):
    NATURAL = "natural", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    WELFARE = "welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


ORGANISATION_TYPES = (
    ApplicantType.COMMERCIAL,
    ApplicantType.RESEARCH,
    ApplicantType.WELFARE,
    ApplicantType.LEGAL_SERVICE,
    ApplicantType.OTHER_ORG,
)


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他有效身份证件")


class ProvideForm(models.TextChoices):
    """所需信息的指定提供方式."""

    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    DISC = "disc", _("光盘")
    DISK = "disk", _("磁盘")
    OTHER = "other", _("其他")


class ReceiveWay(models.TextChoices):
    """获取信息的方式."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网上获取")


class RequestChannel(models.TextChoices):
    WEB = "web", _("网上申请")
    LETTER = "letter", _("信函申请")
    VISIT = "visit", _("当面申请")
    FAX = "fax", _("传真申请")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    PROCESSING = "processing", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待申请人补正")
    CONSULTING = "consulting", _("征求意见中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已终止")  # not answered on the merits: 视为放弃 and the like


OPEN_STATUSES = frozenset(
    {
        RequestStatus.SUBMITTED,
        RequestStatus.PROCESSING,
        RequestStatus.AWAITING_CORRECTION,
        RequestStatus.CONSULTING,
    }
)


class ExtensionState(models.TextChoices):
    NONE = "", _("未申请")
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ClockState(models.TextChoices):
    OK = "ok", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


class RequestCounter(models.Model):
    """Per-year sequence behind request numbers (YSQ-2026-000123)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)


class DisclosureRequest(TimeStampedModel, VersionedModel):
    number = models.CharField(_("申请编号"), max_length=32, unique=True)
    channel = models.CharField(
        _("申请方式"), max_length=10, choices=RequestChannel.choices, default=RequestChannel.WEB
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("受理机关"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="disclosure_requests",
    )  # fmt: skip

    # who asks: a natural person or an organisation (annual-report sub-type)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    name = models.CharField(_("姓名/名称"), max_length=200)
    id_type = models.CharField(_("证件类型"), max_length=12, choices=IdType.choices, blank=True)
    id_number = EncryptedTextField(_("证件号码"), blank=True, plaintext_max_length=30)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"), plaintext_max_length=20)
    phone_index = models.CharField(max_length=64, db_index=True, editable=False)
    email = EncryptedTextField(_("电子邮箱"), blank=True, plaintext_max_length=254)
    address = EncryptedTextField(_("通信地址"), blank=True, plaintext_max_length=200)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # what is asked for
    description = models.TextField(_("所需信息内容描述"))
    document_title = models.CharField(_("文件名称"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    purpose = models.TextField(_("用途（选填）"), blank=True)
    provide_form = models.CharField(
        _("提供方式"), max_length=10, choices=ProvideForm.choices, default=ProvideForm.EMAIL
    )
    receive_way = models.CharField(
        _("获取方式"), max_length=10, choices=ReceiveWay.choices, default=ReceiveWay.EMAIL
    )

    status = models.CharField(
        _("状态"), max_length=24, choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED, db_index=True,
    )  # fmt: skip

    # the clock (see yiwang.disclosure.clock): dates, local
    submitted_on = models.DateField(_("提交日期"), db_index=True)
    clock_received_on = models.DateField(_("收到申请日期"), help_text=_("补正后为收到补正申请之日"))
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    clock_state = models.CharField(
        _("期限状态"), max_length=10, choices=ClockState.choices, default=ClockState.OK
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    correction_notice_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    correction_items = models.TextField(_("需要补正的事项"), blank=True)
    corrected_on = models.DateField(_("补正日期"), null=True, blank=True)
    correction_text = models.TextField(_("补正内容"), blank=True)

    extension_state = models.CharField(
        _("延期状态"), max_length=10, choices=ExtensionState.choices, blank=True, default=""
    )
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    extension_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    extension_decided_on = models.DateField(null=True, blank=True)

    # the answer
    outcome = models.CharField(_("办理结果"), max_length=32, blank=True, db_index=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    notice_text = models.TextField(_("告知内容"), blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["department", "status"], name="disclosure_req_dept_status"),
            models.Index(fields=["status", "due_on"], name="disclosure_req_status_due"),
        ]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        return self.number

    def permission_owner_id(self) -> int | None:
        return self.applicant_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL


class PauseKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("征求第三方意见")
    OTHER_AGENCY = "other_agency", _("征求其他机关意见")


class RequestPause(models.Model):
    """A consultation during which the clock does not run (条例第三十二条, at most 15 working
    days each). ``ended_on`` empty: still waiting for the opinion."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("类型"), max_length=16, choices=PauseKind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    started_on = models.DateField(_("发出征求意见日期"))
    ended_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("意见摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")


class RequestEvent(models.Model):
    """The request's timeline, shown to staff and (``public`` rows) to the applicant."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    public = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
