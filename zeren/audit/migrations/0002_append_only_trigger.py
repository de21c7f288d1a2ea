"""On PostgreSQL, refuse UPDATE and DELETE of audit events in the database itself.

Defence in depth: the application already refuses (``AuditTrailIsAppendOnly``) and the hash chain
detects whatever gets past both. TRUNCATE is not blocked (test databases are flushed with it); a
table owner can ``ALTER TABLE audit_auditevent DISABLE TRIGGER``, which is what the tamper tests do.
Other databases (SQLite in development) get no trigger.
"""

from typing import Any

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit trail is append-only: % of seq % refused (审计日志只允许追加)', TG_OP, OLD.seq
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)  # no placeholders: "%" is plpgsql

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
