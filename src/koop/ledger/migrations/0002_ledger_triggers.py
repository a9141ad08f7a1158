"""The database keeps the books honest, whatever writes to it.

- A voucher is inserted as a draft (``posted`` false) and posted by one UPDATE of
  ``posted``. Posting checks that the rows sum to zero (SQLite: in a BEFORE UPDATE trigger,
  as it has no deferred triggers; PostgreSQL: in a DEFERRABLE INITIALLY DEFERRED constraint
  trigger, checked at commit), that the date lies in the voucher's fiscal year and after
  the year's locked period.
- A posted voucher is never updated or deleted, and its rows are never inserted, updated
  or deleted. Corrections are reversing vouchers.
- A fiscal year's locked period only ever grows.

Both databases raise an integrity error, which Django reports as ``IntegrityError``."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TRIGGER ledger_voucher_insert_draft BEFORE INSERT ON ledger_voucher WHEN NEW.posted "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: insert a voucher as a draft, then post it'); END;",
    "CREATE TRIGGER ledger_voucher_no_update BEFORE UPDATE ON ledger_voucher WHEN OLD.posted "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: a posted voucher never changes; "
    "post a reversing voucher'); END;",
    "CREATE TRIGGER ledger_voucher_no_delete BEFORE DELETE ON ledger_voucher WHEN OLD.posted "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: a posted voucher is never deleted'); END;",
    "CREATE TRIGGER ledger_voucher_post_balances BEFORE UPDATE OF posted ON ledger_voucher "
    "WHEN NEW.posted AND NOT OLD.posted AND ROUND(COALESCE((SELECT SUM(amount) FROM "
    "ledger_voucherrow WHERE voucher_id = NEW.id), 0), 2) <> 0 "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: the voucher does not balance'); END;",
    "CREATE TRIGGER ledger_voucher_post_in_year BEFORE UPDATE OF posted ON ledger_voucher "
    "WHEN NEW.posted AND NOT OLD.posted AND NOT EXISTS (SELECT 1 FROM ledger_fiscalyear f "
    "WHERE f.id = NEW.fiscal_year_id AND NEW.date BETWEEN f.start AND f.\"end\") "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: the date is outside the fiscal year'); END;",
    "CREATE TRIGGER ledger_voucher_post_unlocked BEFORE UPDATE OF posted ON ledger_voucher "
    "WHEN NEW.posted AND NOT OLD.posted AND EXISTS (SELECT 1 FROM ledger_fiscalyear f "
    "WHERE f.id = NEW.fiscal_year_id AND f.locked_until IS NOT NULL "
    "AND NEW.date <= f.locked_until) "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucher: the period is locked'); END;",
    "CREATE TRIGGER ledger_voucherrow_no_insert BEFORE INSERT ON ledger_voucherrow "
    "WHEN (SELECT posted FROM ledger_voucher WHERE id = NEW.voucher_id) "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucherrow: the voucher is posted'); END;",
    "CREATE TRIGGER ledger_voucherrow_no_update BEFORE UPDATE ON ledger_voucherrow "
    "WHEN (SELECT posted FROM ledger_voucher WHERE id = OLD.voucher_id) "
    "OR (SELECT posted FROM ledger_voucher WHERE id = NEW.voucher_id) "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucherrow: the voucher is posted'); END;",
    "CREATE TRIGGER ledger_voucherrow_no_delete BEFORE DELETE ON ledger_voucherrow "
    "WHEN (SELECT posted FROM ledger_voucher WHERE id = OLD.voucher_id) "
    "BEGIN SELECT RAISE(ABORT, 'ledger_voucherrow: the voucher is posted'); END;",
    "CREATE TRIGGER ledger_fiscalyear_lock_grows BEFORE UPDATE ON ledger_fiscalyear "
    "WHEN OLD.locked_until IS NOT NULL AND (NEW.locked_until IS NULL "
    "OR NEW.locked_until < OLD.locked_until) "
    "BEGIN SELECT RAISE(ABORT, 'ledger_fiscalyear: a locked period stays locked'); END;",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "ledger_voucher_insert_draft",
        "ledger_voucher_no_update",
        "ledger_voucher_no_delete",
        "ledger_voucher_post_balances",
        "ledger_voucher_post_in_year",
        "ledger_voucher_post_unlocked",
        "ledger_voucherrow_no_insert",
        "ledger_voucherrow_no_update",
        "ledger_voucherrow_no_delete",
        "ledger_fiscalyear_lock_grows",
    )
]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION ledger_voucher_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        fy record;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.posted THEN
                RAISE EXCEPTION 'ledger_voucher: a posted voucher is never deleted'
                    USING ERRCODE = '23514';
            END IF;
            RETURN OLD;
        END IF;
        IF TG_OP = 'INSERT' AND NEW.posted THEN
            RAISE EXCEPTION 'ledger_voucher: insert a voucher as a draft, then post it'
                USING ERRCODE = '23514';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.posted THEN
            RAISE EXCEPTION 'ledger_voucher: a posted voucher never changes; post a reversing voucher'
                USING ERRCODE = '23514';
        END IF;
        IF NEW.posted THEN
            SELECT start, "end", locked_until INTO fy FROM ledger_fiscalyear
                WHERE id = NEW.fiscal_year_id;
            IF NEW.date < fy.start OR NEW.date > fy."end" THEN
                RAISE EXCEPTION 'ledger_voucher: the date is outside the fiscal year'
                    USING ERRCODE = '23514';
            END IF;
            IF fy.locked_until IS NOT NULL AND NEW.date <= fy.locked_until THEN
                RAISE EXCEPTION 'ledger_voucher: the period is locked' USING ERRCODE = '23514';
            END IF;
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER ledger_voucher_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_voucher "
    "FOR EACH ROW EXECUTE FUNCTION ledger_voucher_guard();",
    """
    CREATE OR REPLACE FUNCTION ledger_voucher_balance() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        total numeric;
    BEGIN
        SELECT COALESCE(SUM(amount), 0) INTO total FROM ledger_voucherrow
            WHERE voucher_id = NEW.id;
        IF total <> 0 THEN
            RAISE EXCEPTION 'ledger_voucher: voucher % does not balance (off by %)', NEW.id, total
                USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
    END
    $$;
    """,
    "CREATE CONSTRAINT TRIGGER ledger_voucher_balance AFTER INSERT OR UPDATE ON ledger_voucher "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.posted) "
    "EXECUTE FUNCTION ledger_voucher_balance();",
    """
    CREATE OR REPLACE FUNCTION ledger_voucherrow_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE')
           AND (SELECT posted FROM ledger_voucher WHERE id = OLD.voucher_id) THEN
            RAISE EXCEPTION 'ledger_voucherrow: the voucher is posted' USING ERRCODE = '23514';
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE')
           AND (SELECT posted FROM ledger_voucher WHERE id = NEW.voucher_id) THEN
            RAISE EXCEPTION 'ledger_voucherrow: the voucher is posted' USING ERRCODE = '23514';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER ledger_voucherrow_guard BEFORE INSERT OR UPDATE OR DELETE "
    "ON ledger_voucherrow FOR EACH ROW EXECUTE FUNCTION ledger_voucherrow_guard();",
    """
    CREATE OR REPLACE FUNCTION ledger_fiscalyear_lock_grows() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.locked_until IS NOT NULL
           AND (NEW.locked_until IS NULL OR NEW.locked_until < OLD.locked_until) THEN
            RAISE EXCEPTION 'ledger_fiscalyear: a locked period stays locked'
                USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
    END
    $$;
    """,
    "CREATE TRIGGER ledger_fiscalyear_lock_grows BEFORE UPDATE ON ledger_fiscalyear "
    "FOR EACH ROW EXECUTE FUNCTION ledger_fiscalyear_lock_grows();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_voucher_guard ON ledger_voucher;",
    "DROP TRIGGER IF EXISTS ledger_voucher_balance ON ledger_voucher;",
    "DROP TRIGGER IF EXISTS ledger_voucherrow_guard ON ledger_voucherrow;",
    "DROP TRIGGER IF EXISTS ledger_fiscalyear_lock_grows ON ledger_fiscalyear;",
    "DROP FUNCTION IF EXISTS ledger_voucher_guard();",
    "DROP FUNCTION IF EXISTS ledger_voucher_balance();",
    "DROP FUNCTION IF EXISTS ledger_voucherrow_guard();",
    "DROP FUNCTION IF EXISTS ledger_fiscalyear_lock_grows();",
]


def forward(apps, schema_editor):
    statements = (
        POSTGRES_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    )
    for sql in statements:
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
