"""Settings, configured entirely from environment variables.

YIWANG_ENV selects the mode:
- ``development`` (default): the embedded platform. Secrets are generated once into the data
  folder so a second run reuses the same database, sessions and encrypted data.
- ``production``: every secret and host must be given; a missing one stops start-up with a
  message naming the variable.
- ``test``: used by the test suite (see settings_test).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from yiwang.core.config import env_bool, env_int, env_list, load_or_create_local_secrets

ENV = os.environ.get("YIWANG_ENV", "development").strip().lower()
if ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"YIWANG_ENV must be development, production or test, not {ENV!r} "
        f"(YIWANG_ENV 只能是 development、production 或 test)"
    )
PRODUCTION = ENV == "production"

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("YIWANG_DATA_DIR", "./var")).resolve()

_missing: list[str] = []


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        _missing.append(name)
    return value


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    PII_KEY = _required("YIWANG_PII_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        _missing.append("ALLOWED_HOSTS")
    DATABASE_URL = _required("DATABASE_URL")
    if _missing:
        raise ImproperlyConfigured(
            "Production settings are missing: " + ", ".join(_missing) + " "
            "(生产环境缺少必需的环境变量: " + ", ".join(_missing) + ")"
        )
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be a random value of at least 50 characters "
            "(SECRET_KEY 必须是至少 50 个字符的随机值)"
        )
else:
    _local = load_or_create_local_secrets(DATA_DIR) if ENV == "development" else {}
    SECRET_KEY = os.environ.get("SECRET_KEY") or _local.get("SECRET_KEY") or "test-" + "x" * 60
    PII_KEY = os.environ.get("YIWANG_PII_KEY") or _local.get("YIWANG_PII_KEY") or "00" * 32
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]", "testserver"]
    DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()

DEBUG = env_bool("YIWANG_DEBUG", default=False) and not PRODUCTION

# --- applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    # bounded contexts, in dependency order (DESIGN §2)
    "yiwang.core",
    "yiwang.workcal",
    "yiwang.audit",
    "yiwang.notify",
    "yiwang.search",
    "yiwang.routing",
    "yiwang.org",
    "yiwang.accounts",
    "yiwang.catalog",
    "yiwang.tickets",
    "yiwang.approvals",
    "yiwang.names",
    "yiwang.disclosure",
    # web shell
    "yiwang.portal",
    "yiwang.workbench",
    # demo city and `yiwang demo`: only calls the apps above, so it comes last
    "yiwang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yiwang.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yiwang.core.middleware.RequestUserContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yiwang.urls"
WSGI_APPLICATION = "yiwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yiwang.portal.context_processors.site",
            ],
        },
    },
]

# --- database --------------------------------------------------------------------------------
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = dj_database_url.parse(f"sqlite:///{DATA_DIR / 'yiwang.sqlite3'}")

if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" on lock upgrade.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "YIWANG_DB_POOL", default=PRODUCTION
):
    _db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 10}
    _db["CONN_MAX_AGE"] = 0

DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- identity and passwords -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yiwang.accounts.backends.UsernameOrPhoneBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"

AXES_FAILURE_LIMIT = env_int("YIWANG_LOGIN_FAILURE_LIMIT", default=5)
YIWANG_LOGIN_LOCKOUT_MINUTES = env_int("YIWANG_LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = YIWANG_LOGIN_LOCKOUT_MINUTES / 60  # hours, as django-axes expects
# Lock the account, not the address: a call centre or a ward office shares one NAT address,
# and locking it would stop every operator at once.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yiwang.accounts.views.auth.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = os.environ.get("YIWANG_SITE_NAME", "示范市一网")

# --- internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
TIME_ZONE = os.environ.get("YIWANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True  # serve app static folders directly: no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- background tasks -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
TASK_BACKEND = os.environ.get("YIWANG_TASK_BACKEND", "rq" if REDIS_URL else "db").strip()
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "YIWANG_TASK_BACKEND=rq needs REDIS_URL (使用 rq 任务后端需要设置 REDIS_URL)"
        )
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- cache and sessions -----------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- e-mail and SMS ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "YIWANG_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "outbox" / "email"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@yiwang.localhost")

YIWANG_SMS_BACKEND = os.environ.get("YIWANG_SMS_BACKEND", "file")  # file | http
YIWANG_SMS_FILE = DATA_DIR / "outbox" / "sms.jsonl"
YIWANG_SMS_URL = os.environ.get("YIWANG_SMS_URL", "")
YIWANG_SMS_BODY_TEMPLATE = os.environ.get(
    "YIWANG_SMS_BODY_TEMPLATE", '{"mobile": "{phone}", "content": "{text}"}'
)
YIWANG_SMS_SIGNATURE = os.environ.get("YIWANG_SMS_SIGNATURE", "【示范市12345】")

# --- site identity (DESIGN §5: 政府网站发展指引) ---------------------------------------------
YIWANG_SITE = {
    "name": os.environ.get("YIWANG_SITE_NAME", "示范市人民政府"),
    "name_en": os.environ.get("YIWANG_SITE_NAME_EN", "Shifan Municipal People's Government"),
    "sponsor": os.environ.get("YIWANG_SITE_SPONSOR", "示范市人民政府办公室"),
    "contact_phone": os.environ.get("YIWANG_SITE_PHONE", "12345"),
    "contact_address": os.environ.get("YIWANG_SITE_ADDRESS", "示范市人民大道1号"),
    "site_code": os.environ.get("YIWANG_SITE_CODE", "9901000001"),
    "icp": os.environ.get("YIWANG_SITE_ICP", "示ICP备00000000号"),
    "police_record": os.environ.get("YIWANG_SITE_POLICE", "示公网安备 99010002000001号"),
}

# Open311 GeoReport v2: the jurisdiction_id clients may send (the demo city's region code)
YIWANG_OPEN311_JURISDICTION = os.environ.get("YIWANG_OPEN311_JURISDICTION", "339900")
# 12345 查重: merge an exact repeat (same text and district, same requester or place) into the
# open ticket automatically; a city's policy decision, so off unless switched on
YIWANG_DUPLICATE_AUTO_MERGE = env_bool("YIWANG_DUPLICATE_AUTO_MERGE", default=False)

# --- security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yiwang.portal.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
YIWANG_TRUSTED_PROXY_COUNT = env_int("YIWANG_TRUSTED_PROXY_COUNT", default=0)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("YIWANG_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("YIWANG_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("YIWANG_BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("YIWANG_LOG_LEVEL", "WARNING")},
    "loggers": {"yiwang": {"level": os.environ.get("YIWANG_LOG_LEVEL", "INFO")}},
}
