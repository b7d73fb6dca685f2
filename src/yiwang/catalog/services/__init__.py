"""Every write of the catalog app (docs/CONTRACTS.md, section "catalog")."""

from yiwang.catalog.services.bundles import bundle_save
from yiwang.catalog.services.items import DOC_TYPE, item_create, item_update
from yiwang.catalog.services.lifecycle import TRANSITIONS, allowed_targets, item_change_status

__all__ = [
    "DOC_TYPE", "TRANSITIONS", "allowed_targets", "bundle_save", "item_change_status",
    "item_create", "item_update",
]  # fmt: skip
