"""The type of plain JSON data (what ``json.dumps`` writes and a ``JSONField`` stores)."""

from __future__ import annotations

from typing import TypeAlias

Json: TypeAlias = "str | int | float | bool | list[Json] | dict[str, Json] | None"
JsonObject: TypeAlias = "dict[str, Json]"
