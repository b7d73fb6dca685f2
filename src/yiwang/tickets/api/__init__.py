"""REST API for tickets at /api/v1/tickets (routers are added by the submodules)."""

from ninja import Router

router = Router(tags=["tickets"])
