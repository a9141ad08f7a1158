"""The database keeps a work order on one invoice draft at most.

A work order is invoiced whole and once. The services refuse to put an order on a second
draft (and lock the order while they check); this trigger refuses it even for code that
skips them: a draft line naming a work order that another draft already has is refused on
insert and on update. Both SQLite and PostgreSQL raise an integrity error."""

from django.db import migrations

MESSAGE = "billing_invoicedraftline: the work order is already on another invoice draft"
OTHER_DRAFT = (
    "EXISTS (SELECT 1 FROM billing_invoicedraftline existing "
    "WHERE existing.work_order_id = NEW.work_order_id AND existing.draft_id <> NEW.draft_id)"
)

SQLITE_FORWARD = [
    f"CREATE TRIGGER billing_invoicedraftline_one_draft_{op.lower()} BEFORE {op} "
    f"{'OF work_order_id, draft_id ' if op == 'UPDATE' else ''}ON billing_invoicedraftline "
    f"WHEN NEW.work_order_id IS NOT NULL AND {OTHER_DRAFT} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    for op in ("INSERT", "UPDATE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS billing_invoicedraftline_one_draft_{op.lower()};"
    for op in ("INSERT", "UPDATE")
]
POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION billing_invoicedraftline_one_draft() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.work_order_id IS NOT NULL AND {OTHER_DRAFT} THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER billing_invoicedraftline_one_draft BEFORE INSERT OR UPDATE OF "
    "work_order_id, draft_id ON billing_invoicedraftline "
    "FOR EACH ROW EXECUTE FUNCTION billing_invoicedraftline_one_draft();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS billing_invoicedraftline_one_draft ON billing_invoicedraftline;",
    "DROP FUNCTION IF EXISTS billing_invoicedraftline_one_draft();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"no invoice draft line triggers for {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


def create_triggers(apps, schema_editor):
    _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})(apps, schema_editor)


def drop_triggers(apps, schema_editor):
    _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_invoice_chain")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
