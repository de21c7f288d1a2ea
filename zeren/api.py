"""The JSON API (django-ninja). OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from zeren.accidents.api import router as accidents_router
from zeren.accountability.api import router as accountability_router
from zeren.accounts.auth import api_auth
from zeren.assessment.api import router as assessment_router
from zeren.audit.api import router as audit_router
from zeren.catalog.api import router as catalog_router
from zeren.common.api import LocalTimeRenderer, install_error_handlers
from zeren.duties.api import router as duties_router
from zeren.obligations.api import router as obligations_router
from zeren.org.api import router as org_router
from zeren.regulations.api import router as regulations_router
from zeren.supervision.api import router as supervision_router
from zeren.web.errors import install_api_errors

api = NinjaAPI(
    title="Zeren API",
    version="1",
    description="责任 · 党政领导干部安全生产责任制系统（时间均为政策包时区，如 +08:00）",
    renderer=LocalTimeRenderer(),  # datetimes in the pack's time zone, not UTC
)
install_error_handlers(api)
install_api_errors(api)
api.add_router("/", regulations_router)
api.add_router("/", catalog_router)
api.add_router("/", org_router)
api.add_router("/", audit_router, auth=api_auth)  # the SIEM export runs with a token
api.add_router("/", duties_router)
api.add_router("/", obligations_router)
api.add_router("/", accidents_router)
api.add_router("/", accountability_router)
api.add_router("/", supervision_router)
api.add_router("/", assessment_router)
