"""Writing the audit trail: ``record_event`` appends one hash-chained event in the caller's transaction.

Services call it last, after their write, inside their ``@transaction.atomic``: the event commits or
rolls back with the change it describes.

``batched_events()`` is for bulk work made of many service calls (a roster import): inside it the chain
head is locked once, each event is chained in memory, and all of them are inserted at the end through the
database's bulk path (``zeren.common.bulk``) with one head update — the same events and hashes, two round
trips fewer per event. Use it
only where any failure rolls the whole transaction back (a savepoint rolled back inside the batch would
leave its buffered events behind).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from zeren.common.actor import Actor
from zeren.common.bulk import bulk_insert

from .errors import AuditChainBroken, AuditError, AuditRequiresTransaction
from .hashing import event_hash, json_safe
from .models import HEAD_ID, AuditChainHead, AuditEvent

REDACTED = "[redacted]"
SENSITIVE_FIELDS = frozenset({"password"})


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, JSON-safe, for ``before``/``after``.

    Foreign keys give the related pk under the field's name; ``password`` is redacted.
    ``fields`` limits the snapshot to those field names (an unknown name raises FieldDoesNotExist).
    """
    meta = instance._meta
    chosen = [meta.get_field(name) for name in fields] if fields is not None else meta.concrete_fields
    values: dict[str, Any] = {}
    for field in chosen:
        attname = getattr(field, "attname", field.name)
        value = REDACTED if field.name in SENSITIVE_FIELDS else getattr(instance, attname)
        values[field.name] = json_safe(value)
    return values


def _actor_fields(actor: Actor) -> tuple[Any, str]:
    if actor is None or isinstance(actor, AnonymousUser) or not getattr(actor, "is_authenticated", False):
        return None, ""
    if actor.pk is None:
        raise AuditError("the actor must be a saved user")
    return actor, actor.get_username()


@dataclass
class _Batch:
    seq: int
    hash: str
    events: list[AuditEvent] = dataclass_field(default_factory=list)


_BATCH: ContextVar[_Batch | None] = ContextVar("zeren_audit_batch", default=None)


@contextmanager
def batched_events() -> Iterator[None]:
    """Buffer the events recorded inside, and write them through the database's bulk path (COPY on
    PostgreSQL, ``executemany`` on SQLite) when the block ends normally."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditRequiresTransaction(
            "batched_events must run inside transaction.atomic (审计事件须与写操作同一事务)"
        )
    if _BATCH.get() is not None:  # already batching: the outer block writes
        yield
        return
    head = _lock_head()
    batch = _Batch(seq=head.seq, hash=head.hash)
    token = _BATCH.set(batch)
    try:
        yield
    finally:
        _BATCH.reset(token)
    if batch.events:
        bulk_insert(AuditEvent, batch.events)
        AuditChainHead.objects.filter(pk=HEAD_ID).update(seq=batch.seq, hash=batch.hash)


def _lock_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (created on an empty trail)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    # First event ever (or after a test flush). A concurrent first writer's uncommitted head makes our
    # INSERT wait, then fail; get_or_create then reads the committed row, so only one head is created.
    _, created = AuditChainHead.objects.get_or_create(pk=HEAD_ID)
    if created and AuditEvent.objects.exists():
        raise AuditChainBroken("audit chain head is missing while events exist (审计链头缺失)")
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)


def record_event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_path: str | None = None,
    note: str = "",
) -> AuditEvent:
    """Append an event to the chain. Must run inside the caller's transaction.

    ``actor`` is a user, or ``None`` for the system and the command line. With ``obj`` the object
    type (``app_label.model``), id and repr default from the instance.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditRequiresTransaction(
            "record_event must run inside transaction.atomic (审计事件须与写操作同一事务)"
        )
    if not action or len(action) > 100:
        raise AuditError(f"action must be 1-100 characters, got {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    if len(object_id) > 255:
        raise AuditError("object_id is longer than 255 characters")
    user, username = _actor_fields(actor)

    batch = _BATCH.get()
    if batch is None:
        head = _lock_head()
        seq, prev_hash = head.seq, head.hash
    else:
        seq, prev_hash = batch.seq, batch.hash
    content: dict[str, Any] = {
        "seq": seq + 1,
        "at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_username": username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "unit_path": unit_path,
        "before": json_safe(before),
        "after": json_safe(after),
        "note": note,
        "prev_hash": prev_hash,
    }
    digest = event_hash(content)
    event = AuditEvent(**content, hash=digest)
    if batch is not None:  # written by batched_events() when its block ends
        batch.events.append(event)
        batch.seq, batch.hash = event.seq, digest
        return event
    event.save()
    AuditChainHead.objects.filter(pk=HEAD_ID).update(seq=event.seq, hash=digest)
    return event
