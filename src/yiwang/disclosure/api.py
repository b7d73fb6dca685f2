"""REST API of the disclosure app at /api/v1/disclosure."""

from ninja import Router

router = Router(tags=["disclosure"])
