"""Latency of the participants' everyday pages under concurrent load, next to a trivial view.

Seeds ``koop seed --scale 10`` into a fresh PostgreSQL database, starts ``koop serve`` and
logs in as the demo unit leader ``ledare``; then sends the attendance grid of the leader's
unit and the participant list a fixed number of requests from concurrent clients. The
figure to compare is each page's p95 as a ratio to the p95 of ``/health/`` (no database),
measured in the same run. The server and database helpers are those of ``bench_pages``.

    .venv/bin/python bench/bench_participants.py [--scale 10] [--requests 300] [--clients 10]
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_pages as bp  # a sibling script, not a package

LEADER = "ledare"


def unit_of(database_url: str, username: str) -> int:
    """The unit where ``username`` holds the unit leader role."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT r.unit_id FROM people_roleassignment r JOIN auth_user u ON u.id = r.user_id "
            "WHERE u.username = %s AND r.role = 'unit_leader'",
            [username],
        ).fetchone()
    if row is None:
        raise SystemExit(f"{username} leads no unit")
    return int(row[0])


def counts(database_url: str, unit_id: int) -> tuple[int, int]:
    with psycopg.connect(database_url) as conn:
        placed = conn.execute(
            "SELECT count(DISTINCT person_id) FROM participants_placement WHERE unit_id = %s "
            "AND starts_on <= current_date AND (ends_on IS NULL OR ends_on >= current_date - 7)",
            [unit_id],
        ).fetchone()
        everyone = conn.execute("SELECT count(*) FROM participants_agreement").fetchone()
    return int(placed[0] if placed else 0), int(everyone[0] if everyone else 0)


def main() -> None:
    args = bp.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="koop-bench-participants-"))
    database_url = bp.fresh_database(args.server_url, args.database)
    env = {
        **bp.os.environ,
        "DATABASE_URL": database_url,
        "KOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        began = time.monotonic()
        bp.koop("migrate", "--no-input", env=env)
        bp.koop("seed", "--scale", str(args.scale), env=env)
        print(f"migrate + seed --scale {args.scale}: {time.monotonic() - began:.1f} s")
        unit_id = unit_of(database_url, LEADER)
        placed, agreements = counts(database_url, unit_id)
        print(f"{agreements} agreements in all; {placed} participants in {LEADER}'s unit's grid")
        pages = [bp.BASELINE, "/participants/", f"/participants/units/{unit_id}/attendance/"]
        bp.DEMO_USER = LEADER
        port = bp.free_port()
        with bp.running_server(port, env, data_dir / "server.log"):
            cookies = bp.log_in(port)
            for path in pages:
                bp.load(port, path, cookies, total=4 * args.clients, clients=args.clients, limit=60)
            results = [
                bp.load(port, path, cookies, args.requests, args.clients, args.time_limit)
                for path in pages
            ]
        bp.print_table(results, args.clients)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
