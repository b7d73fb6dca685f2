"""REST API of the names app at /api/v1/names."""

from ninja import Router

router = Router(tags=["names"])
