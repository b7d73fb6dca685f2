"""One user model for citizens, enterprises, staff and systems, with real-name profiles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.fields import EncryptedTextField
from yiwang.core.models import TimeStampedModel


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("自然人")
    ENTERPRISE = "enterprise", _("法人")
    STAFF = "staff", _("工作人员")
    SYSTEM = "system", _("对接系统")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, password=None, **extra):
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **extra):
        extra.setdefault("kind", UserKind.STAFF)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(_("登录名"), max_length=64, unique=True)
    kind = models.CharField(_("用户类型"), max_length=12, choices=UserKind.choices)
    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = EncryptedTextField(_("手机号码"), blank=True, plaintext_max_length=11)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(_("可进入系统管理"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)
    preferred_language = models.CharField(_("界面语言"), max_length=10, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind == UserKind.STAFF

    def permission_owner_id(self) -> int:
        return self.pk

    def permission_department_ids(self) -> list[int]:
        """Staff belong to their departments; citizens and enterprises to none."""
        if self.kind in (UserKind.STAFF, UserKind.SYSTEM):
            return list(
                self.memberships.filter(is_active=True).values_list("department_id", flat=True)
            )
        return []


class CitizenProfile(TimeStampedModel):
    """Real-name data of a natural person. ID number encrypted; blind index for lookups."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_profile")
    real_name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("居民身份证号码"), plaintext_max_length=18)
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    verified_at = models.DateTimeField(_("实名核验时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("自然人实名信息")
        verbose_name_plural = _("自然人实名信息")

    def __str__(self) -> str:
        return self.real_name


class EnterpriseProfile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="enterprise_profile")
    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("法人信息")
        verbose_name_plural = _("法人信息")

    def __str__(self) -> str:
        return self.name


class ApiKey(TimeStampedModel):
    """A key for another system. Only a hash is stored; the key is shown once at creation.

    The key acts as its service account (a user of kind SYSTEM) so the one permission
    function governs systems and people alike.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    account = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_keys")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 密钥")
        verbose_name_plural = _("API 密钥")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
