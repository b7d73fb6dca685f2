"""On PostgreSQL, refuse UPDATE and DELETE on audit records, and refuse deleting or rewinding
the chain head, even from hand-written SQL. Other databases: nothing to do (the model guards
and verification still apply). TRUNCATE is left alone: row triggers do not fire on it, and
the test framework empties tables with it."""

from django.db import migrations

FORWARD = [
    """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % is not allowed (审计日志只能追加)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql""",
    """
CREATE TRIGGER audit_auditrecord_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'table % only moves forward: % is not allowed (审计链头只能前进)',
            TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql""",
    """
CREATE TRIGGER audit_chainhead_forward_only
    BEFORE UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
    "DROP TRIGGER IF EXISTS audit_auditrecord_append_only ON audit_auditrecord",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
