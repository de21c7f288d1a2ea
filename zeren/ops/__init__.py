"""Operations: backup and restore of the whole instance (``zeren backup FILE``, ``zeren restore FILE``).

One portable archive (tar.gz) holds a manifest (format version, applied migrations, row counts, the
audit chain's head, the sha256 of every member), one JSON-lines file per table and the uploaded files
(evidence, attachments, signed copies under MEDIA_ROOT). The same archive restores into SQLite or
PostgreSQL: rows are written back with their primary keys, so the audit hash chain verifies afterwards.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .archive import BackupError
    from .backup import create_backup
    from .restore import restore_backup

# Lazy (PEP 562): `zeren.ops.cli` is loaded before Django is set up; the submodules import models.
_WHERE = {"BackupError": "archive", "create_backup": "backup", "restore_backup": "restore"}

__all__ = ["BackupError", "create_backup", "restore_backup"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
