"""主动公开: the catalogue tree (公开目录), publications and their attachments.

The annual report (国办公开办函〔2021〕30号, part 2) counts 规章 and 规范性文件 issued, repealed
and in force in a year, and the number of 行政许可/处罚/强制 decisions: ``doc_kind``,
``validity``/``validity_changed_on`` and ``decision_count`` on a node whose ``decision_kind``
is set are what it reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel, VersionedModel


class DecisionKind(models.TextChoices):
    """Catalogue entries whose publications carry a count of decisions for the annual report."""

    NONE = "", _("无")
    LICENSE = "license", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")


class CatalogueNode(TimeStampedModel):
    """A node of the disclosure catalogue (公开目录).

    Standard nodes (``department`` empty) are shared by every department; a department may add
    its own nodes below a standard one. ``path`` is a materialised path of codes
    (``/zdly/jiaoyu/``) so a node and its subtree are one prefix query.
    """

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级目录"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    department = models.ForeignKey(
        "org.Department", verbose_name=_("所属部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("空表示全市统一的标准目录"),
    )  # fmt: skip
    decision_kind = models.CharField(
        _("年报统计类别"), max_length=16, choices=DecisionKind.choices, default="", blank=True
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("公开目录")
        verbose_name_plural = _("公开目录")

    def __str__(self) -> str:
        return self.name


class DocKind(models.TextChoices):
    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("规范性文件")
    INTERPRETATION = "interpretation", _("政策解读")
    OTHER = "other", _("其他文件")


class Topic(models.TextChoices):
    """主题分类 (after the State Council's subject classification of official documents)."""

    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安全生产监管")
    URBAN = "urban", _("城乡建设、环境保护")
    SCIENCE = "science", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    SECURITY = "security", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    EFFECTIVE = "effective", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待保密审查")
    APPROVED = "approved", _("审查通过待发布")
    PUBLISHED = "published", _("已发布")
    REVOKED = "revoked", _("已撤销")
    EXPIRED = "expired", _("已过期")


class IndexSequence(models.Model):
    """Per department and year sequence behind 索引号 (``<dept code>/<year>-<seq:05d>``)."""

    department = models.ForeignKey("org.Department", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="disclosure_seq_unique")
        ]


class Publication(TimeStampedModel, VersionedModel):
    """A piece of government information published on the platform's own initiative."""

    index_number = models.CharField(
        _("索引号"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("标题"), max_length=200)
    body_html = models.TextField(_("正文"), blank=True)
    body_text = models.TextField(blank=True, editable=False)  # plain text, for search/feeds
    department = models.ForeignKey(
        "org.Department", verbose_name=_("发布机构"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    catalogue = models.ForeignKey(
        CatalogueNode, verbose_name=_("公开目录"), on_delete=models.PROTECT,
        related_name="publications",
    )  # fmt: skip
    document_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    topic = models.CharField(_("主题分类"), max_length=16, choices=Topic.choices)
    doc_kind = models.CharField(
        _("文件类型"), max_length=16, choices=DocKind.choices, default=DocKind.OTHER
    )
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.EFFECTIVE
    )
    effective_until = models.DateField(_("有效期至"), null=True, blank=True)
    validity_changed_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    decision_count = models.PositiveIntegerField(_("决定数量"), null=True, blank=True)
    interprets = models.ForeignKey(
        "self", verbose_name=_("所解读的文件"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="interpretations",
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=10, choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT, db_index=True,
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰稿人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审查人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    review_opinion = models.TextField(_("审查意见"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(_("撤销理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="disclosure_pub_status_date"),
            models.Index(fields=["department", "status"], name="disclosure_pub_dept_status"),
            models.Index(fields=["doc_kind", "validity"], name="disclosure_pub_kind_validity"),
        ]
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class PublicationAttachment(models.Model):
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="disclosure/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


EVENT_LABELS = {
    "create": _("创建草稿"),
    "update": _("修改草稿"),
    "attach": _("上传附件"),
    "detach": _("删除附件"),
    "submit": _("提交保密审查"),
    "approve": _("保密审查通过"),
    "return": _("退回修改"),
    "publish": _("发布"),
    "revoke": _("撤销发布"),
    "validity": _("变更有效性"),
    "expire": _("有效期届满，自动失效"),
}


class PublicationEvent(models.Model):
    """The publication's own history (who wrote, submitted, reviewed, published, revoked)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))
