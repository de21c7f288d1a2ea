"""The roster workbook (花名册): template, validated atomic import, and export of the org data.

Format and rules: docs/roster.md.
"""

from __future__ import annotations

from .importer import export_roster, import_roster, write_template
from .reader import RosterFileError
from .result import RosterError, RosterResult

__all__ = [
    "RosterError",
    "RosterFileError",
    "RosterResult",
    "export_roster",
    "import_roster",
    "write_template",
]
