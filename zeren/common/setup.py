"""Django set-up for the command line: commands that need the database call ``setup_django()`` first."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

#: Called after ``django.setup()``: the ``zeren`` command registers here the activation of the pack's time
#: zone (the web layer knows the pack's zone; this module sits below it).
AFTER_SETUP: list[Callable[[], None]] = []


def setup_django() -> None:
    """Configure Django for commands that need the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()
    for hook in AFTER_SETUP:
        hook()
