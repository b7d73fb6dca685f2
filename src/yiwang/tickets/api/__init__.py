"""REST API for tickets at /api/v1/tickets (routers are added by the submodules)."""

from ninja import Router

router = Router(tags=["tickets"])
router.add_router("/knowledge", "yiwang.tickets.api.knowledge.router")
# the ticket endpoints: list/create/detail (on this router), the channel webhooks, then one
# POST per lifecycle action
from yiwang.tickets.api import tickets as _tickets  # noqa: E402, F401

router.add_router("", "yiwang.tickets.api.channels.router")
router.add_router("", "yiwang.tickets.api.actions.router")
