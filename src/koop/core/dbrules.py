"""One writer for the rules the database keeps itself (row triggers), on SQLite and
PostgreSQL alike.

A rule is declared once: its name, its table, the writes it watches, the condition that
makes a write wrong (none: every such write is wrong) and the refusal. From that the
writer makes the SQL for either database, and every trigger refuses the same way, so code
that steps around the services meets the same error class on both:

- PostgreSQL: ``RAISE EXCEPTION ... USING ERRCODE = '23514'`` (check_violation), which
  Django reports as ``IntegrityError``;
- SQLite: ``RAISE(ABORT, ...)``, a constraint failure, which Django reports as
  ``IntegrityError`` too.

Any other database is refused when the migration runs, rather than left without rules.

In a migration::

    RULES = RuleSet(
        Rule(
            name="core_auditentry_append_only",
            table="core_auditentry",
            on=("UPDATE", "DELETE"),
            refusal="the audit trail is only ever added to",
        ),
    )

    class Migration(migrations.Migration):
        operations = [RULES.operation()]

A condition reads the row as ``OLD`` and ``NEW`` in SQL both databases understand
(subqueries, ``EXISTS``, ``AND``/``OR``, comparisons); ``changed("a", "b")`` says that one
of the columns differs, NULLs included, in each database's own words, and ``&`` / ``|``
join conditions. A migration's rules are frozen with it: to change a rule, write a new
migration that drops and replaces it (``RuleSet.drop_sql``).

``rules_lifted`` takes the triggers off some tables for a moment and puts them back: for a
data migration that must fill a new column of rows the triggers keep, and for tests that
tamper as a superuser could. The runtime database role can do neither (it owns nothing).

``triggers_kept_through`` wraps schema operations that SQLite performs by making a table
again (adding a NOT NULL column, say), which would otherwise lose the table's triggers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

VENDORS = ("sqlite", "postgresql")
EVENTS = ("INSERT", "UPDATE", "DELETE")
CHECK_VIOLATION = "23514"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,58}$")


class UnsupportedDatabase(RuntimeError):
    """The database is neither SQLite nor PostgreSQL: Koop's rules cannot be written there."""

    def __init__(self, vendor: str) -> None:
        super().__init__(
            f"Koop keeps its rules in SQLite or PostgreSQL triggers; {vendor!r} has none"
        )


def _require_vendor(vendor: str) -> None:
    if vendor not in VENDORS:
        raise UnsupportedDatabase(vendor)


@dataclass(frozen=True)
class Condition:
    """A piece of SQL, the same on both databases or written for each."""

    sqlite: str
    postgresql: str

    def render(self, vendor: str) -> str:
        _require_vendor(vendor)
        return self.sqlite if vendor == "sqlite" else self.postgresql

    def __and__(self, other: Condition | str) -> Condition:
        right = as_condition(other)
        return Condition(
            f"({self.sqlite}) AND ({right.sqlite})",
            f"({self.postgresql}) AND ({right.postgresql})",
        )

    def __rand__(self, other: str) -> Condition:
        return as_condition(other) & self

    def __or__(self, other: Condition | str) -> Condition:
        right = as_condition(other)
        return Condition(
            f"({self.sqlite}) OR ({right.sqlite})",
            f"({self.postgresql}) OR ({right.postgresql})",
        )

    def __ror__(self, other: str) -> Condition:
        return as_condition(other) | self

    def __invert__(self) -> Condition:
        return Condition(f"NOT ({self.sqlite})", f"NOT ({self.postgresql})")


def as_condition(value: Condition | str) -> Condition:
    return value if isinstance(value, Condition) else Condition(value, value)


def changed(*columns: str) -> Condition:
    """True when any of ``columns`` differs between OLD and NEW (a NULL differs from a
    value). SQLite says ``IS NOT``, PostgreSQL ``IS DISTINCT FROM``."""
    if not columns:
        raise ValueError("changed() needs at least one column")
    quoted = [f'"{c}"' for c in columns]
    return Condition(
        " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in quoted),
        " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in quoted),
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Rule:
    """One rule: ``on`` the writes to ``table`` it watches, refused ``when`` the condition
    holds (always, without one). ``of`` narrows an UPDATE rule to writes of those columns."""

    name: str
    table: str
    on: str | tuple[str, ...]
    refusal: str
    when: Condition | str | None = None
    of: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r}: lower case, digits and _, short")
        for event in self.events:
            if event not in EVENTS:
                raise ValueError(f"rule {self.name}: {event!r} is not INSERT, UPDATE or DELETE")
        if self.of and self.events != ("UPDATE",):
            raise ValueError(f"rule {self.name}: 'of' columns go with UPDATE alone")
        if self.when is not None:
            text = " ".join(as_condition(self.when).render(v) for v in VENDORS)
            # SQLite has no NEW in a DELETE trigger and no OLD in an INSERT trigger.
            if "DELETE" in self.events and "NEW." in text:
                raise ValueError(f"rule {self.name}: a DELETE rule reads OLD only")
            if "INSERT" in self.events and "OLD." in text:
                raise ValueError(f"rule {self.name}: an INSERT rule reads NEW only")

    @property
    def events(self) -> tuple[str, ...]:
        return (self.on,) if isinstance(self.on, str) else tuple(self.on)

    @property
    def message(self) -> str:
        return f"{self.name}: {self.refusal}"

    def _timing(self, events: Sequence[str]) -> str:
        if self.of:
            return f"BEFORE UPDATE OF {', '.join(self.of)}"
        return "BEFORE " + " OR ".join(events)

    def _sqlite_names(self) -> list[str]:
        if len(self.events) == 1:
            return [self.name]
        return [f"{self.name}_{event.lower()}" for event in self.events]

    def create_sql(self, vendor: str) -> list[str]:
        _require_vendor(vendor)
        condition = None if self.when is None else as_condition(self.when).render(vendor)
        if vendor == "sqlite":
            when = f" WHEN {condition}" if condition else ""
            return [
                f"CREATE TRIGGER {name} {self._timing([event])} ON {self.table} FOR EACH ROW"
                f"{when} BEGIN SELECT RAISE(ABORT, {_literal(self.message)}); END"
                for name, event in zip(self._sqlite_names(), self.events, strict=True)
            ]
        refuse = (
            f"RAISE EXCEPTION USING ERRCODE = '{CHECK_VIOLATION}', "
            f"MESSAGE = {_literal(self.message)};"
        )
        body = f"IF {condition} THEN {refuse} END IF;" if condition else refuse
        return [
            f"CREATE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n    {body}\n"
            "    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
            "    RETURN NEW;\n"
            "END\n$$",
            f"CREATE TRIGGER {self.name} {self._timing(self.events)} ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.name}()",
        ]

    def drop_sql(self, vendor: str) -> list[str]:
        _require_vendor(vendor)
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {name}" for name in self._sqlite_names()]
        return [
            f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
            f"DROP FUNCTION IF EXISTS {self.name}()",
        ]


class RuleSet:
    """The rules of one migration, created in order and dropped in reverse."""

    def __init__(self, *rules: Rule) -> None:
        names = [r.name for r in rules]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"rules named twice: {', '.join(duplicates)}")
        self.rules = tuple(rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def create_sql(self, vendor: str) -> list[str]:
        return [sql for rule in self.rules for sql in rule.create_sql(vendor)]

    def drop_sql(self, vendor: str) -> list[str]:
        return [sql for rule in reversed(self.rules) for sql in rule.drop_sql(vendor)]

    def create(self, apps: Any, schema_editor: Any) -> None:
        """``RunPython`` forward: make the triggers on the migrating database."""
        for sql in self.create_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def drop(self, apps: Any, schema_editor: Any) -> None:
        """``RunPython`` backward: remove them again."""
        for sql in self.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def operation(self) -> Any:
        """The migration operation that makes these rules (and removes them backwards)."""
        from django.db import migrations

        return migrations.RunPython(self.create, self.drop)


# --- lifting the rules for a moment ------------------------------------------------------


@contextmanager
def rules_lifted(connection: BaseDatabaseWrapper, tables: Sequence[str]) -> Iterator[None]:
    """Every trigger on ``tables`` off while the block runs, and back on after it.

    Only the schema's owner (or a superuser) can do this, never Koop's runtime role. It
    all happens in one transaction (a savepoint inside an open one), so an error in the
    block puts the triggers back by rolling back. PostgreSQL: pending deferred checks run
    first (a table with pending trigger events cannot be altered), then ``ALTER TABLE ...
    DISABLE TRIGGER USER``. SQLite has no disabling: the triggers are dropped and made
    again from their stored SQL."""
    _require_vendor(connection.vendor)
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
            yield
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
            # Back to each constraint's own timing (Django's are initially deferred).
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        placeholders = ", ".join(["%s"] * len(tables))
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "  # noqa: S608  # placeholders only
            f"WHERE type = 'trigger' AND tbl_name IN ({placeholders}) ORDER BY name",
            list(tables),
        )
        saved: list[tuple[str, str]] = cursor.fetchall()
        for name, _sql in saved:
            cursor.execute(f"DROP TRIGGER {quote(name)}")
        yield
        for _name, sql in saved:
            cursor.execute(sql)


# --- schema changes that rebuild a table on SQLite --------------------------------------

_SET_ASIDE: dict[str, list[tuple[str, str]]] = {}


def _set_aside(tables: Sequence[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        _require_vendor(connection.vendor)
        if connection.vendor != "sqlite":
            return
        mentions = " OR ".join(["sql LIKE %s"] * len(tables))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "  # noqa: S608  # placeholders only
                f"WHERE type = 'trigger' AND ({mentions}) ORDER BY name",
                [f"%{table}%" for table in tables],
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        _SET_ASIDE[connection.alias] = saved

    return run


def _put_back(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for _name, sql in _SET_ASIDE.pop(connection.alias, []):
            cursor.execute(sql)


def triggers_kept_through(tables: Sequence[str], *operations: Any) -> list[Any]:
    """``operations`` (e.g. ``AddField``) wrapped so that the triggers on, or naming, any of
    ``tables`` survive them.

    SQLite cannot add a NOT NULL column, or change one, in place: Django makes the table
    again and drops the old one, which drops the triggers on it and trips every trigger
    elsewhere that reads it. So on SQLite those triggers are set aside first and made
    again, unchanged, after; PostgreSQL alters in place and keeps them."""
    from django.db import migrations

    aside, back = _set_aside(tables), _put_back
    return [
        migrations.RunPython(aside, back),
        *operations,
        migrations.RunPython(back, aside),
    ]
