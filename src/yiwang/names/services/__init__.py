"""Every write of the names app (re-exported here)."""

from yiwang.names.services.registry import (
    name_register,
    name_release,
    name_reserve,
    names_import,
    reservations_expire,
)
from yiwang.names.services.words import word_create, word_set_active, word_update, words_seed

__all__ = [
    "name_register", "name_release", "name_reserve", "names_import", "reservations_expire",
    "word_create", "word_set_active", "word_update", "words_seed",
]  # fmt: skip
