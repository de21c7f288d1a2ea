"""Navigation flags for the base template, computed once per request."""

from __future__ import annotations

from django.http import HttpRequest

from zeren.audit.permissions import can_view_audit


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"nav_can_audit": bool(user and user.is_authenticated and can_view_audit(user))}
