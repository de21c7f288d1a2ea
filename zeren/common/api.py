"""One translation of refusals into JSON for every API router.

A service's ``ZerenError`` answers ``{"detail": "<code>: <message>", "code", "message", "field"}``
with the error's ``http_status``; ``PermissionDenied`` answers 403 with its Chinese message. Routers
no longer catch these themselves.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from .errors import ZerenError


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every ``ZerenError`` raised in an API endpoint with its status, code and Chinese message."""

    @api.exception_handler(ZerenError)
    def refused(request: HttpRequest, exc: ZerenError) -> HttpResponse:
        body = {"detail": f"{exc.code}: {exc.message}", **exc.as_dict()}
        return api.create_response(request, body, status=exc.http_status)

    @api.exception_handler(DataError)
    def unstorable(request: HttpRequest, exc: DataError) -> HttpResponse:
        """Input the database cannot hold (a NUL character, a number out of the column's range): 422."""
        return api.create_response(
            request, {"detail": "输入含有数据库无法保存的内容（如 NUL 字符或超出范围的数值）"}, status=422
        )

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "无权执行该操作"}, status=403)
