from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from zeren.audit.errors import AuditChainBroken, AuditRequiresTransaction, AuditTrailIsAppendOnly
from zeren.audit.hashing import GENESIS_HASH, event_hash
from zeren.audit.models import AuditChainHead, AuditEvent
from zeren.audit.services import record_event, snapshot
from zeren.audit.verify import verify_chain

from .conftest import record_many

pytestmark = pytest.mark.django_db


def test_record_event_writes_a_chained_row_with_the_actor_and_the_object(alice: User) -> None:
    with transaction.atomic():
        first = record_event(actor=None, action="test.boot", note="系统启动")
        second = record_event(
            actor=alice,
            action="auth.rename",
            obj=alice,
            before={"username": "al"},
            after={"username": "alice"},
        )

    assert (first.seq, first.prev_hash, first.actor_id, first.actor_username) == (1, GENESIS_HASH, None, "")
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (second.actor_id, second.actor_username) == (alice.pk, "alice")
    assert (second.object_type, second.object_id, second.object_repr) == ("auth.user", str(alice.pk), "alice")
    stored = AuditEvent.objects.get(seq=2)
    assert (stored.before, stored.after) == ({"username": "al"}, {"username": "alice"})
    assert stored.hash == event_hash({**AuditEvent.objects.values().get(seq=2)})
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (2, second.hash)


def test_values_are_stored_json_safe_and_the_chain_verifies() -> None:
    when = dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    values = {
        "fine": decimal.Decimal("12000.50"),
        "on": dt.date(2024, 5, 1),
        "when": when,
        "id": ident,
        "ratios": [1.0, 0.1, 1e20, -0.0],
        "nested": {"名称": "安委办", "ok": True, "none": None},
        "tags": ("a", "b"),
    }
    with transaction.atomic():
        event = record_event(actor=None, action="test.values", after=values)

    assert AuditEvent.objects.get(seq=event.seq).after == {
        "fine": "12000.50",
        "on": "2024-05-01",
        "when": "2024-05-01T08:30:00+00:00",
        "id": "12345678-1234-5678-1234-567812345678",
        "ratios": [1.0, 0.1, 1e20, -0.0],
        "nested": {"名称": "安委办", "ok": True, "none": None},
        "tags": ["a", "b"],
    }
    assert verify_chain().ok is True


def test_snapshot_gives_json_safe_fields_and_redacts_the_password(bob: User) -> None:
    full = snapshot(bob)
    some = snapshot(bob, fields=["username", "is_active", "date_joined"])

    assert full["password"] == "[redacted]"
    assert full["username"] == "bob"
    assert some == {"username": "bob", "is_active": True, "date_joined": bob.date_joined.isoformat()}


@pytest.mark.django_db(transaction=True)
def test_record_event_outside_a_transaction_raises_and_writes_nothing() -> None:
    with pytest.raises(AuditRequiresTransaction):
        record_event(actor=None, action="test.loose")

    assert AuditEvent.objects.count() == 0
    assert AuditChainHead.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_row_and_the_chain_stays_valid() -> None:
    record_many(3)

    def doomed() -> None:
        with transaction.atomic():
            record_event(actor=None, action="test.doomed")
            record_event(actor=None, action="test.doomed")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        doomed()

    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert AuditEvent.objects.filter(action="test.doomed").count() == 0
    assert AuditChainHead.objects.get().seq == 3
    result = verify_chain()
    assert (result.ok, result.checked, result.head_seq) == (True, 3, 3)
    with transaction.atomic():
        assert record_event(actor=None, action="test.after").seq == 4


def test_save_and_delete_of_a_recorded_event_raise_and_change_nothing() -> None:
    [event] = record_many(1)
    original = AuditEvent.objects.values().get(seq=1)

    event.note = "篡改"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(seq=1).update(note="篡改")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.update(note="篡改")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.values().get(seq=1) == original
    assert verify_chain().ok is True


def test_an_actor_with_audit_events_cannot_be_deleted(bob: User) -> None:
    from django.db.models import ProtectedError

    record_many(1, actor=bob)

    with pytest.raises(ProtectedError):
        bob.delete()

    assert User.objects.filter(username="bob").exists()
    assert AuditEvent.objects.get(seq=1).actor_id == bob.pk


def test_appending_after_the_head_was_deleted_raises_and_writes_nothing() -> None:
    record_many(2)
    AuditChainHead.objects.all().delete()

    with pytest.raises(AuditChainBroken), transaction.atomic():
        record_event(actor=None, action="test.after_damage")

    assert AuditEvent.objects.count() == 2
    assert AuditChainHead.objects.count() == 0


def test_batched_events_write_the_same_chain_with_one_bulk_insert(alice: User) -> None:
    from zeren.audit.services import batched_events

    with transaction.atomic():
        record_event(actor=None, action="test.before")
    with transaction.atomic(), batched_events():
        events = [record_event(actor=alice, action="test.batch", object_id=str(i)) for i in range(5)]
        assert AuditEvent.objects.filter(action="test.batch").count() == 0  # buffered until the block ends
    with transaction.atomic():
        record_event(actor=None, action="test.after")

    stored = list(AuditEvent.objects.order_by("seq").values_list("seq", "action", "hash"))
    assert [s for s, _, _ in stored] == list(range(1, 8))
    assert [h for _, a, h in stored if a == "test.batch"] == [e.hash for e in events]
    assert events[0].prev_hash == stored[0][2]
    assert AuditChainHead.objects.get().seq == 7
    assert verify_chain().ok is True


def test_batched_events_cost_a_fixed_number_of_queries() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeren.audit.services import batched_events

    with transaction.atomic():
        record_event(actor=None, action="test.head")

    def queries(events: int) -> int:
        with CaptureQueriesContext(connection) as captured, transaction.atomic(), batched_events():
            for i in range(events):
                record_event(actor=None, action="test.many", object_id=str(i))
        return len(captured)

    # SAVEPOINT, lock the head, one bulk INSERT (a COPY on PostgreSQL, which Django's query log does not
    # show), one head UPDATE, RELEASE — whatever the number of events
    one, fifty = queries(1), queries(50)
    assert one == fifty
    assert fifty == (4 if connection.vendor == "postgresql" else 5)
    assert verify_chain().ok is True


def test_a_failure_inside_a_batch_writes_nothing() -> None:
    from zeren.audit.services import batched_events

    def fail_inside() -> None:
        with transaction.atomic(), batched_events():
            record_event(actor=None, action="test.lost")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_inside()
    assert not AuditEvent.objects.filter(action="test.lost").exists()
