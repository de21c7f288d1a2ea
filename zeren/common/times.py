"""Times as people read them: an aware datetime in the active time zone — the pack's (Asia/Shanghai for
Kashgar), activated for every request by ``zeren.web.timezones.PackTimeZoneMiddleware`` and for every
``zeren`` command by ``zeren.cli`` — never UTC. The instant is kept; only the offset it is written with
changes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_time(value: dt.datetime) -> dt.datetime:
    """An aware ``value`` in the active zone; a naive one unchanged."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def local_iso(value: dt.datetime | str) -> str:
    """ISO 8601 of ``value`` (a datetime or an ISO 8601 string) in the active zone; text that is not an aware
    ISO 8601 datetime is returned as given."""
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    if timezone.is_naive(moment):
        return moment.isoformat()
    return local_time(moment).isoformat()
