"""Dated days of the demo's history, so that scores, cases and the calendar tell one story.

The demo is built today but describes the previous years. What the committee office did on a given
day is recorded as of that day:

- the responsibility lists of every post and department (art. 74) are derived from the posts and
  portfolios of 15 March of last year (the assessment year) and published that morning, before the
  calendar's 31 March deadline for publishing them — so the assessment's lists indicator counts them
  for last year and an accountability case of last year finds the list in force on its date;
- the target responsibility letters are generated on 10 January and signed in March of that year
  (``assessment.py``); the accidents and cases keep their own dated days (``accidents.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

TZ = ZoneInfo("Asia/Shanghai")
LIST_MONTH_DAY = (3, 15)
LIST_TIME = dt.time(10, 0)


def list_publication_day(today: dt.date | None = None) -> dt.date:
    """The day the demo's lists were published: 15 March of the assessment year (last year)."""
    today = today or timezone.localdate()
    return dt.date(today.year - 1, *LIST_MONTH_DAY)


@transaction.atomic
def publish_dated_lists(*, unit: Any, today: dt.date | None = None) -> tuple[Any, int]:
    """Derive every list of ``unit``'s subtree as of the publication day and publish the new drafts,
    dated that day (idempotent: lists already published are left as they are).

    ``publish_list`` stamps the current time; the demo then moves the stamp of the versions it has
    just published to the dated morning (a bulk UPDATE of rows it created in this transaction) and
    records that in the audit trail.
    """
    from zeren.audit.services import batched_events, record_event
    from zeren.duties.models import ResponsibilityList
    from zeren.duties.services import build_unit_lists

    day = list_publication_day(today)
    started = timezone.now()
    with batched_events():  # the lists' audit events in bulk
        report = build_unit_lists(actor=None, unit=unit, on=day, publish=True)
    published_at = dt.datetime.combine(day, LIST_TIME, tzinfo=TZ)
    moved = ResponsibilityList.objects.filter(
        pk__in=report.list_ids, published_at__gte=started, version=1
    ).update(published_at=published_at)
    if moved:
        record_event(
            actor=None,
            action="demo.lists_dated",
            object_type="duties.responsibilitylist",
            object_repr=f"演示责任清单 {moved} 份",
            unit_path=unit.path,
            after={"published_at": published_at.isoformat(), "lists": moved},
            note=f"演示历史：责任清单按 {day:%Y年%m月%d日} 的岗位与分管生成并于当日发布",
        )
    return report, moved
