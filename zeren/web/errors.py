"""Chinese error pages (400, 403, 404, 500, CSRF failure) that say what to do next, and the API's JSON
errors in Chinese (the ``detail`` key stays, so API clients keep working).

A message raised with the error (``PermissionDenied("您对该事故只有查看权限")``) is shown when it is written
for people (Chinese); Django's and libraries' English messages never reach the page.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

_CJK = re.compile(r"[\u4e00-\u9fff]")

PAGES: dict[int, dict[str, str]] = {
    400: {"title": "请求有误", "what": "提交的内容不完整或格式不对，系统无法处理。"},
    403: {"title": "无权访问", "what": "您的账号没有办理这一事项的权限。"},
    404: {"title": "页面不存在", "what": "要找的页面或记录不存在，或不在您可以查看的范围内。"},
    500: {"title": "系统出错", "what": "系统处理时出错，已记录在服务器日志中。"},
}
API_MESSAGES: dict[int, str] = {
    401: "未登录或令牌无效：请在 Authorization 头中提供有效的 Bearer 令牌",
    403: "无权办理该事项",
    404: "未找到，或您无权查看",
    429: "请求过于频繁，请稍后再试",
}


def people_message(exception: BaseException | None) -> str:
    """The exception's message when it is written for people (contains Chinese), else ``""``."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if _CJK.search(text) else ""


def _page(
    request: HttpRequest, status: int, exception: BaseException | None = None, **extra: Any
) -> HttpResponse:
    context = {**PAGES[status], "status": status, "message": people_message(exception), **extra}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 400, exception)


def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page renders without the database or context processors: they may be what failed."""
    return HttpResponse(loader.get_template("web/500.html").render({**PAGES[500], "status": 500}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the form was open too long or cookies are blocked."""
    return _page(request, 403, csrf=True, title="页面已过期")


# -- API ---------------------------------------------------------------------------------------------


def _api_error(request: HttpRequest, exc: Exception, api: NinjaAPI, status: int) -> HttpResponse:
    detail = people_message(exc) or API_MESSAGES[status]
    return api.create_response(request, {"detail": detail}, status=status)


def _api_http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    detail = people_message(exc) or API_MESSAGES.get(exc.status_code) or f"请求未能办理（{exc.status_code}）"
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def install_api_errors(api: NinjaAPI) -> None:
    """JSON errors in Chinese for the API: 401, 404 and every ``HttpError`` (``zeren.common.api`` handles
    the named errors and 403)."""
    api.add_exception_handler(Http404, partial(_api_error, api=api, status=404))
    api.add_exception_handler(AuthenticationError, partial(_api_error, api=api, status=401))
    api.add_exception_handler(HttpError, partial(_api_http_error, api=api))
