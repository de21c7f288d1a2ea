"""The Django admin shows accounts read-only: every account, role or permission change is an audited service.

Django's own ``UserAdmin`` lets a superuser reset passwords, grant superuser status and edit groups and
permissions with nothing but ``django_admin_log`` to show for it. Here the admin lists accounts and shows
them, and nothing more; changes go through ``zeren user ...`` (``zeren.accounts.services``), which writes
an audit event in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django.contrib.auth.admin  # noqa: F401 - registers User and Group first, so they can be replaced
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest

User = get_user_model()

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = admin.ModelAdmin

for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class ReadOnlyUserAdmin(_ModelAdmin):
    list_display = ["username", "first_name", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["username", "first_name"]
    fields = ("username", "first_name", "is_active", "is_staff", "is_superuser", "last_login", "date_joined")
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        # the default admin for users adds <id>/password/; a read-only admin has only list and view
        return [u for u in super().get_urls() if "password" not in str(u.pattern)]
