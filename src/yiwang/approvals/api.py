"""REST API of the approvals app at /api/v1/approvals."""

from ninja import Router

router = Router(tags=["approvals"])
