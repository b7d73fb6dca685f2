"""SM2 signatures (GB/T 32918, SM3 digest with the standard signer ID) for e-certificates.

The platform's key pair comes from ``YIWANG_SM2_PRIVATE_KEY`` (64 hex digits) or, on the
embedded platform, is made once and kept in the data folder (``sm2-signing.json``, owner-only),
the way ``load_or_create_local_secrets`` keeps the other secrets. A key id — the first 16 hex
digits of the SM3 hash of the public key — is recorded with every signature, so a later key
roll-over still verifies old certificates as long as their public key is kept
(``YIWANG_SM2_EXTRA_PUBLIC_KEYS``: ``id:hex,id:hex``, or the ``retired`` list in the file).

gmssl is used for the curve arithmetic only: its random numbers come from ``random`` and its
constructor mangles some public keys, so nonces and keys are drawn here with ``secrets`` and
the public key is set after construction.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from gmssl import sm2, sm3

_N = int(sm2.default_ecc_table["n"], 16)
KEY_FILE = "sm2-signing.json"


@dataclass(frozen=True)
class KeyPair:
    private_key: str  # 64 hex digits
    public_key: str  # 128 hex digits: x || y, without the 04 prefix
    key_id: str


def _crypt(private_key: str, public_key: str) -> sm2.CryptSM2:
    crypt = sm2.CryptSM2(private_key=private_key, public_key="00" * 64)
    crypt.public_key = public_key  # the constructor's lstrip("04") would eat leading digits
    return crypt


def public_key_of(private_key: str) -> str:
    crypt = _crypt(private_key, "00" * 64)
    return crypt._kg(int(private_key, 16), sm2.default_ecc_table["g"])


def key_id_of(public_key: str) -> str:
    return sm3.sm3_hash(list(bytes.fromhex(public_key)))[:16]


def _pair(private_key: str) -> KeyPair:
    private_key = private_key.strip().lower()
    if len(private_key) != 64 or not all(c in "0123456789abcdef" for c in private_key):
        raise ImproperlyConfigured(
            "YIWANG_SM2_PRIVATE_KEY must be 64 hex digits (SM2 私钥必须是 64 位十六进制数)"
        )
    if not 0 < int(private_key, 16) < _N - 1:
        raise ImproperlyConfigured("YIWANG_SM2_PRIVATE_KEY is out of range (SM2 私钥超出范围)")
    public_key = public_key_of(private_key)
    return KeyPair(private_key, public_key, key_id_of(public_key))


def generate_private_key() -> str:
    return f"{secrets.randbelow(_N - 2) + 1:064x}"


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _load_or_create_file() -> dict:
    path = _key_file()
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"private_key": generate_private_key(), "retired": {}}
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(values, fh)
    try:  # two processes starting at once: the first file wins, both use it
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def signing_key() -> KeyPair:
    configured = os.environ.get("YIWANG_SM2_PRIVATE_KEY", "").strip()
    if configured:
        return _pair(configured)
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "Production needs YIWANG_SM2_PRIVATE_KEY to sign certificates "
            "(生产环境签发电子证照需要设置 YIWANG_SM2_PRIVATE_KEY)"
        )
    return _pair(_load_or_create_file()["private_key"])


@lru_cache(maxsize=1)
def known_public_keys() -> dict[str, str]:
    """key id → public key, for every key whose signatures we still accept."""
    current = signing_key()
    keys = {current.key_id: current.public_key}
    if not os.environ.get("YIWANG_SM2_PRIVATE_KEY", "").strip() and _key_file().exists():
        retired = json.loads(_key_file().read_text(encoding="utf-8")).get("retired") or {}
        keys.update({str(k): str(v) for k, v in retired.items()})
    for entry in os.environ.get("YIWANG_SM2_EXTRA_PUBLIC_KEYS", "").split(","):
        key_id, _sep, public_key = entry.strip().partition(":")
        if key_id and len(public_key) == 128:
            keys[key_id] = public_key.lower()
    return keys


def reset_caches() -> None:
    """After the key changed (tests, key roll-over)."""
    signing_key.cache_clear()
    known_public_keys.cache_clear()


def sign(message: bytes) -> tuple[str, str]:
    """(signature as 128 hex digits r || s, key id)."""
    key = signing_key()
    crypt = _crypt(key.private_key, key.public_key)
    while True:
        nonce = f"{secrets.randbelow(_N - 1) + 1:064x}"
        signature = crypt.sign_with_sm3(message, nonce)
        if signature:  # None for the (astronomically rare) r == 0 or s == 0
            return signature, key.key_id


def verify(message: bytes, signature: str, key_id: str) -> bool:
    """True only for a well-formed signature by a known key over exactly these bytes."""
    public_key = known_public_keys().get(key_id or "")
    if public_key is None or not isinstance(signature, str) or len(signature) != 128:
        return False
    try:
        r, s = int(signature[:64], 16), int(signature[64:], 16)
    except ValueError:
        return False
    if not (0 < r < _N and 0 < s < _N):
        return False
    try:
        return bool(_crypt("00" * 32, public_key).verify_with_sm3(signature, message))
    except (ValueError, TypeError):
        return False
