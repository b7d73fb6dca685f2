"""Personal information at rest: SM4-GCM encryption, keyed SM3 blind indexes, and masking.

YIWANG_PII_KEY holds one or more 32-byte keys in hex, newest first, optionally named:
``k2:<hex>,k1:<hex>``. New values are encrypted with the first; any listed key decrypts.
Blind indexes use a key derived from the last (oldest) entry so rotating the encryption key
does not invalidate lookups.
"""

from __future__ import annotations

import base64
import functools
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "sm4gcm"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@dataclass(frozen=True)
class _Key:
    kid: str
    master: bytes

    def derive(self, label: str) -> bytes:
        mac = hmac.HMAC(self.master, hashes.SM3())
        mac.update(label.encode())
        return mac.finalize()


def _parse_keys(raw: str) -> list[_Key]:
    keys = []
    for position, part in enumerate(p.strip() for p in raw.split(",") if p.strip()):
        kid, _, hexkey = part.rpartition(":")
        kid = kid or f"k{position}"
        try:
            master = bytes.fromhex(hexkey)
        except ValueError:
            master = b""
        if len(master) != 32:
            raise ImproperlyConfigured(
                "YIWANG_PII_KEY must be 64 hex characters (32 bytes) per key "
                "(YIWANG_PII_KEY 每个密钥须为 64 位十六进制字符)"
            )
        keys.append(_Key(kid, master))
    if not keys:
        raise ImproperlyConfigured("YIWANG_PII_KEY is empty (未设置 YIWANG_PII_KEY)")
    return keys


@functools.cache
def _keyring(raw: str) -> tuple[list[_Key], dict[str, bytes], bytes]:
    keys = _parse_keys(raw)
    enc = {k.kid: k.derive("yiwang/pii/sm4")[:16] for k in keys}
    index_key = keys[-1].derive("yiwang/pii/blind-index")
    return keys, enc, index_key


def _ring():
    return _keyring(settings.PII_KEY)


def encrypt(plaintext: str) -> str:
    keys, enc, _ = _ring()
    kid = keys[0].kid
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(enc[kid]), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(kid.encode())
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    blob = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}:{kid}:{blob}"


def decrypt(token: str) -> str:
    try:
        prefix, kid, blob = token.split(":", 2)
        raw = base64.b64decode(blob, validate=True)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    _, enc, _ = _ring()
    if prefix != PREFIX or kid not in enc or len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("unknown key or format")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc[kid]), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(kid.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError("integrity check failed") from exc


def normalize(value: str) -> str:
    """Canonical form for lookups: full-width to half-width, no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed SM3 (HMAC-SM3) of the normalised value: equal inputs match, nothing is revealed.

    ``purpose`` separates indexes so an ID-number index can never match a phone index.
    """
    _, _, index_key = _ring()
    mac = hmac.HMAC(index_key, hashes.SM3())
    mac.update(purpose.encode() + b"\x00" + normalize(value).encode("utf-8"))
    return mac.finalize().hex()


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


# --- masking for screens and exports ---------------------------------------------------------


def mask(value: str, *, keep_start: int, keep_end: int, char: str = "*") -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return char * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + char * hidden + (value[-keep_end:] if keep_end else "")


def mask_id_number(value: str) -> str:
    """110105199001011234 -> 110***********1234"""
    return mask(value, keep_start=3, keep_end=4)


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678"""
    return mask(value, keep_start=3, keep_end=4)


def mask_name(value: str) -> str:
    """张三丰 -> 张**; Alice -> A****"""
    return mask(value, keep_start=1, keep_end=0)
