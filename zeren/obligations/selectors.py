"""Reads for the obligation calendar, scoped by the caller's queryset (``permissions.visible_occurrences``).

Time-based statuses are computed in SQL from the due date and ``today`` (``with_status``), with the
same boundaries as ``zeren.policy.schedule.status_of``: overdue from the day after the due date, due
soon within the local-choice window (inclusive), terminal statuses as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from zeren.catalog.models import PackVersion
from zeren.catalog.selectors import local_choice_days
from zeren.common.actor import Actor
from zeren.policy.schedule import DEFAULT_DUE_SOON_DAYS, STATUS_LABELS, Status

from .models import Occurrence
from .permissions import held_post_ids
from .tallies import Counted

DUE_SOON_CHOICE = "obligation_due_soon_days"
STATUSES = [s.value for s in Status]
LABELS = {s.value: label for s, label in STATUS_LABELS.items()}
TERMINAL = [Occurrence.Stored.DONE, Occurrence.Stored.DONE_LATE, Occurrence.Stored.WAIVED]


def due_soon_days(pack: PackVersion | None = None) -> int:
    """The pack's local choice ``obligation_due_soon_days`` if present, else the default (14)."""
    return local_choice_days(DUE_SOON_CHOICE, DEFAULT_DUE_SOON_DAYS, pack)


def status_case(today: dt.date, window: int) -> Case:
    """The displayed status in SQL: a terminal state stays, else overdue, due soon (within ``window`` days)
    or upcoming."""
    return Case(
        When(status__in=TERMINAL, then=F("status")),
        When(due__lt=today, then=Value(Status.OVERDUE.value)),
        When(due__lte=today + dt.timedelta(days=window), then=Value(Status.DUE_SOON.value)),
        default=Value(Status.UPCOMING.value),
        output_field=CharField(),
    )


def with_status(
    qs: QuerySet[Occurrence], today: dt.date | None = None, window: int | None = None
) -> QuerySet[Occurrence]:
    """``qs`` annotated with ``current_status`` on ``today``; the due-soon window is the pack's local
    choice."""
    today = today or timezone.localdate()
    window = due_soon_days() if window is None else window
    return qs.annotate(current_status=status_case(today, window))


def status_q(status: str, today: dt.date, window: int) -> Q:
    """Rows whose current status is ``status``, as conditions on the stored columns (``status``,
    ``due``) that an index on ``(year, status, due)`` answers, the same boundaries as ``status_case``."""
    open_ = Q(status=Occurrence.Stored.OPEN)
    soon = today + dt.timedelta(days=window)
    if status == Status.OVERDUE:
        return open_ & Q(due__lt=today)
    if status == Status.DUE_SOON:
        return open_ & Q(due__gte=today, due__lte=soon)
    if status == Status.UPCOMING:
        return open_ & Q(due__gt=soon)
    return Q(status=status)


def filter_status(
    qs: QuerySet[Occurrence], status: str, today: dt.date | None = None, window: int | None = None
) -> QuerySet[Occurrence]:
    """Keep rows whose current status is ``status`` (filtered on the stored columns, not the annotation)."""
    today = today or timezone.localdate()
    window = due_soon_days() if window is None else window
    return qs.filter(status_q(status, today, window))


def summary(qs: QuerySet[Occurrence], year: int, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """The CLI/API contract: ``{"by_clause": {clause: count}, "by_status": {status: count}}``."""
    rows = with_status(qs.filter(year=year), today)
    by_clause = {
        r["clause"]: r["n"]
        for r in rows.order_by().values("clause").annotate(n=Count("pk")).order_by("clause")
    }
    by_status = dict.fromkeys(STATUSES, 0)
    for r in rows.order_by().values(*["current_status"]).annotate(n=Count("pk")):
        by_status[r["current_status"]] = r["n"]
    return {"by_clause": by_clause, "by_status": by_status}


@dataclass(frozen=True)
class Rate:
    """Completion rate over occurrences due by today: (done + done late) / (due to date − waived)."""

    due_to_date: int
    done: int
    done_late: int
    waived: int
    overdue: int
    total: int

    @property
    def denominator(self) -> int:
        """The occurrences a rate counts: those due to date, less the waived ones."""
        return self.due_to_date - self.waived

    @property
    def percent(self) -> Decimal | None:
        """One decimal place, so a single completion among hundreds still shows (0.3%, not 0%)."""
        if self.denominator <= 0:
            return None
        exact = Decimal(100 * (self.done + self.done_late)) / Decimal(self.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate_aggregates(today: dt.date) -> dict[str, Count]:
    """The aggregates of a completion rate on ``today`` (one query, counted with filters)."""
    due = Q(due__lte=today)
    return {
        "total": Count("pk"),
        "due_to_date": Count("pk", filter=due),
        "done": Count("pk", filter=due & Q(status=Occurrence.Stored.DONE)),
        "done_late": Count("pk", filter=due & Q(status=Occurrence.Stored.DONE_LATE)),
        "waived": Count("pk", filter=due & Q(status=Occurrence.Stored.WAIVED)),
        "overdue": Count("pk", filter=Q(due__lt=today, status=Occurrence.Stored.OPEN)),
    }


def completion_rate(qs: QuerySet[Occurrence], today: dt.date | None = None) -> Rate:
    """The completion rate of ``qs`` on ``today``: done, done late, waived and overdue among those due."""
    today = today or timezone.localdate()
    return Rate(**qs.aggregate(**rate_aggregates(today)))


def rates_by_unit(
    qs: QuerySet[Occurrence], today: dt.date | None = None
) -> list[tuple[dict[str, Any], Rate]]:
    """One row per unit (in path order) with its rate: the committee office's side-by-side view."""
    today = today or timezone.localdate()
    rows = (
        qs.order_by()
        .values("unit_id", "unit__code", "unit__name", "unit__path")
        .annotate(**rate_aggregates(today))
        .order_by("unit__path")
    )
    result = []
    for r in rows:
        unit = {"id": r["unit_id"], "code": r["unit__code"], "name": r["unit__name"]}
        result.append(
            (
                unit,
                Rate(**{k: r[k] for k in ("due_to_date", "done", "done_late", "waived", "overdue", "total")}),
            )
        )
    return result


def my_items(user: Actor, visible: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """A leader's posts' occurrences, plus those of the units where the user is operator or admin."""
    q = Q(post_id__in=held_post_ids(user))
    units = _my_unit_ids(user)
    if units:  # by unit id, so that the index (unit, year, due, id) serves the page
        q |= Q(unit_id__in=units)
    return visible.filter(q)


def _my_unit_ids(user: Actor) -> list[int]:
    """The units where the user is operator or committee-office admin (one small query, none without;
    cached per request on the user, as ``held_post_ids``: the list and its rate both ask)."""
    from zeren.accounts.models import Role
    from zeren.accounts.scope import grants_of
    from zeren.org.models import Unit

    cached: list[int] | None = getattr(user, "_zeren_my_units", None)
    if cached is not None:
        return cached
    paths = [
        g.unit_path
        for g in grants_of(user)
        if g.role in (Role.UNIT_OPERATOR, Role.COMMITTEE_ADMIN) and g.unit_path
    ]
    units = list(Unit.objects.filter(path__in=paths).values_list("pk", flat=True)) if paths else []
    if user is not None and getattr(user, "is_authenticated", False):
        user._zeren_my_units = units  # type: ignore[union-attr]  # a per-request cache on the user object
    return units


def my_counts(user: Actor) -> Counted:
    """``my_items`` counted: the tallies of the user's own units, the rows of held posts outside them."""
    from .models import ClauseTally, Tally

    units = _my_unit_ids(user)
    held = held_post_ids(user)
    rows = Occurrence.objects.filter(post_id__in=held).exclude(unit_id__in=units) if held else None
    return Counted(
        Tally.objects.filter(unit_id__in=units), ClauseTally.objects.filter(unit_id__in=units), rows
    )


LIST_ORDER = ("due", "pk")  # the keyset order of every occurrence list (index occurrence_year_due)


def listing(qs: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """``qs`` in list order with what a list row shows loaded."""
    return qs.select_related("post", "unit", "obligation").order_by(*LIST_ORDER)


# -- home pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """Open occurrences past due or due within the window, counted, and the first few to act on."""

    overdue: int
    due_soon: int
    rows: list[Occurrence]


def attention(qs: QuerySet[Occurrence], today: dt.date | None = None, limit: int = 10) -> Attention:
    """Two queries whatever the data: the counts, then the ``limit`` most urgent rows (overdue first)."""
    today = today or timezone.localdate()
    window = due_soon_days()
    pending = qs.filter(status=Occurrence.Stored.OPEN, due__lte=today + dt.timedelta(days=window))
    counts = pending.aggregate(
        overdue=Count("pk", filter=Q(due__lt=today)), due_soon=Count("pk", filter=Q(due__gte=today))
    )
    rows = list(listing(with_status(pending, today, window))[:limit])
    return Attention(overdue=counts["overdue"], due_soon=counts["due_soon"], rows=rows)


def rates_by_county(
    qs: QuerySet[Occurrence], today: dt.date | None = None
) -> list[tuple[dict[str, Any], Rate]]:
    """One row per county-level unit (its townships and zones included) and one for the prefecture's own
    bodies, in path order: one aggregate query grouped by the path's first two levels, one for names.
    Counts the rows; the pages count the tallies (``counted_rates_by_county``)."""
    today = today or timezone.localdate()
    rows = (
        qs.order_by()
        .annotate(county_path=Substr("unit__path", 1, COUNTY_PATH_LENGTH))
        .values("county_path")
        .annotate(**rate_aggregates(today))
        .order_by("county_path")
    )
    return _named([(r["county_path"], Rate(**{k: r[k] for k in RATE_FIELDS})) for r in rows])


def _named(result: list[tuple[str, Rate]]) -> list[tuple[dict[str, Any], Rate]]:
    from zeren.org.models import Unit

    names = {
        u["path"]: u
        for u in Unit.objects.filter(path__in=[p for p, _ in result]).values("path", "code", "name", "level")
    }
    out = []
    for path, rate in result:
        unit = names.get(path)
        if unit is None:
            continue
        label = f"{unit['name']}（本级）" if unit["level"] == Unit.Level.PREFECTURE else unit["name"]
        out.append(({"code": unit["code"], "name": label, "path": path}, rate))
    return out


COUNTY_PATH_LENGTH = 10  # "0001/0004/": the prefecture's and the county's four-digit steps


# -- summaries from the tallies (``models.Tally``): their size follows units and due dates, not rows ----

RATE_FIELDS = ("due_to_date", "done", "done_late", "waived", "overdue", "total")


def tally_rate_aggregates(today: dt.date) -> dict[str, Any]:
    """``rate_aggregates`` over tallies: the same conditions on (due, status), summing ``count``."""

    def total(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("count", filter=condition), 0)

    due = Q(due__lte=today)
    return {
        "total": total(),
        "due_to_date": total(due),
        "done": total(due & Q(status=Occurrence.Stored.DONE)),
        "done_late": total(due & Q(status=Occurrence.Stored.DONE_LATE)),
        "waived": total(due & Q(status=Occurrence.Stored.WAIVED)),
        "overdue": total(Q(due__lt=today, status=Occurrence.Stored.OPEN)),
    }


def _plus(a: Rate, b: Rate) -> Rate:
    return Rate(**{k: getattr(a, k) + getattr(b, k) for k in RATE_FIELDS})


def counted_rate(counted: Counted, year: int, today: dt.date | None = None) -> Rate:
    """``completion_rate`` of what ``counted`` covers in ``year``: one query on the tallies (and one on
    the rows outside them, when there are such rows)."""
    today = today or timezone.localdate()
    rate = Rate(**counted.tallies.filter(year=year).aggregate(**tally_rate_aggregates(today)))
    if counted.rows is not None:
        rate = _plus(rate, completion_rate(counted.rows.filter(year=year), today))
    return rate


def counted_rates_by_county(
    counted: Counted, year: int, today: dt.date | None = None
) -> list[tuple[dict[str, Any], Rate]]:
    """``rates_by_county`` from the tallies: one grouped query (one more for rows outside them), names."""
    return _named(sorted(counted_county_rates(counted, year, today).items()))


def counted_county_rates(counted: Counted, year: int, today: dt.date | None = None) -> dict[str, Rate]:
    """The rates of ``counted_rates_by_county`` keyed by the county's path, without names: one grouped
    query over the tallies (one more for rows outside them). A few numbers per county: the pages sort
    and cut these, then name only the rows they show (``name_rates``)."""
    today = today or timezone.localdate()
    by_path: dict[str, Rate] = {}
    groups: list[QuerySet[Any, Any]] = [
        counted.tallies.filter(year=year)
        .order_by()
        .annotate(county_path=Substr("unit__path", 1, COUNTY_PATH_LENGTH))
        .values("county_path")
        .annotate(**tally_rate_aggregates(today))
    ]
    if counted.rows is not None:
        groups.append(
            counted.rows.filter(year=year)
            .order_by()
            .annotate(county_path=Substr("unit__path", 1, COUNTY_PATH_LENGTH))
            .values("county_path")
            .annotate(**rate_aggregates(today))
        )
    for group in groups:
        # The ORM's SQL run on a bare cursor: a row per county (thousands nationally) as plain integers in
        # RATE_FIELDS order, without the ORM's per-value converters (int() of an int, 6 per row).
        try:
            sql, params = group.values_list("county_path", *RATE_FIELDS).query.sql_with_params()
        except EmptyResultSet:  # nothing in scope (``Tally.objects.none()``): no query to run
            continue
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for path, *counts in rows:
            rate = Rate(*counts)
            by_path[path] = _plus(by_path[path], rate) if path in by_path else rate
    return by_path


def name_rates(rows: list[tuple[str, Rate]]) -> list[tuple[dict[str, Any], Rate]]:
    """``rows`` (path, rate) with their units' codes and names, in the same order (one query)."""
    return _named(rows)


def counted_summary(counted: Counted, year: int, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """``summary`` (the CLI/API contract) from the tallies."""
    today = today or timezone.localdate()
    window = due_soon_days()
    by_clause: dict[str, int] = {}
    for r in counted.clauses.filter(year=year).order_by().values("clause").annotate(n=Sum("count")):
        if r["n"]:
            by_clause[r["clause"]] = r["n"]
    by_status = dict.fromkeys(STATUSES, 0)
    statuses = (
        counted.tallies.filter(year=year)
        .order_by()
        .annotate(current_status=status_case(today, window))
        .values("current_status")
        .annotate(n=Sum("count"))
    )
    for r in statuses:
        by_status[r["current_status"]] += r["n"]
    if counted.rows is not None:
        extra = summary(counted.rows, year, today)
        for clause, n in extra["by_clause"].items():
            by_clause[clause] = by_clause.get(clause, 0) + n
        for status, n in extra["by_status"].items():
            by_status[status] += n
    return {"by_clause": dict(sorted(by_clause.items())), "by_status": by_status}
