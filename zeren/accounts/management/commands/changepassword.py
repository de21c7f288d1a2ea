"""``zeren manage changepassword``, audited: the new password and its event are written in one transaction."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from zeren.audit.services import record_event


class Command(changepassword.Command):
    help = "修改用户密码（写入审计日志）"

    def handle(self, *args: Any, **options: Any) -> str:
        database = options["database"]
        username = options["username"] or getpass.getuser()
        with transaction.atomic(using=database):
            result = super().handle(*args, **options)
            user = get_user_model()._default_manager.db_manager(database).get_by_natural_key(username)
            record_event(
                actor=None,
                action="accounts.set_password",
                obj=user,
                after={"username": username},
                note="zeren manage changepassword",
            )
        return str(result)
