"""The Kashgar demo: the prefecture, its 12 county-level units and a few years of invented history.

``build_demo`` writes it (idempotent; audited: see build.py); ``reset_demo`` (reset.py) removes it so
it can be rebuilt, keeping the audit trail. The people are invented (``names.py``) and marked
``演示人员（虚构）``. See docs/demo.md.

The names below load lazily: ``zeren.cli`` imports ``zeren.demo.cli`` to build its parser before
Django is set up, so importing this package must not import models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import (
        DEMO_NOTE,
        PERSON_PREFIX,
        DemoSummary,
        build_demo,
        demo_exists,
        demo_summary,
    )
    from .data import PREFECTURE_CODE, codes_used
    from .reset import DemoResetRefused, is_demo_instance, reset_demo

# Loaded on first use (PEP 562): `zeren` reaches zeren.demo.cli before Django is set up, and importing
# this package must not import the models then.
_HOMES = {
    "DEMO_NOTE": ".build",
    "PERSON_PREFIX": ".build",
    "DemoSummary": ".build",
    "build_demo": ".build",
    "demo_exists": ".build",
    "demo_summary": ".build",
    "PREFECTURE_CODE": ".data",
    "codes_used": ".data",
    "DemoResetRefused": ".reset",
    "is_demo_instance": ".reset",
    "reset_demo": ".reset",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)


__all__ = [
    "DEMO_NOTE",
    "PERSON_PREFIX",
    "PREFECTURE_CODE",
    "DemoResetRefused",
    "DemoSummary",
    "build_demo",
    "codes_used",
    "demo_exists",
    "demo_summary",
    "is_demo_instance",
    "reset_demo",
]
