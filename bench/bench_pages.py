"""Latency of the everyday pages under concurrent load, next to a trivial view.

Seeds ``koop seed --scale 10`` into a fresh PostgreSQL database, starts ``koop serve``
(the production WSGI server, DEBUG off) on a free port, logs in as the demo regional
manager ``vd`` and sends each page a fixed number of requests from concurrent clients.
``/health/`` answers without touching the database: the ratio of a page's p95 to the
p95 of ``/health/``, measured in the same run, is the figure to compare between runs and
machines.

    .venv/bin/python bench/bench_pages.py [--scale 10] [--requests 300] [--clients 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

KOOP = str(Path(sys.executable).with_name("koop"))
BASELINE = "/health/"
PAGES = [BASELINE, "/", "/units/", "/people/"]
DEMO_USER, DEMO_PASSWORD = "vd", "koop-demo"


@dataclass
class Result:
    path: str
    latencies_ms: list[float]
    seconds: float

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300, help="per page (300)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--time-limit", type=float, default=90, help="seconds per page (90)")
    parser.add_argument(
        "--server-url",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server; the database koop_bench on it is dropped and made again",
    )
    parser.add_argument("--database", default="koop_bench")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        help="a page to measure instead of the default ones (repeatable; /health/ is always "
        "the baseline)",
    )
    parser.add_argument(
        "--user", default=DEMO_USER, help=f"the demo login to measure as ({DEMO_USER})"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database and its data (only migrate it): for repeated runs",
    )
    return parser.parse_args()


def fresh_database(server_url: str, name: str) -> str:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def koop(*args: str, env: dict[str, str]) -> None:
    subprocess.run([KOOP, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(port: int, env: dict[str, str], log: Path) -> Iterator[None]:
    """``koop serve`` on ``port``, stopped (with everything it started) on the way out."""
    with log.open("w") as out:
        server = subprocess.Popen(
            [KOOP, "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"koop serve exited with {server.returncode}:\n{log.read_text()}")
            try:
                if request(port, BASELINE)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"koop serve did not answer within 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def request(
    port: int, path: str, *, cookies: str = "", method: str = "GET", form: str | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Host": "127.0.0.1", "Cookie": cookies}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=form, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def log_in(port: int, user: str = DEMO_USER) -> str:
    """The Cookie header of a session logged in through the login form."""
    status, headers, body = request(port, "/login/")
    if status != 200:
        raise SystemExit(f"GET /login/ answered {status}")
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if match is None or "csrftoken" not in jar:
        raise SystemExit("the login page carries no CSRF token")
    form = urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": user,
            "password": DEMO_PASSWORD,
        }
    )
    cookie = f"csrftoken={jar['csrftoken'].value}"
    status, headers, _ = request(port, "/login/", cookies=cookie, method="POST", form=form)
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"logging in as {user} failed (answer {status})")
    return f"csrftoken={jar['csrftoken'].value}; sessionid={jar['sessionid'].value}"


def load(port: int, path: str, cookies: str, total: int, clients: int, limit: float) -> Result:
    """``total`` requests for ``path`` from ``clients`` threads, stopping early at ``limit``
    seconds; every answer must be 200."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    issued = 0
    started = time.monotonic()

    def client() -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= total or failures or time.monotonic() - started > limit:
                    return
                issued += 1
            begin = time.perf_counter()
            status, _, _ = request(port, path, cookies=cookies)
            elapsed = (time.perf_counter() - begin) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(f"{path} answered {status}")

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    if failures:
        raise SystemExit(failures[0])
    return Result(path, latencies, time.monotonic() - started)


def main() -> None:
    args = parse_args()
    # A plain kill still runs the clean-up below, so the server never outlives the bench.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="koop-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"{args.server_url}/{args.database}"
            if args.reuse
            else fresh_database(args.server_url, args.database)
        ),
        "KOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        began = time.monotonic()
        koop("migrate", "--no-input", env=env)
        migrated = time.monotonic()
        if not args.reuse:
            koop("seed", "--scale", str(args.scale), env=env)
        seeded = (
            "data reused"
            if args.reuse
            else f"seed --scale {args.scale} {time.monotonic() - migrated:.1f} s"
        )
        print(f"migrate {migrated - began:.1f} s, {seeded}", flush=True)
        port = free_port()
        with running_server(port, env, data_dir / "server.log"):
            cookies = log_in(port, args.user)
            pages = [BASELINE, *args.page] if args.page else PAGES
            for path in pages:  # warm up: connections, caches, compiled templates
                load(port, path, cookies, total=4 * args.clients, clients=args.clients, limit=60)
            results = [
                load(port, path, cookies, args.requests, args.clients, args.time_limit)
                for path in pages
            ]
        print_table(results, args.clients, args.user)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def print_table(results: list[Result], clients: int, user: str) -> None:
    baseline = results[0].percentile(95)
    width = max(10, *(len(r.path) for r in results))
    print(f"\n{clients} concurrent clients, logged in as {user}")
    print(
        f"{'page':<{width}} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p95 ratio':>9}"
    )
    for r in results:
        print(
            f"{r.path:<{width}} {len(r.latencies_ms):>8} {len(r.latencies_ms) / r.seconds:>7.0f} "
            f"{r.percentile(50):>8.1f} {r.percentile(95):>8.1f} "
            f"{r.percentile(95) / baseline:>9.1f}"
        )


if __name__ == "__main__":
    main()
