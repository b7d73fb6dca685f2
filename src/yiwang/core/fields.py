"""Model field types for personal information (DESIGN §2, core)."""

from __future__ import annotations

from django.core import checks
from django.db import models

from yiwang.core import pii


class EncryptedTextField(models.TextField):
    """Stores SM4-GCM ciphertext; Python code sees plaintext.

    The database never holds the plaintext, so it cannot be searched; pair the field with a
    blind index column (``pii.blind_index``) set by the service for exact lookups.
    """

    description = "Text encrypted at rest with SM4-GCM"

    def __init__(self, *args, plaintext_max_length: int | None = None, **kwargs):
        self.plaintext_max_length = plaintext_max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length is not None:
            kwargs["plaintext_max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.db_index:
            errors.append(
                checks.Error(
                    "Encrypted fields cannot be unique or indexed; index a blind index instead.",
                    obj=self,
                    id="yiwang.E001",
                )
            )
        return errors

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return pii.decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return pii.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in {"isnull"}:
            return None  # searching ciphertext is meaningless; refuse rather than mislead
        return super().get_lookup(lookup_name)

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", self.plaintext_max_length)
        return super().formfield(**kwargs)
