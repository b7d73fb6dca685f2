"""Settings for the test suite: the real settings, a throwaway data folder, cheap hashing."""

import os
import tempfile

os.environ.setdefault("YIWANG_ENV", "test")
os.environ.setdefault("YIWANG_DATA_DIR", tempfile.mkdtemp(prefix="yiwang-test-"))
os.environ.setdefault("YIWANG_TASK_BACKEND", "immediate")

from yiwang.settings import *  # noqa: F403

# Argon2 stays the hasher under test; only its cost is lowered so the suite stays fast.
PASSWORD_HASHERS = ["yiwang.core.hashers.FastArgon2PasswordHasher"]
YIWANG_SMS_FILE = DATA_DIR / "outbox" / "sms.jsonl"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
