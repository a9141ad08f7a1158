"""Production runs Koop as a role that owns nothing: it reads and writes rows, and cannot
lift, drop or replace the triggers, truncate a table or change the schema."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from koop.core.checks import runtime_role_owns_nothing
from koop.ledger.models import Voucher

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

REFUSED = [
    "ALTER TABLE ledger_voucher DISABLE TRIGGER ALL",
    "ALTER TABLE ledger_voucher DISABLE TRIGGER USER",
    "ALTER TABLE ledger_voucher DISABLE TRIGGER ledger_voucher_guard",
    "DROP TRIGGER ledger_voucher_guard ON ledger_voucher",
    "DROP FUNCTION ledger_voucher_guard() CASCADE",
    "CREATE OR REPLACE FUNCTION ledger_voucher_guard() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NEW; END $$",
    "TRUNCATE core_auditentry",
    "TRUNCATE ledger_voucher CASCADE",
    "ALTER TABLE core_auditentry ADD COLUMN note text",
    "CREATE TABLE koop_escape (id integer)",
    "SET session_replication_role = replica",
]


@contextmanager
def runtime_role() -> Iterator[str]:
    role = f"koop_runtime_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")


def connect_as(role: str) -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=role,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


def test_the_runtime_role_writes_rows_but_cannot_lift_drop_or_truncate(
    vouchers: list[Voucher],
) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL's; SQLite has none"):
            call_command("db", "grant-runtime", "koop_app")
        return
    with runtime_role() as role:
        out = io.StringIO()
        call_command("db", "grant-runtime", role, stdout=out)
        assert "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA" in out.getvalue()
        with connect_as(role) as runtime:
            # What Koop does all day works: reading, and writing rows.
            assert runtime.execute("SELECT count(*) FROM ledger_voucher").fetchone() == (3,)
            runtime.execute(
                "INSERT INTO core_auditentry (at, action, object_type, object_id, object_repr) "
                "VALUES (now(), 'test', 'ledger.voucher', '1', '')"
            )
            for statement in REFUSED:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    runtime.execute(statement)
            # And the rules still hold for it.
            with pytest.raises(psycopg.errors.CheckViolation, match="posted voucher"):
                runtime.execute("DELETE FROM ledger_voucher WHERE id = %s", [vouchers[0].pk])


def test_grant_runtime_refuses_a_role_that_could_do_more() -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL's"):
            call_command("db", "grant-runtime", "postgres")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    for role, problem in (
        (owner, "superuser" if owner == "postgres" else "owns the schema"),
        ("no_such_role_here", "There is no role no_such_role_here"),
        ("Robert'); DROP TABLE x; --", "not a role name Koop accepts"),
    ):
        with pytest.raises(CommandError, match=problem):
            call_command("db", "grant-runtime", role)


@contextmanager
def connected_as(role: str) -> Iterator[str]:
    settings = {**connections.settings["default"], "USER": role, "PASSWORD": ""}
    connections["runtime"] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "runtime")
    try:
        yield "runtime"
    finally:
        connections["runtime"].close()
        del connections["runtime"]


def test_the_deploy_check_warns_when_koop_connects_as_the_tables_owner() -> None:
    warnings = runtime_role_owns_nothing(databases=["default"])
    if connection.vendor != "postgresql":
        assert warnings == []  # SQLite has one user, the file's
        return
    # The test database belongs to the superuser running the tests.
    assert {w.id for w in warnings} == {"koop.W010"}
    assert any("owns" in w.msg and "tables" in w.msg for w in warnings)
    with runtime_role() as role:
        call_command("db", "grant-runtime", role, stdout=io.StringIO())
        with connected_as(role) as alias:
            assert runtime_role_owns_nothing(databases=[alias]) == []
