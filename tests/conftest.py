from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from koop.ledger.chart import load_chart, load_default_mappings
from tests.personas import World, build_world
from tests.signin import log_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """The personas' passwords are hashed with a fast hasher: tests measure behaviour, and
    the production hasher's cost would make building a world take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    """Background tasks run where they are enqueued, in the test's own transaction; a test
    of the worker itself switches to the database backend (``db_tasks``)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail", "imports"],
        }
    }


@pytest.fixture
def db_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Tasks become rows in the database, run by a worker pass (``run_worker_once``)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail", "imports"],
        }
    }


@pytest.fixture(autouse=True)
def _sign_in_settings_restored() -> Iterator[None]:
    """``koop demo`` switches the two-factor requirement off in its own process; a test
    that runs it leaves the requirement as it found it for the next."""
    saved = (settings.KOOP_DEMO, settings.KOOP_REQUIRE_TWO_FACTOR)
    yield
    settings.KOOP_DEMO, settings.KOOP_REQUIRE_TWO_FACTOR = saved


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """``client_for("leader")`` is a test client logged in as that persona, with the
    second factor for the personas who must give one (see ``tests.signin``)."""

    def make(persona: str) -> Client:
        return log_in(Client(), world.user(persona))

    return make


@pytest.fixture
def immutable_rows_removed_afterwards(transactional_db: None) -> Iterator[None]:
    """For a transactional test (one whose writes are really committed).

    Before it: the reference data that migrations load (VAT rates, the chart of accounts,
    support kinds) is put back, since the test before may have emptied the database.

    After it: the test database is emptied. PostgreSQL empties it with TRUNCATE, which row
    triggers leave alone; SQLite deletes row by row, and the triggers that keep issued
    invoices and posted vouchers would refuse. So on SQLite the rows are removed here with
    the triggers lifted for that moment, and the triggers put back."""
    _restore_reference_data()
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        run = _when_unlocked(cursor)
        run("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        saved = cursor.fetchall()
        for name, _sql in saved:
            run(f'DROP TRIGGER IF EXISTS "{name}"')
        run("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names(cursor):
            if table != "django_migrations":  # the schema is still migrated
                run(f'DELETE FROM "{table}"')
        run("PRAGMA foreign_keys = ON")
        for _name, sql in saved:
            run(sql)


def _when_unlocked(cursor: Any) -> Callable[[str], None]:
    """``cursor.execute``, waiting while the live server's thread still reads the shared
    in-memory database: a browser closed at the end of a test may leave a request it
    made half-served, and SQLite's shared cache refuses a schema change meanwhile."""

    def run(sql: str) -> None:
        for _attempt in range(100):
            try:
                cursor.execute(sql)
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.05)
        cursor.execute(sql)

    return run


@pytest.fixture(autouse=True)
def _transactional_tests_emptied_around_the_triggers(request: pytest.FixtureRequest) -> None:
    """Every transactional test gets ``immutable_rows_removed_afterwards``.

    Audit rows, case-file access rows, ballots and posted books are refused deletion by
    the database on both vendors; the flush that ends a transactional test deletes row by
    row on SQLite and would be refused as soon as a test wrote one of them (nearly every
    service writes an audit row). Asking for the fixture explicitly stays harmless."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if marked or "transactional_db" in request.fixturenames:
        request.getfixturevalue("immutable_rows_removed_afterwards")


def _restore_reference_data() -> None:
    """Run the data migrations' loaders again; each adds only what is missing."""
    core_rates = import_module("koop.core.migrations.0003_swedish_vat_rates")
    support_kinds = import_module("koop.participants.migrations.0002_support_kinds")
    core_rates.add_rates(django_apps, None)
    support_kinds.add_kinds(django_apps, None)
    load_chart(django_apps.get_model("ledger", "Account"))
    load_default_mappings(
        django_apps.get_model("ledger", "Account"),
        django_apps.get_model("ledger", "AccountMapping"),
    )
