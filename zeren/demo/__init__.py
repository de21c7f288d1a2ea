"""The Kashgar demo: the prefecture, its 12 county-level units and a few years of invented history.

``build_demo`` writes it (idempotent; audited: see build.py); ``reset_demo`` (reset.py) removes it so
it can be rebuilt, keeping the audit trail. The people are invented (``names.py``) and marked
``演示人员（虚构）``. See docs/demo.md.
"""

from __future__ import annotations

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
