"""The database guards a work order's life, not only the services:

- a work order changes state only along the transitions table;
- a done, invoiced or cancelled order keeps its details (only done -> invoiced moves it);
- a done or invoiced order cannot be deleted;
- time and material rows are added, changed or removed only while the order is open
  (a row whose order does not exist yet is refused too: foreign keys are checked only at
  commit, so a row could otherwise slip in ahead of a closed order).

Both SQLite and PostgreSQL get the same rules. The table is frozen here on purpose: a
change to ``TRANSITIONS`` needs a migration that replaces these triggers."""

from django.db import migrations

TRANSITIONS = {
    "draft": ["planned", "cancelled"],
    "planned": ["in_progress", "draft", "cancelled"],
    "in_progress": ["done", "cancelled"],
    "done": ["invoiced"],
    "invoiced": [],
    "cancelled": [],
}
OPEN = ("draft", "planned", "in_progress")
FROZEN = ("done", "invoiced", "cancelled")
# Columns a closed order keeps as they were.
DETAILS = (
    "unit_id", "business_area_id", "customer_id", "agreement_id", "description", "place",
    "planned_date", "planned_start", "planned_end", "created_at",
)
ROW_TABLES = ("work_timerow", "work_materialrow", "work_workorder_assigned")

MSG_TRANSITION = "work order state change not in the transitions table"
MSG_FROZEN = "a done, invoiced or cancelled work order cannot be changed"
MSG_DELETE = "a done or invoiced work order cannot be deleted"
MSG_ROWS = "time and material can only change on an open work order"


def _allowed_pairs_sql(old: str, new: str) -> str:
    pairs = [f"({old} = '{a}' AND {new} = '{b}')" for a, bs in TRANSITIONS.items() for b in bs]
    return " OR ".join(pairs)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _sqlite_forward() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in DETAILS)
    statements = [
        f"""CREATE TRIGGER work_order_transition_guard BEFORE UPDATE OF status ON work_workorder
        FOR EACH ROW WHEN OLD.status <> NEW.status AND NOT ({_allowed_pairs_sql('OLD.status', 'NEW.status')})
        BEGIN SELECT RAISE(ABORT, '{MSG_TRANSITION}'); END""",
        f"""CREATE TRIGGER work_order_frozen_guard BEFORE UPDATE ON work_workorder
        FOR EACH ROW WHEN OLD.status IN {_in(FROZEN)} AND ({changed}
            OR (OLD.status = 'invoiced' AND (OLD.invoice_ref IS NOT NEW.invoice_ref
                OR OLD.invoiced_at IS NOT NEW.invoiced_at)))
        BEGIN SELECT RAISE(ABORT, '{MSG_FROZEN}'); END""",
        f"""CREATE TRIGGER work_order_delete_guard BEFORE DELETE ON work_workorder
        FOR EACH ROW WHEN OLD.status IN ('done', 'invoiced')
        BEGIN SELECT RAISE(ABORT, '{MSG_DELETE}'); END""",
    ]
    for table in ROW_TABLES:
        column = "workorder_id" if table.endswith("assigned") else "work_order_id"
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER {table}_{event.lower()}_open_guard BEFORE {event} ON {table}
                FOR EACH ROW WHEN COALESCE((SELECT status FROM work_workorder
                    WHERE id = {ref}.{column}), '') NOT IN {_in(OPEN)}
                BEGIN SELECT RAISE(ABORT, '{MSG_ROWS}'); END"""
            )
        # An update could move a row onto another order: that order must be open too.
        statements.append(
            f"""CREATE TRIGGER {table}_update_target_open_guard BEFORE UPDATE ON {table}
            FOR EACH ROW WHEN COALESCE((SELECT status FROM work_workorder
                WHERE id = NEW.{column}), '') NOT IN {_in(OPEN)}
            BEGIN SELECT RAISE(ABORT, '{MSG_ROWS}'); END"""
        )
    return statements


def _sqlite_backward() -> list[str]:
    names = ["work_order_transition_guard", "work_order_frozen_guard", "work_order_delete_guard"]
    for table in ROW_TABLES:
        names += [f"{table}_{e}_open_guard" for e in ("insert", "update", "delete")]
        names.append(f"{table}_update_target_open_guard")
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]


def _postgres_forward() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in DETAILS)
    statements = [
        f"""CREATE FUNCTION work_order_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.status IN ('done', 'invoiced') THEN
                    RAISE EXCEPTION '{MSG_DELETE}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN OLD;
            END IF;
            IF OLD.status <> NEW.status
               AND NOT ({_allowed_pairs_sql('OLD.status', 'NEW.status')}) THEN
                RAISE EXCEPTION '{MSG_TRANSITION}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF OLD.status IN {_in(FROZEN)} AND ({changed}
               OR (OLD.status = 'invoiced' AND (OLD.invoice_ref IS DISTINCT FROM NEW.invoice_ref
                   OR OLD.invoiced_at IS DISTINCT FROM NEW.invoiced_at))) THEN
                RAISE EXCEPTION '{MSG_FROZEN}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER work_order_guard BEFORE UPDATE OR DELETE ON work_workorder
        FOR EACH ROW EXECUTE FUNCTION work_order_guard()""",
    ]
    for table in ROW_TABLES:
        column = "workorder_id" if table.endswith("assigned") else "work_order_id"
        statements += [
            f"""CREATE FUNCTION {table}_open_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') AND COALESCE((SELECT status FROM work_workorder
                        WHERE id = OLD.{column}), '') NOT IN {_in(OPEN)} THEN
                    RAISE EXCEPTION '{MSG_ROWS}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') AND COALESCE((SELECT status FROM work_workorder
                        WHERE id = NEW.{column}), '') NOT IN {_in(OPEN)} THEN
                    RAISE EXCEPTION '{MSG_ROWS}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END $$""",
            f"""CREATE TRIGGER {table}_open_guard BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_open_guard()""",
        ]
    return statements


def _postgres_backward() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS work_order_guard ON work_workorder",
        "DROP FUNCTION IF EXISTS work_order_guard()",
    ]
    for table in ROW_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_open_guard ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_open_guard()",
        ]
    return statements


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = _sqlite_forward()
    elif vendor == "postgresql":
        statements = _postgres_forward()
    else:
        raise RuntimeError(f"Koop runs on SQLite or PostgreSQL, not on {vendor}")
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _sqlite_backward() if vendor == "sqlite" else _postgres_backward()
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("work", "0002_agreements_work_orders")]
    operations = [migrations.RunPython(forward, backward)]
