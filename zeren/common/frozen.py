"""Frozen records: rows that history depends on, guarded on three levels like the audit trail.

A model that mixes in :class:`FrozenRecord` says which stored rows are frozen (``frozen_when``; ``None``
means every stored row: an append-only record) and which columns may still change on a frozen row
(``mutable_when_frozen``: a list's status moving to superseded, a report's one decision). Then
- ``save()`` of a frozen row that changes anything else, and ``delete()`` of a frozen row, raise the
  model's ``frozen_error`` (a named, coded error of its app);
- the queryset's ``update()`` and ``delete()`` refuse the same, so a bulk write cannot slip past;
- on PostgreSQL a trigger (installed by each app's migration through :func:`frozen_trigger`) refuses
  UPDATE and DELETE of frozen rows in the database itself.
The one sanctioned bypass is :func:`purging`, used by the demo reset on a demo instance only: it sets
the transaction-local ``zeren.purge`` flag that the trigger honours and deletes with raw DELETEs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias, TypeVar, cast

from django.db import connection, models, router, transaction
from django.db.models import Q

if TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor
    from django.db.migrations.state import StateApps

from .errors import ZerenError


class FrozenRecordError(ZerenError):
    code = "record_frozen"
    http_status = 409


_M = TypeVar("_M", bound=models.Model)


class FrozenQuerySet(models.QuerySet[_M]):
    def _refusal(self, message: str) -> ZerenError:
        model = cast("type[FrozenRecord]", self.model)  # the queryset of a FrozenRecord's manager
        return model.frozen_error(f"{model.frozen_label}{message}")

    def _frozen(self) -> models.QuerySet[_M]:
        when: Q | None = getattr(self.model, "frozen_when", None)
        return self if when is None else self.filter(when)

    def update(self, **kwargs: Any) -> int:
        """Refuse a bulk update of frozen rows, except of the fields allowed to change once frozen."""
        fixed = set(kwargs) - set(getattr(self.model, "mutable_when_frozen", ()))
        if fixed and self._frozen().exists():
            raise self._refusal(f"已存档，不得批量修改（{', '.join(sorted(fixed))}）")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refuse a bulk delete that would reach a frozen row."""
        if self._frozen().exists():
            raise self._refusal("已存档，不得删除")
        return super().delete()


FrozenManager = models.Manager.from_queryset(FrozenQuerySet)


class FrozenRecord(models.Model):
    """Abstract base of the records that are never edited or deleted once stored (or once frozen)."""

    frozen_when: ClassVar[Q | None] = None
    mutable_when_frozen: ClassVar[tuple[str, ...]] = ()
    frozen_error: ClassVar[type[ZerenError]] = FrozenRecordError
    frozen_label: ClassVar[str] = "记录"

    objects = FrozenManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to change a stored frozen row (beyond ``mutable_when_frozen``): append a new row."""
        stored = self._stored_if_frozen()
        if stored is not None:
            changed = self.frozen_changes(stored, kwargs.get("update_fields"))
            if changed or not self.mutable_when_frozen:
                what = f"（{', '.join(changed)}）" if changed else ""
                raise self.frozen_error(f"{self.frozen_label}一经存档不得修改{what}，请追加新记录")
        super().save(*args, **kwargs)

    def _stored_if_frozen(self) -> dict[str, Any] | None:
        if self._state.adding or self.pk is None:
            return None
        rows = type(self)._default_manager.filter(pk=self.pk)
        if self.frozen_when is not None:
            rows = rows.filter(self.frozen_when)
        stored: Any = rows.values().first()
        return dict(stored) if stored is not None else None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refuse to delete a stored frozen row."""
        if self._state.adding or self._stored_if_frozen() is not None:
            raise self.frozen_error(f"{self.frozen_label}一经存档不得删除")
        return super().delete(*args, **kwargs)

    def frozen_changes(self, stored: dict[str, Any], update_fields: Iterable[str] | None = None) -> list[str]:
        """The fields this save would change on a frozen row, beyond those allowed to change."""
        return sorted(
            f.name
            for f in self._meta.concrete_fields
            if (update_fields is None or f.name in update_fields)
            and f.name not in self.mutable_when_frozen
            and stored[f.attname] != getattr(self, f.attname)
        )


@contextmanager
def purging() -> Iterator[None]:
    """Inside a transaction: let the frozen-record triggers allow this transaction's raw deletes."""
    if not transaction.get_connection().in_atomic_block:
        raise FrozenRecordError("清除存档记录必须在事务内进行")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('zeren.purge', 'on', true)")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('zeren.purge', 'off', true)")


def raw_delete(queryset: models.QuerySet[models.Model]) -> int:
    """One DELETE for the rows, past the model-level refusals; only inside :func:`purging`."""
    count = queryset.count()
    queryset._raw_delete(router.db_for_write(queryset.model))
    return count


Migrator: TypeAlias = "Callable[[StateApps, BaseDatabaseSchemaEditor], None]"  # a RunPython function

_FUNCTION = """
CREATE OR REPLACE FUNCTION zeren_refuse_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zeren.purge', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% of a frozen row of % refused (记录已存档，不得修改或删除)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def frozen_trigger(
    table: str, *, name: str, when: str = "", allowed: tuple[str, ...] = ()
) -> tuple[Migrator, Migrator]:
    """A migration's (forward, backward) RunPython pair installing one frozen-row trigger on PostgreSQL.

    ``when`` is a condition on ``OLD`` (empty: every row); ``allowed`` the columns an UPDATE may change.
    Other databases get no trigger (the model and queryset guards still apply).
    """
    args = ", ".join(f"'{column}'" for column in allowed)
    condition = f"WHEN ({when}) " if when else ""
    create = (
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
        f"{condition}EXECUTE FUNCTION zeren_refuse_frozen({args})"
    )

    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_FUNCTION, params=None)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
            schema_editor.execute(create, params=None)

    def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)

    return forward, backward
