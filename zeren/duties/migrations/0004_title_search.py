"""The portal's title search through a trigram index, whichever the database.

PostgreSQL: ``pg_trgm`` (a trusted extension since PostgreSQL 13) and a GIN index with
``gin_trgm_ops`` on the title, which answers ``title LIKE '%q%'``.
SQLite: an FTS5 table with the ``trigram`` tokenizer over the titles (external content: it stores
only the index), kept in step with the list table by triggers, so every writer (services, bulk
publication, the demo) is covered without calling anything.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS list_title_trgm ON duties_responsibilitylist USING gin (title gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS list_title_trgm"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE duties_list_title_fts USING fts5("
    "title, content='duties_responsibilitylist', content_rowid='id', tokenize='trigram')",
    "INSERT INTO duties_list_title_fts(rowid, title) SELECT id, title FROM duties_responsibilitylist",
    "CREATE TRIGGER duties_list_title_ai AFTER INSERT ON duties_responsibilitylist BEGIN "
    "INSERT INTO duties_list_title_fts(rowid, title) VALUES (new.id, new.title); END",
    "CREATE TRIGGER duties_list_title_ad AFTER DELETE ON duties_responsibilitylist BEGIN "
    "INSERT INTO duties_list_title_fts(duties_list_title_fts, rowid, title) VALUES ('delete', old.id, old.title); "
    "END",
    "CREATE TRIGGER duties_list_title_au AFTER UPDATE OF title ON duties_responsibilitylist BEGIN "
    "INSERT INTO duties_list_title_fts(duties_list_title_fts, rowid, title) VALUES ('delete', old.id, old.title); "
    "INSERT INTO duties_list_title_fts(rowid, title) VALUES (new.id, new.title); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS duties_list_title_au",
    "DROP TRIGGER IF EXISTS duties_list_title_ad",
    "DROP TRIGGER IF EXISTS duties_list_title_ai",
    "DROP TABLE IF EXISTS duties_list_title_fts",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD})


def backward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("duties", "0003_portal_indexes")]

    operations = [migrations.RunPython(forward, backward)]
