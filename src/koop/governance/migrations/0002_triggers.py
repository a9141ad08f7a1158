"""Rules the database keeps itself: locked minutes never change, a ballot never changes,
nothing is cast in a closed vote, a closed vote never reopens, and a secret ballot never
gets a named roll-call entry."""

from django.db import migrations

# (name, table, timing, condition on OLD/NEW or None, message)
RULES = [
    ("minutes_locked_update", "governance_minutes", "BEFORE UPDATE",
     "OLD.status = 'locked'", "locked minutes cannot be changed"),
    ("minutes_locked_delete", "governance_minutes", "BEFORE DELETE",
     "OLD.status = 'locked'", "locked minutes cannot be deleted"),
    ("minutes_approval_locked_insert", "governance_minutesapproval", "BEFORE INSERT",
     "(SELECT status FROM governance_minutes WHERE id = NEW.minutes_id) = 'locked'",
     "locked minutes cannot be approved again"),
    ("minutes_approval_locked_change", "governance_minutesapproval", "BEFORE UPDATE",
     "(SELECT status FROM governance_minutes WHERE id = OLD.minutes_id) = 'locked'",
     "approvals of locked minutes cannot be changed"),
    ("minutes_approval_locked_delete", "governance_minutesapproval", "BEFORE DELETE",
     "(SELECT status FROM governance_minutes WHERE id = OLD.minutes_id) = 'locked'",
     "approvals of locked minutes cannot be deleted"),
    ("ballot_update", "governance_ballot", "BEFORE UPDATE", None,
     "a ballot cannot be changed"),
    ("ballot_closed_vote", "governance_ballot", "BEFORE INSERT",
     "(SELECT status FROM governance_vote WHERE id = NEW.vote_id) <> 'open'",
     "the vote is closed"),
    ("receipt_closed_vote", "governance_voterreceipt", "BEFORE INSERT",
     "(SELECT status FROM governance_vote WHERE id = NEW.vote_id) <> 'open'",
     "the vote is closed"),
    ("receipt_update", "governance_voterreceipt", "BEFORE UPDATE", None,
     "a voter receipt cannot be changed"),
    ("roll_call_secret", "governance_rollcallentry", "BEFORE INSERT",
     "(SELECT method FROM governance_vote WHERE id = NEW.vote_id) = 'secret'",
     "a secret ballot has no roll call"),
    ("vote_reopen", "governance_vote", "BEFORE UPDATE",
     "OLD.status = 'closed' AND NEW.status = 'open'", "a closed vote cannot be reopened"),
]


def _sqlite(name: str, table: str, timing: str, condition: str | None, message: str) -> str:
    when = f" WHEN {condition}" if condition else ""
    return (
        f"CREATE TRIGGER gov_{name} {timing} ON {table} FOR EACH ROW{when} "
        f"BEGIN SELECT RAISE(ABORT, 'koop: {message}'); END;"
    )


def _postgres(name: str, table: str, timing: str, condition: str | None, message: str) -> str:
    returns = "OLD" if "DELETE" in timing else "NEW"
    body = f"RAISE EXCEPTION 'koop: {message}';"
    if condition:
        body = f"IF {condition} THEN {body} END IF; RETURN {returns};"
    return (
        f"CREATE FUNCTION gov_{name}() RETURNS trigger AS $$ BEGIN {body} END; $$ "
        f"LANGUAGE plpgsql; "
        f"CREATE TRIGGER gov_{name} {timing} ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION gov_{name}();"
    )


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for rule in RULES:
        if vendor == "sqlite":
            schema_editor.execute(_sqlite(*rule))
        elif vendor == "postgresql":
            schema_editor.execute(_postgres(*rule))


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for name, table, *_ in RULES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS gov_{name};")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS gov_{name} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS gov_{name}();")


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
