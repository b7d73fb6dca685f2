"""Electronic certificates (电子证照) issued by the platform, signed with SM2."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yiwang.core.fields import EncryptedTextField


class Certificate(models.Model):
    """An issued certificate. ``signature`` covers the canonical form of the number, type,
    title, holder, data, issuing department and dates (``services.certificates.canonical``),
    so a change to any of them in the database is detected on verification."""

    number = models.CharField(_("证照编号"), max_length=40, unique=True)
    cert_type = models.CharField(_("证照类型"), max_length=40, db_index=True)
    title = models.CharField(_("证照名称"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("持证主体"), on_delete=models.PROTECT,
        related_name="certificates",
    )  # fmt: skip
    holder_name = models.CharField(_("持证主体名称"), max_length=200)
    # a citizen's ID number is personal data: kept encrypted, shown masked
    holder_identifier = EncryptedTextField(_("持证主体代码"), blank=True, plaintext_max_length=40)
    data = models.JSONField(_("证照信息"), default=dict, blank=True)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("发证机关"), on_delete=models.PROTECT,
        related_name="certificates_issued",
    )  # fmt: skip
    issued_at = models.DateTimeField(_("发证时间"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    application = models.ForeignKey(
        "approvals.Application", verbose_name=_("来源申请"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="certificates",
    )  # fmt: skip
    signature = models.CharField(_("SM2 签名"), max_length=200)
    public_key_id = models.CharField(_("签名密钥标识"), max_length=32)
    verify_code = models.CharField(_("核验码"), max_length=16)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("注销原因"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        indexes = [models.Index(fields=["holder", "cert_type"])]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def permission_owner_id(self) -> int:
        return self.holder_id

    def permission_department_ids(self) -> list[int]:
        return [self.department_id]
