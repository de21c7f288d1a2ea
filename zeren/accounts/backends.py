"""Login hardening: failed logins are counted and audited; too many lock the username from that address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zeren.audit.permissions import READ_AUDIT

from . import services
from .models import Role
from .scope import has_role


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        if services.is_locked_out(username, client_ip(request)):
            services.record_login_failure(username=username, ip=client_ip(request), locked=True)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            services.record_login_failure(username=username, ip=client_ip(request))
        else:
            services.record_login(user=user, ip=client_ip(request))
        return user

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        """Reading the audit trail follows the audit-administrator role only, never a Django permission."""
        if perm == READ_AUDIT:
            return bool(getattr(user_obj, "is_active", False)) and has_role(user_obj, Role.AUDITADMIN)
        return super().has_perm(user_obj, perm, obj)
