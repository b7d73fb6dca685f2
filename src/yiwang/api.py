"""The platform's REST API at /api/v1: one NinjaAPI, each context app adds its router."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from yiwang.accounts.api import router as accounts_router
from yiwang.accounts.api_auth import ApiKeyAuth, SessionAuth
from yiwang.approvals.api import router as approvals_router
from yiwang.audit.api import router as audit_router
from yiwang.catalog.api import router as catalog_router
from yiwang.core import api_errors
from yiwang.core.api import router as core_router
from yiwang.disclosure.api import router as disclosure_router
from yiwang.names.api import router as names_router
from yiwang.notify.api import router as notify_router
from yiwang.org.api import router as org_router
from yiwang.routing.api import router as routing_router
from yiwang.tickets.api import router as tickets_router
from yiwang.workcal.api import router as workcal_router

api = NinjaAPI(
    title="yiwang API",
    version="1",
    description=str(
        _(
            "一网 yiwang 政务平台接口。系统用 API 密钥（X-API-Key 或 Authorization: Bearer），"
            "浏览器用会话。错误均为 RFC 9457 problem+json。"
        )
    ),
    docs_url="/docs",
    auth=[ApiKeyAuth(), SessionAuth()],
    urls_namespace="api-v1",
)
api_errors.install(api)

api.add_router("/", core_router)
api.add_router("/accounts", accounts_router)
api.add_router("/org", org_router)
api.add_router("/calendar", workcal_router)
api.add_router("/audit", audit_router)
api.add_router("/notifications", notify_router)
api.add_router("/tickets", tickets_router)
api.add_router("/routing", routing_router)
api.add_router("/catalog", catalog_router)
api.add_router("/approvals", approvals_router)
api.add_router("/names", names_router)
api.add_router("/disclosure", disclosure_router)
