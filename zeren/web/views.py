"""The home page: the public introduction, or each signed-in user's own work first (``home.panels``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zeren.regulations.selectors import regulations_with_current_version

from .home import panels


def _year(request: HttpRequest, today_year: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today_year + 1 else today_year


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"regulations": regulations_with_current_version()}
    if request.user.is_authenticated:
        today = timezone.localdate()
        context["today"] = today
        context.update(
            panels(request.user, today, year=_year(request, today.year), query=request.GET.get("q", ""))
        )
    return render(request, "web/home.html", context)
