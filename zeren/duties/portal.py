"""Reads for the public list portal (art. 74): the unit index, one unit's lists and the title search,
each a keyset page, the search through an index rather than a scan of every title.

The title search uses a trigram index on both databases: ``pg_trgm`` (GIN, ``gin_trgm_ops``) answers
``title LIKE '%q%'`` on PostgreSQL; on SQLite an FTS5 table with the ``trigram`` tokenizer, kept in
step with the list table by triggers (migration ``0002_title_search``), answers the same question.
Both need three characters to use the index; a shorter query is answered by walking the title order,
which stops at the page's end when the words are common.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from zeren.catalog.selectors import sector_names
from zeren.org.models import Portfolio, Unit, active_on

from .models import ResponsibilityList

LIST_ORDER = ("title", "pk")  # index list_published_title / list_unit_title
FTS_TABLE = "duties_list_title_fts"
FTS_MATCH_SQL = "SELECT rowid FROM duties_list_title_fts WHERE duties_list_title_fts MATCH %s"


def units_with_lists() -> QuerySet[Unit]:
    """Units with at least one published list (an EXISTS per unit, in path order by the caller)."""
    published = ResponsibilityList.objects.filter(unit=OuterRef("pk"), status="published")
    return Unit.objects.filter(Exists(published))


def list_counts(units: list[Unit]) -> dict[int, int]:
    """Published lists per unit, for one page of the index (one grouped query over that page only)."""
    rows = (
        ResponsibilityList.objects.filter(unit__in=units, status="published")
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {r["unit_id"]: r["n"] for r in rows}


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def title_search(qs: QuerySet[ResponsibilityList], query: str) -> QuerySet[ResponsibilityList]:
    """``qs`` narrowed to titles containing ``query``, through the vendor's trigram index."""
    if connection.vendor == "sqlite" and len(query) >= 3:
        # The table name is a constant; the user's words go in as a bound parameter (an FTS5 phrase).
        ids = RawSQL(FTS_MATCH_SQL, (_fts_phrase(query),))  # noqa: S611
        return qs.filter(pk__in=ids)
    # PostgreSQL: LIKE (not Django's UPPER(..) LIKE for icontains) so that the gin_trgm_ops index applies;
    # Chinese has no case, and a title's Latin letters are codes written as the roster has them.
    return qs.filter(title__contains=query)


def published(*, unit: Unit | None = None, query: str = "") -> QuerySet[ResponsibilityList]:
    """Current published lists of one unit and/or whose title contains ``query``, unordered."""
    rows: QuerySet[ResponsibilityList] = (
        ResponsibilityList.objects.filter(status="published")
        .select_related("unit", "post__organisation", "organisation")
        .defer("content")
    )
    if unit is not None:
        rows = rows.filter(unit=unit)
    if query:
        rows = title_search(rows, query)
    return rows


def portfolio_labels(lists: list[ResponsibilityList], on: dt.date | None = None) -> dict[int, str]:
    """What each page row's post oversees today ("分管 交通运输局、道路交通"), to tell apart lists that
    share a title (five deputy county heads are all 副县长). One query for the page."""
    on = on or timezone.localdate()
    post_ids = {row.post_id for row in lists if row.post_id}
    if not post_ids:
        return {}
    names = sector_names()
    found: dict[int, list[str]] = {}
    portfolios = (
        Portfolio.objects.filter(active_on(on), post_id__in=post_ids)
        .select_related("organisation")
        .order_by("post_id", "pk")
    )
    for p in portfolios:
        label = p.organisation.name if p.organisation else names.get(p.sector_code, p.sector_code)
        if label and label not in found.setdefault(p.post_id, []):
            found[p.post_id].append(label)
    return {post: "分管" + "、".join(labels) for post, labels in found.items()}
