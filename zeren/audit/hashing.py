"""JSON-safe values and the hash of an event.

``hash = sha256(canonical_json(content fields + prev_hash))`` where canonical JSON is
``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)``
encoded as UTF-8. ``at`` is written as UTC ISO 8601 with microseconds; integral floats are written
as integers, so a value reads back the same from SQLite JSON text and PostgreSQL ``jsonb``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import math
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.utils.duration import duration_iso_string
from django.utils.functional import Promise

from zeren.common.jsontypes import Json

GENESIS_HASH = "0" * 64

# The hashed fields, in the order they are documented (the JSON itself is key-sorted).
CONTENT_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "unit_path",
    "before",
    "after",
    "note",
    "prev_hash",
)


def json_safe(value: object) -> Json:
    """``value`` as plain JSON data: dates ISO 8601, Decimals and UUIDs as strings, models as their pk."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID | PurePath | Promise):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    pk = getattr(getattr(value, "_meta", None), "pk", None)
    if pk is not None:
        return json_safe(getattr(value, "pk", None))
    return str(value)


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _utc(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit event time must be timezone-aware")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_json(content: Mapping[str, Any]) -> str:
    """The canonical JSON of an event's content fields (``CONTENT_FIELDS``)."""
    payload = {name: _canonical(content[name]) for name in CONTENT_FIELDS}
    payload["at"] = _utc(content["at"])
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
