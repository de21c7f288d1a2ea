"""Keyset (cursor) pagination shared by list pages and API lists.

A page is the rows after (or before) a cursor in a fixed total order that ends in a unique column
(normally ``pk``): one ``WHERE (a, b) > (x, y) ORDER BY a, b LIMIT n + 1`` query that an index on
``(a, b)`` answers without reading the rows before the cursor, so page 1,000 costs what page 1 does.
The cursor is an opaque url-safe string carrying the boundary row's ordering values. The total
("共 N 条") is a bounded count over at most ``count_cap`` rows, so it stays cheap too: past the cap
the page says so instead of counting.

Ordering fields must be non-null (a NULL breaks the row comparison) and the last must be unique.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

M = TypeVar("M", bound=Model)

DEFAULT_SIZE = 50
MAX_SIZE = 1000
COUNT_CAP = 10_000


class CursorError(ValueError):
    """A cursor that this ordering did not produce (tampered, stale after a code change, or garbage)."""

    code = "bad_cursor"


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    size: int
    next: str | None = None
    previous: str | None = None
    total: int | None = None  # None: not counted
    capped: bool = False  # the total is a lower bound: more than ``total`` rows match
    query: str = ""  # the request's other parameters, url-encoded (for the pager's links)
    param: str = "cursor"  # the query parameter carrying the cursor

    def __iter__(self) -> Iterator[M]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def object_list(self) -> list[M]:  # the name Django's Paginator pages use
        """The rows, under the name Django's Paginator pages use (for templates written for those)."""
        return self.rows

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.next is not None

    @property
    def has_previous(self) -> bool:
        """Whether a previous page exists."""
        return self.previous is not None

    def _url(self, cursor: str) -> str:
        return f"?{self.query}&{self.param}={cursor}" if self.query else f"?{self.param}={cursor}"

    @property
    def next_url(self) -> str:
        """The link to the next page keeping the other parameters, or ""."""
        return self._url(self.next) if self.next else ""

    @property
    def previous_url(self) -> str:
        """The link to the previous page keeping the other parameters, or ""."""
        return self._url(self.previous) if self.previous else ""


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    return value


def encode_cursor(direction: str, values: Sequence[object]) -> str:
    """An opaque url-safe cursor: the direction and the sort values of the row it starts after."""
    raw = json.dumps([direction, [_plain(v) for v in values]], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _fields(model: type[Model], order: Sequence[str]) -> list[tuple[str, bool, Field[Any, Any]]]:
    result = []
    for spec in order:
        name = spec.lstrip("-")
        current: type[Model] = model
        parts = name.split("__")
        resolved: Any = None
        for part in parts:
            resolved = current._meta.pk if part == "pk" else current._meta.get_field(part)
            if resolved.is_relation and resolved.related_model is not None and part != parts[-1]:
                current = resolved.related_model
        if resolved.is_relation:  # a foreign key compares by its target's primary key
            resolved = resolved.target_field
        result.append((name, spec.startswith("-"), resolved))
    return result


def decode_cursor(
    cursor: str, fields: Sequence[tuple[str, bool, Field[Any, Any]]]
) -> tuple[str, list[object]]:
    """The direction and typed sort values of ``cursor``; raises ValueError for a cursor that was not ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if direction not in ("n", "p") or not isinstance(values, list) or len(values) != len(fields):
            raise CursorError(cursor)
        return direction, [f.to_python(v) for (_, _, f), v in zip(fields, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, ValidationError, UnicodeDecodeError) as exc:
        raise CursorError("无法识别的分页游标") from exc


def _beyond(
    fields: Sequence[tuple[str, bool, Field[Any, Any]]], values: Sequence[object], forward: bool
) -> Q:
    """Rows strictly after ``values`` in the ordering (``forward``), or strictly before it."""
    result = Q(pk__in=[])
    equal: dict[str, object] = {}
    for (name, descending, _), value in zip(fields, values, strict=True):
        op = "lt" if descending == forward else "gt"
        result |= Q(**equal, **{f"{name}__{op}": value})
        equal[name] = value
    return result


def _value(row: Model, name: str) -> object:
    value: object = row
    for part in name.split("__"):
        value = getattr(value, part)  # ``pk`` too: every model has it
        if isinstance(value, Model) and part == name.split("__")[-1]:
            value = value.pk
    return value


def bounded_count(qs: QuerySet[Model], cap: int) -> tuple[int, bool]:
    """``(count, capped)``: the number of rows, reading at most ``cap + 1`` of them."""
    n = qs.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


def paginate(
    qs: QuerySet[M],
    *,
    order: Sequence[str],
    cursor: str | None = None,
    size: int = DEFAULT_SIZE,
    count_cap: int | None = COUNT_CAP,
    query: str = "",
) -> Page[M]:
    """One page of ``qs`` in ``order`` (which ends in a unique field) from ``cursor``.

    Two queries at most: the rows (``size + 1`` to learn whether more follow) and, unless
    ``count_cap`` is None, a count bounded by ``count_cap``. Raises ``CursorError`` for a bad cursor.
    """
    fields = _fields(qs.model, order)
    direction, values = decode_cursor(cursor, fields) if cursor else ("n", [])
    forward = direction == "n"
    rows_qs = qs.order_by(*order) if forward else qs.order_by(*[_flip(s) for s in order])
    if values:
        rows_qs = rows_qs.filter(_beyond(fields, values, forward))
    rows = list(rows_qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    names = [name for name, _, _ in fields]
    first = [_value(rows[0], n) for n in names] if rows else None
    last = [_value(rows[-1], n) for n in names] if rows else None
    if forward:
        next_cursor = encode_cursor("n", last) if more and last else None
        previous_cursor = encode_cursor("p", first) if values and first else None
    else:
        next_cursor = encode_cursor("n", last) if last else None
        previous_cursor = encode_cursor("p", first) if more and first else None
    total, capped = bounded_count(qs, count_cap) if count_cap is not None else (None, False)
    return Page(
        rows=rows,
        size=size,
        next=next_cursor,
        previous=previous_cursor,
        total=total,
        capped=capped,
        query=query,
    )


def _flip(spec: str) -> str:
    return spec[1:] if spec.startswith("-") else f"-{spec}"


def page_size(raw: str | None, default: int = DEFAULT_SIZE) -> int:
    """``?size=`` clamped to 1..MAX_SIZE (a page never grows past it)."""
    return max(1, min(int(raw), MAX_SIZE)) if raw and raw.isdigit() else default


def paginate_request(
    request: HttpRequest,
    qs: QuerySet[M],
    *,
    order: Sequence[str],
    size: int = DEFAULT_SIZE,
    count_cap: int | None = COUNT_CAP,
    prefix: str = "",
) -> Page[M]:
    """A page for a list page: ``?cursor=`` (a bad one shows the first page), other parameters kept
    for the pager's links. ``prefix`` names the parameter when a page shows two lists
    (``?overdue_cursor=``)."""
    key = f"{prefix}cursor"
    params = request.GET.copy()
    cursor = params.pop(key, [""])[-1] or None
    try:
        page = paginate(qs, order=order, cursor=cursor, size=size, count_cap=count_cap)
    except CursorError:
        page = paginate(qs, order=order, size=size, count_cap=count_cap)
    query = params.urlencode()
    return Page(
        rows=page.rows,
        size=page.size,
        next=page.next,
        previous=page.previous,
        total=page.total,
        capped=page.capped,
        query=query,
        param=key,
    )


API_DEFAULT_LIMIT = 100


def api_page(
    request: HttpRequest,
    response: HttpResponse,
    qs: QuerySet[M],
    *,
    order: Sequence[str],
    cursor: str | None,
    limit: int,
    count_cap: int | None = COUNT_CAP,
) -> Page[M]:
    """A page for an API list that keeps its JSON shape (a bare array): the next page's cursor goes
    in ``X-Next-Cursor`` and in a ``Link: <…>; rel="next"`` header (RFC 8288), the bounded total in
    ``X-Total-Count`` (with ``X-Total-Capped: true`` past the cap). ``?cursor=&limit=`` select a page."""
    from ninja.errors import HttpError

    if not 1 <= limit <= MAX_SIZE:
        raise HttpError(422, f"limit 须在 1 到 {MAX_SIZE} 之间")
    try:
        page = paginate(qs, order=order, cursor=cursor, size=limit, count_cap=count_cap)
    except CursorError as exc:
        raise HttpError(422, f"{CursorError.code}: {exc}") from exc
    if page.next:
        params = request.GET.copy()
        params["cursor"] = page.next
        response["X-Next-Cursor"] = page.next
        response["Link"] = f'<{request.path}?{params.urlencode()}>; rel="next"'
    if page.total is not None:
        response["X-Total-Count"] = str(page.total)
        if page.capped:
            response["X-Total-Capped"] = "true"
    return page
