"""The database keeps issued invoices as they were issued.

- ``billing_invoice``, ``billing_invoiceline``, ``billing_invoicevatamount`` and
  ``billing_payment`` refuse every UPDATE and DELETE (corrections are credit notes).
- A line (or VAT row) can be inserted only up to the ``line_count`` (``vat_count``) its
  invoice was issued with, so nothing can be added to an issued invoice afterwards.
- A credit note line never takes back more of an invoice line than is left of it.

Both SQLite and PostgreSQL raise an integrity error, which Django reports as
``IntegrityError``. PostgreSQL's TRUNCATE (used only to empty a test database) is a
statement, not a row change, and is left alone."""

from django.db import migrations

IMMUTABLE_TABLES = (
    "billing_invoice",
    "billing_invoiceline",
    "billing_invoicevatamount",
    "billing_payment",
)
REFUSAL = "issued invoices and payments are never changed or deleted; issue a credit note"

SQLITE_FORWARD = [
    *(
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table}: {REFUSAL}'); END;"
        for table in IMMUTABLE_TABLES
        for op in ("UPDATE", "DELETE")
    ),
    "CREATE TRIGGER billing_invoiceline_declared BEFORE INSERT ON billing_invoiceline "
    "WHEN NEW.line_no > (SELECT line_count FROM billing_invoice WHERE id = NEW.invoice_id) "
    "BEGIN SELECT RAISE(ABORT, 'billing_invoiceline: the invoice was issued with fewer "
    "lines; nothing is added to an issued invoice'); END;",
    "CREATE TRIGGER billing_invoicevatamount_declared BEFORE INSERT ON billing_invoicevatamount "
    "WHEN NEW.position > (SELECT vat_count FROM billing_invoice WHERE id = NEW.invoice_id) "
    "BEGIN SELECT RAISE(ABORT, 'billing_invoicevatamount: the invoice was issued with fewer "
    "VAT rates; nothing is added to an issued invoice'); END;",
    "CREATE TRIGGER billing_invoiceline_credit_within_original BEFORE INSERT ON "
    "billing_invoiceline WHEN NEW.credited_line_id IS NOT NULL AND "
    "(SELECT quantity FROM billing_invoiceline WHERE id = NEW.credited_line_id) + 0.0005 < "
    "NEW.quantity + (SELECT COALESCE(SUM(quantity), 0) FROM billing_invoiceline "
    "WHERE credited_line_id = NEW.credited_line_id) "
    "BEGIN SELECT RAISE(ABORT, 'billing_invoiceline: a credit note takes back more than "
    "is left of the invoice line'); END;",
]
SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
        for table in IMMUTABLE_TABLES
        for op in ("UPDATE", "DELETE")
    ),
    "DROP TRIGGER IF EXISTS billing_invoiceline_declared;",
    "DROP TRIGGER IF EXISTS billing_invoicevatamount_declared;",
    "DROP TRIGGER IF EXISTS billing_invoiceline_credit_within_original;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION billing_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '%: {REFUSAL}', TG_TABLE_NAME USING ERRCODE = '23000';
    END
    $$;
    """,
    *(
        f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();"
        for table in IMMUTABLE_TABLES
    ),
    """
    CREATE OR REPLACE FUNCTION billing_invoiceline_check_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        declared integer;
        original numeric;
        taken numeric;
    BEGIN
        SELECT line_count INTO declared FROM billing_invoice WHERE id = NEW.invoice_id;
        IF NEW.line_no > declared THEN
            RAISE EXCEPTION 'billing_invoiceline: the invoice was issued with fewer lines; '
                'nothing is added to an issued invoice' USING ERRCODE = '23000';
        END IF;
        IF NEW.credited_line_id IS NOT NULL THEN
            SELECT quantity INTO original FROM billing_invoiceline
                WHERE id = NEW.credited_line_id;
            SELECT COALESCE(SUM(quantity), 0) INTO taken FROM billing_invoiceline
                WHERE credited_line_id = NEW.credited_line_id;
            IF original < taken + NEW.quantity THEN
                RAISE EXCEPTION 'billing_invoiceline: a credit note takes back more than is '
                    'left of the invoice line' USING ERRCODE = '23000';
            END IF;
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER billing_invoiceline_insert BEFORE INSERT ON billing_invoiceline "
    "FOR EACH ROW EXECUTE FUNCTION billing_invoiceline_check_insert();",
    """
    CREATE OR REPLACE FUNCTION billing_invoicevatamount_check_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.position > (SELECT vat_count FROM billing_invoice WHERE id = NEW.invoice_id)
        THEN
            RAISE EXCEPTION 'billing_invoicevatamount: the invoice was issued with fewer VAT '
                'rates; nothing is added to an issued invoice' USING ERRCODE = '23000';
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER billing_invoicevatamount_insert BEFORE INSERT ON billing_invoicevatamount "
    "FOR EACH ROW EXECUTE FUNCTION billing_invoicevatamount_check_insert();",
]
POSTGRES_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};" for table in IMMUTABLE_TABLES),
    "DROP TRIGGER IF EXISTS billing_invoiceline_insert ON billing_invoiceline;",
    "DROP TRIGGER IF EXISTS billing_invoicevatamount_insert ON billing_invoicevatamount;",
    "DROP FUNCTION IF EXISTS billing_refuse_change();",
    "DROP FUNCTION IF EXISTS billing_invoiceline_check_insert();",
    "DROP FUNCTION IF EXISTS billing_invoicevatamount_check_insert();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"no invoice immutability triggers for {schema_editor.connection.vendor}"
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


def create_triggers(apps, schema_editor):
    _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})(apps, schema_editor)


def drop_triggers(apps, schema_editor):
    _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
