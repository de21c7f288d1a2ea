"""Policy packs: curated data for one regulation, loaded and checked against the regulation's own text.

Pure: imports nothing from Django. Format: docs/pack-format.md.
"""

from __future__ import annotations

from pathlib import Path

from .coverage import coverage, render_markdown
from .errors import PackError, PackIssue
from .loader import check_pack, load_pack, read_pack
from .model import Pack

KASHGAR_PACK_DIR = Path(__file__).parent / "kashgar_2021"

__all__ = [
    "KASHGAR_PACK_DIR",
    "Pack",
    "PackError",
    "PackIssue",
    "check_pack",
    "coverage",
    "load_pack",
    "read_pack",
    "render_markdown",
]
