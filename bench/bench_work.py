"""Latency of the work-order pages under concurrent load, next to a trivial view.

Seeds ``koop seed --scale 10`` into a fresh PostgreSQL database (or, with ``--reuse``,
uses a database already seeded), starts ``koop serve`` (the production WSGI server, DEBUG
off), logs in as the demo regional manager ``vd`` (who sees every unit) and sends each
page a fixed number of requests from concurrent clients. The figure to compare between
runs and machines is each page's p95 divided by the p95 of ``/health/`` in the same run.

    .venv/bin/python bench/bench_work.py [--scale 10] [--requests 300] [--clients 10]
    .venv/bin/python bench/bench_work.py --reuse koop_work_bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parent))

from bench_pages import (
    BASELINE,
    free_port,
    fresh_database,
    koop,
    load,
    log_in,
    print_table,
    running_server,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300, help="per page (300)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--time-limit", type=float, default=90, help="seconds per page (90)")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="koop_bench_work")
    parser.add_argument(
        "--reuse", metavar="DATABASE", help="an already seeded database to use as it is"
    )
    return parser.parse_args()


def pages(database_url: str) -> list[str]:
    """The baseline and the work pages, with ids from the seeded data."""
    with psycopg.connect(database_url) as conn:
        unit_id, order_id = conn.execute(
            "SELECT unit_id, max(id) FROM work_workorder WHERE status = 'done' "
            "GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone() or (0, 0)
        orders, time_rows = conn.execute(
            "SELECT (SELECT count(*) FROM work_workorder), (SELECT count(*) FROM work_timerow)"
        ).fetchone() or (0, 0)
    print(f"{orders} work orders, {time_rows} time rows in the database", flush=True)
    return [
        BASELINE,
        "/work-orders/",
        f"/work-orders/?unit={unit_id}",
        "/work-orders/?status=planned",
        "/work-orders/?page=40",
        f"/work-orders/{order_id}/",
        "/customers/",
    ]


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="koop-bench-work-"))
    database_url = (
        f"{args.server_url}/{args.reuse}"
        if args.reuse
        else fresh_database(args.server_url, args.database)
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        if not args.reuse:
            began = time.monotonic()
            koop("migrate", "--no-input", env=env)
            koop("seed", "--scale", str(args.scale), env=env)
            print(f"migrate and seed --scale {args.scale}: {time.monotonic() - began:.1f} s")
        paths = pages(database_url)
        port = free_port()
        with running_server(port, env, data_dir / "server.log"):
            cookies = log_in(port)
            for path in paths:  # warm up: connections, caches, compiled templates
                load(port, path, cookies, total=4 * args.clients, clients=args.clients, limit=60)
            results = [
                load(port, path, cookies, args.requests, args.clients, args.time_limit)
                for path in paths
            ]
        print_table(results, args.clients)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
