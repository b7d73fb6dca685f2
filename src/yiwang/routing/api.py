"""REST API of the routing app at /api/v1/routing."""

from ninja import Router

router = Router(tags=["routing"])
