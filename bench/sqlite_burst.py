"""20 parallel write transactions on a fresh SQLite file: how many fail with "database is locked"?

Each thread has its own connection (Django connections are per thread) and appends one audit event, the
most contended write (every write service appends to the one hash chain). Run:

    .venv/bin/python bench/sqlite_burst.py DIR [--plain]

``--plain`` drops the SQLite OPTIONS from config/env.py (the settings before WAL/IMMEDIATE/timeout).
Prints one JSON line: errors, events written, journal mode, whether the chain verifies, seconds.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

THREADS = 20


def main() -> int:
    directory = Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "burst.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from django.conf import settings

    if "--plain" in sys.argv:
        settings.DATABASES["default"]["OPTIONS"] = {}
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", "audit", verbosity=0)
    from zeren.audit.models import AuditEvent
    from zeren.audit.services import record_event
    from zeren.audit.verify import verify_chain

    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def work(n: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                record_event(actor=None, action="bench.burst", object_type="bench", object_id=str(n))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "errors": errors,
                "events": AuditEvent.objects.filter(action="bench.burst").count(),
                "journal_mode": journal,
                "chain_ok": verify_chain().ok,
                "seconds": round(seconds, 3),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
