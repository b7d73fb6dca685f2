"""REST API of the catalog app at /api/v1/catalog."""

from ninja import Router

router = Router(tags=["catalog"])
