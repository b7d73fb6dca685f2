"""The rule-based dispatch catalogue: category (and region) → lead and co-handling departments.

Also the fallback when a trained routing model is missing or broken (issue 4)."""

from __future__ import annotations

from yiwang.org.models import Department
from yiwang.tickets.models import Category, DispatchRule


def suggest_departments(
    category: Category | None, region_code: str = ""
) -> tuple[Department | None, list[Department]]:
    """The best rule for the category or its nearest ancestor: longest matching region
    prefix, then highest priority."""
    if category is None:
        return None, []
    chain = [int(pk) for pk in category.path.strip("/").split("/") if pk][::-1] or [category.pk]
    rules = list(
        DispatchRule.objects.filter(category_id__in=chain, is_active=True)
        .select_related("lead_department")
        .prefetch_related("co_departments")
    )
    region_code = region_code or ""
    best, best_key = None, None
    for rule in rules:
        if rule.region_prefix and not region_code.startswith(rule.region_prefix):
            continue
        depth = chain.index(rule.category_id)  # 0 = the category itself
        key = (-depth, len(rule.region_prefix), rule.priority)
        if best_key is None or key > best_key:
            best, best_key = rule, key
    if best is None:
        return None, []
    return best.lead_department, list(best.co_departments.all())
