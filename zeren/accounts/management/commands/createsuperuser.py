"""``zeren manage createsuperuser``, audited: the account and its event are written in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction
from django.db.models import Max

from zeren.audit.services import record_event


class Command(createsuperuser.Command):
    help = "创建超级用户（写入审计日志；日常账户请用 `zeren user create`）"

    def handle(self, *args: Any, **options: Any) -> None:
        database = options["database"]
        users = get_user_model()._default_manager.db_manager(database)
        with transaction.atomic(using=database):
            last = users.aggregate(last=Max("pk"))["last"] or 0
            super().handle(*args, **options)
            for user in users.filter(pk__gt=last).order_by("pk"):
                record_event(
                    actor=None,
                    action="accounts.create_superuser",
                    obj=user,
                    after={"username": user.get_username(), "is_superuser": True, "is_staff": user.is_staff},
                    note="zeren manage createsuperuser",
                )
