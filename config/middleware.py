"""Request hardening middleware: refuse an oversized body before reading it, and a Content-Security-Policy.

``RequestBodyLimitMiddleware`` answers 413 from the declared ``Content-Length`` alone, so a 200 MB upload
is refused before Django reads a byte of it (the evidence limit, 20 MB, is checked again on the file
itself); ``LimitedUploadHandler`` stops a body without a declared length (chunked) at the same limit.

``ContentSecurityPolicyMiddleware`` sets ``settings.ZEREN_CSP`` on every response that has no policy of its
own (downloads set a stricter one). Scripts come only from our own static files (htmx, zeren.js): no inline
script or event-handler attribute is allowed. Inline ``<style>`` blocks remain in a few print templates, so
styles allow 'unsafe-inline'.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]


def body_limit() -> int:
    return int(settings.ZEREN_MAX_REQUEST_BYTES)


def _too_large(request: HttpRequest, declared: int) -> HttpResponse:
    limit_mb = body_limit() // (1024 * 1024)
    message = (
        f"提交的内容过大（{declared / (1024 * 1024):.0f} MB），上限为 {limit_mb} MB；请压缩或拆分文件后重试。"
    )
    if request.path.startswith("/api/"):
        body = json.dumps({"detail": message, "code": "request_too_large"}, ensure_ascii=False)
        return HttpResponse(body, status=413, content_type="application/json; charset=utf-8")
    page = (
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>内容过大</title></head>'
        f"<body><h1>提交的内容过大</h1><p>{message}</p><p>请返回上一页。</p>"
        "</body></html>"
    )
    response = HttpResponse(page, status=413, content_type="text/html; charset=utf-8")
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            declared = int(raw)
        except ValueError:
            declared = 0
        if declared > body_limit():
            return _too_large(request, declared)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: stops a multipart body once its files pass the request limit."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > body_limit():
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "ZEREN_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
