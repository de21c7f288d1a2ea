"""New organisations, posts, people, tenures and portfolios of a plan, through the database's bulk path.

The services write one row and one audit event per call (3.5 queries a row). Here each sheet's new rows are
checked in memory with the very checks the services make (``_check_range``, ``appoint``'s post, retirement
and overlap checks, against the post's tenures locked as ``appoint`` locks them), inserted at once through
``zeren.common.bulk.bulk_insert`` (COPY on PostgreSQL, ``executemany`` on SQLite), their keys read back in
one query, and audited with the same events the services record (buffered by ``batched_events``). A row the
checks refuse becomes a row error naming its field, exactly as the service's error would. Should the
database still refuse a batch (a concurrent write the plan could not see), the batch is rolled back to its
savepoint and its rows go through the services one by one, so the error names the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor
from zeren.common.bulk import bulk_insert_keyed
from zeren.org.errors import InvalidDates, NotActive, OrgError, TenureOverlap
from zeren.org.models import Organisation, Person, Portfolio, Post, Tenure, Unit

from .reader import Row

M = TypeVar("M", bound=Model)
CHUNK = 500
Refuse = Callable[[Row, OrgError], None]


def check_range(start: dt.date, end: dt.date | None, what: str) -> None:
    """``zeren.org.services._check_range``: the same error, the same message."""
    if end is not None and end < start:
        raise InvalidDates(f"{what}: end {end} is before start {start}", field="end")


def _overlaps(start: dt.date, end: dt.date | None, other: Tenure) -> bool:
    return (other.end is None or other.end >= start) and (end is None or other.start <= end)


def insert_new(
    model: type[M],
    items: Sequence[tuple[Row, M]],
    key: tuple[str, ...],
    *,
    one_by_one: Callable[[Row], M | None],
    audit: Callable[[M], None],
) -> list[tuple[Row, M]]:
    """Insert the new objects of ``items``, give them their primary keys and audit each; returns them.

    ``key`` names the fields (attnames) that tell the new rows apart (the roster's row key). When the
    database refuses the batch, ``one_by_one`` (the service call) writes each row instead; it audits
    and reports on its own and returns None for a refused row.
    """
    if not items:
        return []
    try:
        with transaction.atomic():  # a savepoint: a refused batch leaves nothing behind
            bulk_insert_keyed(model, [obj for _, obj in items], key)
    except IntegrityError:
        done = [(row, one_by_one(row)) for row, _ in items]
        return [(row, obj) for row, obj in done if obj is not None]
    for _, obj in items:
        audit(obj)
    return list(items)


def audit_created(actor: Actor, action: str, unit_path: Callable[[Any], str | None]) -> Callable[[Any], None]:
    """The event the service records after creating ``obj`` (``org.create_*``, ``org.assign_portfolio``)."""

    def audit(obj: Any) -> None:
        record_event(actor=actor, action=action, obj=obj, after=snapshot(obj), unit_path=unit_path(obj))

    return audit


def audit_appointment(actor: Actor) -> Callable[[Tenure], None]:
    def audit(tenure: Tenure) -> None:
        record_event(
            actor=actor,
            action="org.appoint",
            obj=tenure,
            object_repr=f"{tenure.person.name} → {tenure.post.title}",
            after=snapshot(tenure),
            unit_path=tenure.post.unit.path,
        )

    return audit


def set_urban(actor: Actor, changes: Sequence[tuple[str, bool]]) -> list[Unit]:
    """Existing units' 城区 flag (``Unit.urban``: the accident chain's urban-district circumstance) as the
    workbook gives it: the units locked and read in one query, one UPDATE per value, one
    ``org.set_unit_urban`` event per unit with the value before and after. ``changes``: (unit code, urban),
    already checked by the plan (county-level units only, each one a change)."""
    if not changes:
        return []
    wanted = dict(changes)
    units = list(Unit.objects.select_for_update().filter(code__in=list(wanted)).order_by("path"))
    for value in (True, False):
        Unit.objects.filter(pk__in=[u.pk for u in units if wanted[u.code] is value]).update(urban=value)
    for unit in units:
        before = snapshot(unit, ["urban"])
        unit.urban = wanted[unit.code]
        record_event(
            actor=actor,
            action="org.set_unit_urban",
            obj=unit,
            before=before,
            after=snapshot(unit, ["urban"]),
            unit_path=unit.path,
        )
    return units


def new_organisation(v: dict[str, Any], unit: Any) -> Organisation:
    check_range(v["start"], v["end"], f"organisation {v['code']}")
    return Organisation(
        code=v["code"],
        unit=unit,
        name=v["name"],
        type=v["type"],
        kind_code=v["kind_code"],
        start=v["start"],
        end=v["end"],
        safety_body=v.get("safety_body") or "",
        safety_staff=v.get("safety_staff"),
    )


def new_post(v: dict[str, Any], organisation: Organisation) -> Post:
    check_range(v["start"], v["end"], f"post {v['code']}")
    post = Post(
        code=v["code"],
        organisation=organisation,
        title=v["title"],
        role_code=v["role_code"],
        start=v["start"],
        end=v["end"],
    )
    post.unit = organisation.unit  # as Post.save does
    return post


def new_portfolio(v: dict[str, Any], post: Post, organisation: Organisation | None) -> Portfolio:
    if organisation is None and not v["sector_code"]:
        raise InvalidDates("a portfolio names an organisation or a sector", field="organisation")
    check_range(v["start"], v["end"], f"portfolio of {post.code}")
    return Portfolio(
        post=post, organisation=organisation, sector_code=v["sector_code"], start=v["start"], end=v["end"]
    )


class Appointments:
    """``appoint``'s checks over many new tenures: each against the post's tenures in the database (locked,
    as ``appoint`` locks them) and the new ones accepted before it, in the order given."""

    def __init__(self, posts: Sequence[Post]) -> None:
        self.held: dict[tuple[int, bool], list[Tenure]] = {}
        existing = sorted({p.pk for p in posts if p.pk is not None})
        for i in range(0, len(existing), CHUNK):
            for tenure in (
                Tenure.objects.select_for_update(of=("self",))
                .filter(post_id__in=existing[i : i + CHUNK])
                .select_related("person")
                .order_by("pk")
            ):
                self.held.setdefault((tenure.post_id, tenure.acting), []).append(tenure)

    def new(
        self, person: Person, post: Post, start: dt.date, end: dt.date | None, acting: bool, **extra: Any
    ) -> Tenure:
        check_range(start, end, f"tenure of {person.code} in {post.code}")
        if post.start > start or (post.end is not None and (end is None or end > post.end)):
            raise NotActive(
                f"post {post.code} does not exist for the whole tenure from {start}", field="start"
            )
        if person.retired_on is not None and start > person.retired_on:
            raise NotActive(f"person {person.code} retired on {person.retired_on}", field="person")
        held = self.held.setdefault((post.pk, acting), [])
        clash = next((t for t in held if _overlaps(start, end, t)), None)
        if clash is not None:
            raise TenureOverlap(
                f"post {post.code} is already held by {clash.person.code} from {clash.start}"
                f"{' to ' + str(clash.end) if clash.end else ''}",
                field="start",
            )
        tenure = Tenure(person=person, post=post, start=start, end=end, acting=acting, **extra)
        held.append(tenure)
        return tenure
