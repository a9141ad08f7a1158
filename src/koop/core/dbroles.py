"""Two PostgreSQL roles in production: one owns the schema and runs the migrations, the
other is what Koop runs as, with only the rights it needs.

The runtime role reads and writes rows (SELECT, INSERT, UPDATE, DELETE on the tables,
USAGE on the sequences) and nothing else: it owns nothing, so it cannot ``ALTER TABLE ...
DISABLE TRIGGER``, drop or replace a trigger or its function, or change the schema, and it
has no TRUNCATE (which row triggers do not see). Whatever reaches the database through
Koop therefore meets every rule the migrations wrote.

``runtime_grant`` gives a role those rights, run as the owner after every ``migrate``;
``runtime_problems`` is what the deploy check reports about the role Koop connects as."""

from __future__ import annotations

import re

from django.db import connections, transaction
from django.utils.translation import gettext as _

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


class RoleError(Exception):
    """A grant that must not be made; the message says why, for a person."""


def _identifier(using: str, name: str) -> str:
    from psycopg import sql

    connection = connections[using]
    connection.ensure_connection()
    return sql.Identifier(name).as_string(connection.connection)


def runtime_grant_sql(*, role: str, database: str, schema: str) -> list[str]:
    """The statements, with every name already quoted."""
    return [
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Tables a later migration makes are the runtime role's to use at once.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {role}",
    ]


def runtime_grant(*, role: str, using: str = "default") -> list[str]:
    """Give ``role`` the runtime rights on the database ``using`` connects to (as the
    owner); returns the statements run. Refuses a role that could do more than that."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RoleError(_("Database roles are PostgreSQL's; SQLite has none to grant."))
    if not ROLE_NAME.match(role):
        raise RoleError(
            _("%(role)r is not a role name Koop accepts (lower-case letters, digits and _).")
            % {"role": role}
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, current_database(), current_schema(), "
            "(SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = current_schema())"
        )
        owner, database, schema, schema_owner = cursor.fetchone()
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise RoleError(
                _("There is no role %(role)s: create it first (CREATE ROLE %(role)s LOGIN).")
                % {"role": role}
            )
        if found[0]:
            raise RoleError(
                _("%(role)s is a superuser, who can do anything, triggers included.")
                % {"role": role}
            )
        if role == owner:
            raise RoleError(
                _("%(role)s is the role running this command, which owns the schema.")
                % {"role": role}
            )
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = %s",
            [role],
        )
        if cursor.fetchone()[0]:
            raise RoleError(
                _("%(role)s owns tables of the schema; the runtime role must own none.")
                % {"role": role}
            )
    statements = runtime_grant_sql(
        role=_identifier(using, role),
        database=_identifier(using, database),
        schema=_identifier(using, schema),
    )
    if schema_owner == owner:
        # Before PostgreSQL 15 everyone may create tables in the public schema.
        statements.append(f"REVOKE CREATE ON SCHEMA {_identifier(using, schema)} FROM PUBLIC")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def runtime_problems(using: str = "default") -> list[str]:
    """What is wrong with the role Koop connects to ``using`` as, for a runtime role."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
            "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = current_user), "
            "has_schema_privilege(current_user, current_schema(), 'CREATE')"
        )
        role, superuser, owned, can_create = cursor.fetchone()
    problems = []
    if superuser:
        problems.append(
            _(
                "Koop connects to the database as %(role)s, a superuser: it could lift or drop "
                "the triggers that keep the books."
            )
            % {"role": role}
        )
    if owned:
        problems.append(
            _(
                "Koop connects to the database as %(role)s, which owns %(count)s of Koop's "
                "tables: it could disable or drop the triggers that keep the books."
            )
            % {"role": role, "count": owned}
        )
    elif can_create and not superuser:
        problems.append(
            _("Koop connects to the database as %(role)s, which may create tables in the schema.")
            % {"role": role}
        )
    return problems
