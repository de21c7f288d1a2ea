"""PostgreSQL only: the append-only trigger, and concurrent writers serialised on the chain head."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from zeren.audit.models import AuditChainHead, AuditEvent
from zeren.audit.services import record_event
from zeren.audit.verify import verify_chain

from .conftest import record_many


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_auditevent SET note = 'x' WHERE seq = 2", "DELETE FROM audit_auditevent WHERE seq = 2"],
)
def test_the_database_refuses_update_and_delete(sql: str) -> None:
    record_many(3)
    original = list(AuditEvent.objects.order_by("seq").values())

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert list(AuditEvent.objects.order_by("seq").values()) == original


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_unbroken_chain() -> None:
    assert not connection.in_atomic_block  # a transactional test: the writers' commits are real
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for index in range(10):
                with transaction.atomic():
                    record_event(actor=None, action="test.concurrent", object_id=f"{worker}-{index}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 41))
    assert AuditChainHead.objects.get().seq == 40
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 40)
