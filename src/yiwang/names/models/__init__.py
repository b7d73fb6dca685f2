from yiwang.names.models.registry import NameKey, NameStatus, RegisteredName
from yiwang.names.models.words import NameWord, WordCategory, WordKind

__all__ = ["NameKey", "NameStatus", "NameWord", "RegisteredName", "WordCategory", "WordKind"]
