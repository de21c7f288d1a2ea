"""The Kashgar demo: the prefecture, its 12 county-level units and a few years of invented history.

``build_demo`` writes it (idempotent; audited: see build.py); ``reset_demo`` (reset.py) removes it so
it can be rebuilt, keeping the audit trail. The people are invented (``names.py``) and marked
``演示人员（虚构）``. See docs/demo.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import DEMO_NOTE, PERSON_PREFIX, DemoSummary, build_demo, demo_exists, demo_summary
    from .data import PREFECTURE_CODE, codes_used
    from .reset import DemoResetRefused, is_demo_instance, reset_demo

# Imported lazily (PEP 562): `zeren.demo.cli` is loaded while the command-line parser is built, before
# Django is set up, and the submodules below import models.
_WHERE = {
    "DEMO_NOTE": "build",
    "PERSON_PREFIX": "build",
    "DemoSummary": "build",
    "build_demo": "build",
    "demo_exists": "build",
    "demo_summary": "build",
    "PREFECTURE_CODE": "data",
    "codes_used": "data",
    "DemoResetRefused": "reset",
    "is_demo_instance": "reset",
    "reset_demo": "reset",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
