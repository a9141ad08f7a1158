"""``koop serve``: Koop under gunicorn, as a real installation runs it behind nginx.

Static files are collected first and served by the application (whitenoise); settings
come from the environment. DEBUG must be off: a production server never shows tracebacks.
"""

from __future__ import annotations

import os
import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication

from koop.core.env import ConfigError, env_int, env_str


def default_workers() -> int:
    return env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)


def parse_bind(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) as a pair, or CommandError."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--bind must be HOST:PORT, not {value!r}.")
    return host.strip("[]"), int(port)


def ensure_free(host: str, port: int) -> None:
    """Fail at once with a clear message when something already listens on the address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from None


class KoopServer(BaseApplication):
    """Gunicorn configured from a dict, without reading gunicorn's own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # The same application as the project's WSGI module, with the settings already set.
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve Koop with gunicorn (DEBUG off, static files by whitenoise)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--bind",
            default=None,
            help="HOST:PORT or unix:PATH to listen on (env KOOP_BIND, default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Worker processes (env WEB_CONCURRENCY, default 2 × cores + 1).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Skip collectstatic (when the static files are already collected).",
        )

    def handle(
        self,
        *args: Any,
        bind: str | None,
        workers: int | None,
        no_collectstatic: bool,
        **options: Any,
    ) -> None:
        if settings.DEBUG:
            raise CommandError("koop serve runs with DEBUG off: unset DEBUG in the environment.")
        try:
            bind = bind or env_str("KOOP_BIND", "127.0.0.1:8000")
            workers = default_workers() if workers is None else workers
            timeout = env_int("GUNICORN_TIMEOUT", 60)
        except ConfigError as exc:
            raise CommandError(str(exc)) from None
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not bind.startswith("unix:"):  # a unix socket for nginx needs no port
            ensure_free(*parse_bind(bind))
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Workers are forked from this process: they must not share its connections.
        connections.close_all()
        where = bind if bind.startswith("unix:") else f"http://{bind}/"
        self.stdout.write(f"Serving Koop on {where} with {workers} workers.")
        self.stdout.flush()
        KoopServer(
            {
                "bind": bind,
                "workers": workers,
                "accesslog": "-",
                "errorlog": "-",
                "timeout": timeout,
                "graceful_timeout": 10,
                "proc_name": "koop",
            }
        ).run()
