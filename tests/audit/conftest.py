"""Personas and helpers for the audit tests.

Alice is the audit administrator (role ``auditadmin``), Bob a plain user, Carol a Django
superuser (who must NOT read the audit trail: the audit administrator is a separate role).
``attacker()`` is someone with write access to the database who goes around the application
(and, on PostgreSQL, disables the trigger).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, models, transaction

from zeren.accounts.models import RoleAssignment
from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event

TRIGGER = "audit_auditevent_append_only"


@pytest.fixture
def alice(db: None) -> User:
    user = User.objects.create_user("alice")
    RoleAssignment.objects.create(user=user, role="auditadmin")  # direct: keeps the chain empty for the tests
    return user


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob")


@pytest.fixture
def carol(db: None) -> User:
    return User.objects.create_superuser("carol", "", "a-Long-test-passw0rd")


def record_many(count: int, *, actor: Any = None, action: str = "test.touch") -> list[AuditEvent]:
    events = []
    for index in range(1, count + 1):
        with transaction.atomic():
            events.append(
                record_event(
                    actor=actor,
                    action=action,
                    object_type="test.thing",
                    object_id=str(index),
                    object_repr=f"事项 {index}",
                    before={"n": index - 1},
                    after={"n": index},
                    unit_path="0001/0002/",
                )
            )
    return events


@contextmanager
def attacker() -> Iterator[Any]:
    """A database cursor for someone bypassing the application."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            connection.check_constraints()  # fire pending deferred FK checks: ALTER TABLE refuses otherwise
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {TRIGGER}")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {TRIGGER}")


def forced_update(seq: int, **values: Any) -> None:
    """``QuerySet.update`` as Django ships it, around the audit model's refusal."""
    with attacker():
        models.QuerySet.update(AuditEvent.objects.filter(seq=seq), **values)


def forced_delete(**lookup: Any) -> None:
    with attacker():
        models.QuerySet.delete(AuditEvent.objects.filter(**lookup))
