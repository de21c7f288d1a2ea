"""Writing many new rows through the database's own bulk path.

Django's ``bulk_create`` builds one multi-row INSERT per batch in Python (on SQLite at most 999
parameters a statement, so a few dozen rows); for tens of thousands of rows most of the time goes
into building SQL. ``bulk_insert`` prepares each row's values exactly as ``bulk_create`` does
(``pre_save`` with ``add=True`` for ``auto_now_add``, then ``get_db_prep_save``), and hands them to
the driver: ``COPY ... FROM STDIN`` on PostgreSQL (psycopg 3), one prepared INSERT run with
``executemany`` over large batches on SQLite, ``bulk_create`` anywhere else.

Like ``bulk_create`` it sends no signals and does not call ``save()``; unlike it, it does not set the
objects' primary keys (callers that need them read them back or use ``bulk_create``). Conflicts are
errors: callers compute which rows are missing before writing.

``bulk_insert_keyed`` also gives the new objects their primary keys, for rows that later rows refer to.
``insert_values`` writes rows given as plain tuples (no model instances): for writers of many rows whose
values repeat (generation: a few dozen periods for a year's 100,000 rows), building and preparing an
instance per row costs more than the write.
``bulk_set`` is the same for updates of existing rows by primary key (what ``bulk_update`` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Max, Model

BATCH_SIZE = 20_000


def _fields(model: type[Model]) -> list[Field[Any, Any]]:
    opts = model._meta
    return [
        f for f in opts.concrete_fields if f is not opts.auto_field and not getattr(f, "generated", False)
    ]


# Field classes whose value, when of exactly one of these types, ``get_db_prep_save`` sends unchanged
# (``CharField.to_python`` of a str, ``int()`` of an int, ``BooleanField.to_python`` of a bool).
_AS_IS: dict[type[Field[Any, Any]], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.SlugField: (str,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BooleanField: (bool,),
}


_BASE_ADAPT_INTEGER = BaseDatabaseOperations.adapt_integerfield_value


def _preparer(field: Field[Any, Any], connection: Any) -> Any:
    """``obj -> field.get_db_prep_save(field.pre_save(obj, True), connection)``, skipping both calls for
    plain values that they would return unchanged (a str for a CharField, an int for an integer key…)."""
    target = field.target_field if field.many_to_one else field  # type: ignore[attr-defined]
    plain = _AS_IS.get(type(target), ()) if not getattr(field, "auto_now_add", False) else ()
    if type(field).pre_save is not Field.pre_save and not field.many_to_one:
        plain = ()  # a field that computes its value on save (auto_now…) takes the full path
    if field.many_to_one and type(target) in {models.AutoField, models.BigAutoField}:
        plain = (int,)
    if int in plain and type(connection.ops).adapt_integerfield_value is not _BASE_ADAPT_INTEGER:
        plain = ()  # the backend wraps integers (psycopg 3: Int4, Int8…): the full path
    attname = field.attname
    if type(field) in {models.DateField, models.DateTimeField} and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ):
        return _memoised(field, connection)

    def prepare(obj: Model) -> Any:
        value = getattr(obj, attname)
        if value is None or type(value) in plain:
            return value
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    if not plain:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    return prepare


def _memoised(field: Field[Any, Any], connection: Any) -> Any:
    """A date or date-time field's preparer (its ``pre_save`` is the value itself when it is neither
    ``auto_now`` nor ``auto_now_add``): ``get_db_prep_save`` once per distinct value. Rows of a batch share
    few dates (start dates, periods), and preparing one costs more than the lookup."""
    attname = field.attname
    seen: dict[tuple[type, Any], Any] = {}

    def prepare(obj: Model) -> Any:
        value = getattr(obj, attname)
        key = (type(value), value)
        try:
            return seen[key]
        except KeyError:
            prepared = seen[key] = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # not hashable: not a date; prepared as given
            return field.get_db_prep_save(value, connection)

    return prepare


def insert_rows(model: type[Model], objs: Sequence[Model]) -> list[tuple[Any, ...]]:
    """The values ``bulk_create`` would send for ``objs`` (one tuple per object, in field order)."""
    connection = connections[router.db_for_write(model)]
    preparers = [_preparer(f, connection) for f in _fields(model)]
    return [tuple(prepare(obj) for prepare in preparers) for obj in objs]


def bulk_insert(model: type[Model], objs: Iterable[Model], *, batch_size: int = BATCH_SIZE) -> int:
    """Insert ``objs`` (new rows) through the database's bulk path; returns the number written."""
    objs = list(objs)
    if not objs:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return len(model._default_manager.db_manager(alias).bulk_create(objs, batch_size=batch_size))
    quote = connection.ops.quote_name
    fields = _fields(model)
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the driver's own cursor: its errors made Django's (IntegrityError…) as on every other path
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for start in range(0, len(objs), batch_size):
                    for row in insert_rows(model, objs[start : start + batch_size]):
                        copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 (names from the model)
            rows = iter(objs)
            while batch := list(islice(rows, batch_size)):
                cursor.executemany(sql, insert_rows(model, batch))
    return len(objs)


def db_value(model: type[Model], name: str, value: Any) -> Any:
    """``value`` of ``model``'s field ``name`` as the database takes it (``get_db_prep_save``), for callers of
    ``insert_values`` that prepare each distinct value once (a date on SQLite becomes its ISO text)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - a concrete field
    return field.get_db_prep_save(value, connections[router.db_for_write(model)])


def insert_values(
    model: type[Model], names: Sequence[str], rows: Iterable[tuple[Any, ...]], *, batch_size: int = BATCH_SIZE
) -> int:
    """Insert new rows given as tuples of database-ready values for the fields ``names`` (attnames, in that
    order): each value what ``get_db_prep_save`` gives (``db_value``), or a str, int or None the driver takes
    as is. Every other field gets the value a new instance would get (its default, ``auto_now_add``'s time),
    prepared once for all the rows. COPY on PostgreSQL, one prepared INSERT run with ``executemany`` per
    batch elsewhere. Returns the number written."""
    connection = connections[router.db_for_write(model)]
    fields = _fields(model)
    by_attname = {f.attname: f for f in fields}
    unknown = [n for n in names if n not in by_attname]
    if unknown:
        raise ValueError(f"not concrete fields of {model.__name__}: {unknown}")
    blank = model()
    others = [f for f in fields if f.attname not in names]
    constants = tuple(_preparer(f, connection)(blank) for f in others)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(by_attname[n].column) for n in names) + "".join(
        f", {quote(f.column)}" for f in others
    )
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                write = copy.write_row
                for row in rows:
                    write(row + constants)
                    written += 1
        else:
            marks = ", ".join(["%s"] * (len(names) + len(others)))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
            it = iter(rows)
            while batch := [row + constants for row in islice(it, batch_size)]:
                cursor.executemany(sql, batch)
                written += len(batch)
    return written


def bulk_set(
    model: type[Model], objs: Iterable[Model], fields: Sequence[str], *, batch_size: int = BATCH_SIZE
) -> int:
    """Write ``fields`` of existing rows ``objs`` (by primary key): one prepared UPDATE run with
    ``executemany`` per batch, the values prepared as ``bulk_update`` prepares them. ``bulk_update`` builds
    one ``CASE WHEN pk = ... THEN ...`` statement per batch and field in Python, which for tens of thousands
    of rows costs more than the database's work. Like it, it sends no signals and does not call ``save()``.
    Returns the number of objects given."""
    objs = list(objs)
    if not objs:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    opts = model._meta
    chosen = [opts.get_field(name) for name in fields]
    concrete: list[Field[Any, Any]] = [f for f in chosen if isinstance(f, Field) and f.concrete]
    if len(concrete) != len(chosen) or any(f.primary_key for f in concrete):
        raise ValueError("bulk_set writes concrete, non-primary-key fields only")
    pk = opts.pk
    assert pk is not None  # noqa: S101 - every model has one
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {quote(opts.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(
                sql,
                [
                    (*(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete),
                     pk.get_db_prep_save(obj.pk, connection))
                    for obj in objs[start : start + batch_size]
                ],
            )  # fmt: skip
    return len(objs)


def bulk_insert_keyed(model: type[Model], objs: Sequence[Model], key: Sequence[str]) -> None:
    """``bulk_insert`` of new objects that later rows refer to: foreign keys are first taken from related
    objects saved meanwhile (as ``bulk_create`` does), and afterwards each object gets its primary key,
    read back in one query by ``key`` (attnames telling the new rows apart, e.g. ``("code",)``) among the
    rows added after the largest key before the insert. Objects sharing a key get the keys in the order
    they were written."""
    if not objs:
        return
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]
    manager = model._default_manager
    before = manager.aggregate(top=Max("pk"))["top"] or 0
    bulk_insert(model, objs)
    found: dict[tuple[Any, ...], list[Any]] = {}
    for pk, *values in manager.filter(pk__gt=before).order_by("pk").values_list("pk", *key):
        found.setdefault(tuple(values), []).append(pk)
    for obj in objs:
        obj.pk = found[tuple(getattr(obj, name) for name in key)].pop(0)
