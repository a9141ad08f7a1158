"""``koop demo``: migrate, seed if empty, and serve the demo on 127.0.0.1 in one go."""

from __future__ import annotations

import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from koop.core.access import Role
from koop.core.env import environment_copy
from koop.core.management.commands.serve import ensure_free
from koop.demo.seed import run_seed
from koop.demo.seed.people import DEMO_LOGINS, DEMO_PASSWORD
from koop.organisation.models import Cooperative
from koop.people.models import RoleAssignment


def use_demo_settings() -> None:
    """The demo is for looking around: the demo logins sign in with their password alone,
    and the login page says so. The server's workers are forked from this process and
    start with these settings."""
    settings.KOOP_DEMO = True
    settings.KOOP_REQUIRE_TWO_FACTOR = False


def start_worker() -> subprocess.Popen[bytes]:
    """``koop worker`` in a process of its own, with this process's environment."""
    return subprocess.Popen([sys.executable, "-m", "koop.cli", "worker"], env=environment_copy())


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to end (it finishes the job in hand), then make it."""
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "Run the demo: migrate, seed demo data into an empty database, serve on 127.0.0.1."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port (8000).")
        parser.add_argument(
            "--scale", type=int, default=1, help="Scale of the demo data if seeded (1)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--workers", type=int, default=None, help="Worker processes (as koop serve)."
        )

    def handle(
        self, *args: Any, port: int, scale: int, seed: int, workers: int | None, **options: Any
    ) -> None:
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        ensure_free("127.0.0.1", port)
        use_demo_settings()
        self.stdout.write("Migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)
        if Cooperative.objects.exists():
            self.stdout.write("The database already holds data; not seeding.")
        else:
            self.stdout.write(f"Seeding demo data (scale {scale}) …")
            run_seed(scale=scale, seed=seed, progress=self._progress)
        self.stdout.write("Collecting static files …")
        call_command("collectstatic", interactive=False, verbosity=0)

        address = f"http://127.0.0.1:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Koop runs on {address}"))
        self.stdout.write(self._logins_table())
        self.stdout.write("Two-factor sign-in is off in the demo.")
        self.stdout.write("Stop it with Ctrl+C.\n")
        # The background jobs (mail, imports) run in a worker beside the server, stopped with it.
        worker = start_worker()
        try:
            call_command("serve", bind=f"127.0.0.1:{port}", workers=workers, no_collectstatic=True)
        finally:
            stop_worker(worker)

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()

    def _logins_table(self) -> str:
        """The demo logins in the database (with the demo password), with their roles."""
        # The seeding gives all demo logins one hash: one slow check covers them all.
        verified: dict[str, bool] = {}
        present: set[str] = set()
        for user in get_user_model().objects.filter(username__in=list(DEMO_LOGINS)):
            if user.password not in verified:
                verified[user.password] = check_password(DEMO_PASSWORD, user.password)
            if verified[user.password]:
                present.add(user.get_username())
        if not present:
            return "No demo logins in this database (it was not seeded by koop demo or seed).\n"
        assignments: dict[str, list[str]] = {}
        for username, role, unit in RoleAssignment.objects.filter(
            user__username__in=present
        ).values_list("user__username", "role", "unit__name"):
            with translation.override("en"):
                label = str(Role(role).label)
            assignments.setdefault(username, []).append(f"{label} ({unit})" if unit else label)
        rows = [("Login", "Password", "Role")]
        rows += [
            (login, DEMO_PASSWORD, ", ".join(sorted(assignments.get(login, []))) or "-")
            for login in DEMO_LOGINS
            if login in present
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines) + "\n"
