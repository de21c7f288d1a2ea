"""The inbox badge: the logged-in user's unread notice count (one indexed COUNT per page)."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Notice


def inbox(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread_notices": Notice.objects.filter(user=user, read_at__isnull=True).count()}
