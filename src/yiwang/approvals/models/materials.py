"""The applicant's material library (材料一次提交、多次复用) and what each application used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialSource(models.TextChoices):
    UPLOADED = "uploaded", _("新上传")
    REUSED = "reused", _("复用材料库")
    CERTIFICATE = "certificate", _("电子证照")
    SHARED_DATA = "shared_data", _("共享数据")


def _material_path(instance: MaterialFile, filename: str) -> str:
    # the owner's id and the content hash: no applicant-chosen text reaches the file system
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{instance.owner_id}/{instance.sha256[:2]}/{instance.sha256}.{extension}"


class MaterialFile(models.Model):
    """One file in an applicant's library; the same content is kept once per owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("所有人"), on_delete=models.CASCADE,
        related_name="material_files",
    )  # fmt: skip
    name = models.CharField(_("文件名"), max_length=200)
    material_code = models.CharField(_("材料编码"), max_length=40, blank=True, db_index=True)
    material_name = models.CharField(_("材料名称"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=_material_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("文件类型"), max_length=100)
    kind = models.CharField(max_length=10)  # pdf, jpeg, png, ofd, docx
    size = models.PositiveIntegerField(_("大小（字节）"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    removed_at = models.DateTimeField(_("移出材料库时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("材料库文件")
        verbose_name_plural = _("材料库文件")
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="approvals_material_once")
        ]
        indexes = [models.Index(fields=["owner", "material_code"])]

    def __str__(self) -> str:
        return self.name


class ApplicationMaterial(models.Model):
    """How one required material of an application was provided, and from where."""

    application = models.ForeignKey(
        "approvals.Application", verbose_name=_("申请"), on_delete=models.CASCADE,
        related_name="materials",
    )  # fmt: skip
    item_material_code = models.CharField(_("材料编码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=200)
    item_codes = models.JSONField(_("所属事项"), default=list, blank=True)  # a bundle asks once
    material_file = models.ForeignKey(
        MaterialFile, verbose_name=_("材料文件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="uses",
    )  # fmt: skip
    certificate = models.ForeignKey(
        "approvals.Certificate", verbose_name=_("电子证照"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="uses",
    )  # fmt: skip
    shared_data = models.CharField(_("共享数据来源"), max_length=60, blank=True)
    source = models.CharField(_("来源"), max_length=12, choices=MaterialSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "item_material_code"], name="approvals_material_per_app"
            )
        ]

    def __str__(self) -> str:
        return self.name
