from yiwang.catalog.models.bundles import Bundle, BundleItem, BundleStatus
from yiwang.catalog.models.items import (
    Audience,
    Channel,
    ItemLevel,
    ItemMaterial,
    ItemStatus,
    ItemStatusChange,
    ItemType,
    ServiceItem,
    SpecialStep,
)

__all__ = [
    "Audience", "Bundle", "BundleItem", "BundleStatus", "Channel", "ItemLevel", "ItemMaterial",
    "ItemStatus", "ItemStatusChange", "ItemType", "ServiceItem", "SpecialStep",
]  # fmt: skip
