"""Which tables a backup holds, and how one row's values go to JSON and back."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.duration import duration_iso_string

#: Sessions are not backed up: a restored instance starts with everyone signed out.
EXCLUDED_TABLES = frozenset({"django_session"})
#: Rows these tables hold right after ``migrate`` on an empty database; they do not make it "in use".
SEEDED_TABLES = frozenset({"django_content_type", "auth_permission"})


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table of every installed app (many-to-many tables included), by label."""
    seen: set[str] = set()
    found: list[type[models.Model]] = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen or meta.db_table in EXCLUDED_TABLES:
            continue
        seen.add(meta.db_table)
        found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def encode(value: object) -> object:
    """A database value as JSON: full-precision ISO times (the audit hashes depend on them)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)
