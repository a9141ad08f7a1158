"""A general assembly of 500 members voting in one secret ballot, against a real server.

1. A fresh PostgreSQL database gets ``koop migrate``; in this process a cooperative with
   ``--members`` members is made, each with an API token, all checked in at an open
   general assembly with one secret ballot open.
2. ``koop serve`` (gunicorn) runs; ``--clients`` concurrent clients cast every member's
   vote once through ``POST /api/v1/votes/{id}/cast``, then try again for a sample of
   members (each retry must be refused with 422).
3. The vote is closed and counted: every vote counted once, none lost. The p50/p95 of
   casting a vote is compared with ``/health/`` under the same load (the baseline).

    .venv/bin/python bench/bench_voting.py [--members 500] [--clients 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty, Queue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import BASELINE, free_port, fresh_database, koop, running_server


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--retries", type=int, default=100, help="second attempts (100)")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="koop_bench_voting")
    return parser.parse_args()


def build_assembly(members: int) -> tuple[int, dict[str, int], list[str]]:
    """The vote's id, its options by role and one bearer token per member."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koop.config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from koop.api.services import token_create
    from koop.governance.models import Attendance, Body, Meeting
    from koop.governance.services import (
        governance_setup,
        meeting_create,
        meeting_open,
        vote_open,
    )
    from koop.organisation.models import Cooperative
    from koop.people.models import Membership, Person

    user_model = get_user_model()
    coop = Cooperative.objects.create(name="Bänkföreningen ek. för.", org_number="769600-0003")
    users = user_model.objects.bulk_create(
        user_model(username=f"member{n}", password="!") for n in range(members)
    )
    persons = Person.objects.bulk_create(
        Person(cooperative=coop, user=u, first_name="Medlem", last_name=str(n))
        for n, u in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(person=p, cooperative=coop, started_on=dt.date(2020, 1, 1)) for p in persons
    )
    tokens = [token_create(user=u, acting_user=None)[1] for u in users]
    governance_setup(cooperative=coop, acting_user=None)
    assembly = Body.objects.get(cooperative=coop, kind="general_assembly")
    now = timezone.now()
    meeting = meeting_create(
        body=assembly,
        title="Föreningsstämma",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=3),
        place="Aulan",
        acting_user=None,
        today=timezone.localdate() - dt.timedelta(days=30),
    )
    Meeting.objects.filter(pk=meeting.pk).update(status="called")
    meeting_open(meeting=meeting, acting_user=None)
    Attendance.objects.bulk_create(Attendance(meeting=meeting, person=p) for p in persons)
    vote = vote_open(
        meeting=meeting, question="Ska stadgarna ändras?", method="secret", acting_user=None
    )
    options = {o.role: o.pk for o in vote.options.all()}
    from django.db import connections

    connections.close_all()
    return vote.pk, options, tokens


def call(
    port: int, method: str, path: str, token: str = "", body: object = None
) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        conn.request(
            method, path, body=json.dumps(body) if body is not None else None, headers=headers
        )
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def run_clients(
    clients: int, jobs: list[tuple[str, str, str, object]], port: int
) -> list[tuple[int, float]]:
    queue: Queue[tuple[int, tuple[str, str, str, object]]] = Queue()
    for n, job in enumerate(jobs):
        queue.put((n, job))
    results: list[tuple[int, float]] = [(0, 0.0)] * len(jobs)

    def worker() -> None:
        while True:
            try:
                n, (method, path, token, body) = queue.get_nowait()
            except Empty:
                return
            try:
                results[n] = call(port, method, path, token, body)
            except OSError:
                results[n] = (599, 0.0)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="koop-bench-voting-"))
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database(args.server_url, args.database),
        "KOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "KOOP_DATA_DIR", "DEBUG")})
    try:
        koop("migrate", "--no-input", env=env)
        vote_id, options, tokens = build_assembly(args.members)
        rng = random.Random(6)
        choices = [rng.choice(["yes", "yes", "no", "abstain"]) for _ in tokens]
        cast_path = f"/api/v1/votes/{vote_id}/cast"
        port = free_port()
        with running_server(port, env, data_dir / "server.log"):
            warm = run_clients(args.clients, [("GET", BASELINE, "", None)] * 200, port)
            baseline = run_clients(args.clients, [("GET", BASELINE, "", None)] * len(tokens), port)
            began = time.perf_counter()
            casts = run_clients(
                args.clients,
                [
                    ("POST", cast_path, t, {"option_ids": [options[c]]})
                    for t, c in zip(tokens, choices, strict=True)
                ],
                port,
            )
            wall = time.perf_counter() - began
            sample = rng.sample(range(len(tokens)), min(args.retries, len(tokens)))
            retries = run_clients(
                args.clients,
                [("POST", cast_path, tokens[i], {"option_ids": [options["no"]]}) for i in sample],
                port,
            )
        from koop.governance.models import Ballot, Vote, VoterReceipt
        from koop.governance.services import vote_close

        vote = Vote.objects.select_related("meeting__body").get(pk=vote_id)
        receipts = VoterReceipt.objects.filter(vote=vote).count()
        ballots = Ballot.objects.filter(vote=vote).count()
        vote = vote_close(vote=vote, acting_user=None)
        ok = [s for s, _ in casts if s == 200]
        expected = {r: choices.count(r) for r in ("yes", "no", "abstain")}
        counted = {"yes": vote.yes_count, "no": vote.no_count, "abstain": vote.abstain_count}
        cast_times = [t for s, t in casts if s == 200]
        base_times = [t for s, t in baseline if s == 200]
        del warm
        print(f"members present: {len(tokens)}, clients: {args.clients}")
        print(
            f"casts answered 200: {len(ok)} of {len(casts)} "
            f"(other statuses: {sorted({s for s, _ in casts if s != 200}) or 'none'})"
        )
        print(
            f"retries refused with 422: {sum(1 for s, _ in retries if s == 422)} of {len(retries)}"
        )
        print(f"receipts {receipts}, ballots {ballots}, counted {counted}, expected {expected}")
        print(
            f"every vote counted once: {receipts == ballots == len(tokens) and counted == expected}"
        )
        print(f"{'':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        print(
            f"{'cast a vote':<22}{p(cast_times, 0.5):>9.1f}{p(cast_times, 0.95):>9.1f}"
            f"{max(cast_times) * 1000:>9.1f}"
        )
        print(
            f"{BASELINE + ' (baseline)':<22}{p(base_times, 0.5):>9.1f}{p(base_times, 0.95):>9.1f}"
            f"{max(base_times) * 1000:>9.1f}"
        )
        print(
            f"p95 ratio cast / baseline: {p(cast_times, 0.95) / p(base_times, 0.95):.1f}; "
            f"{len(ok) / wall:.0f} votes/s over {wall:.1f} s; "
            f"mean {statistics.mean(cast_times) * 1000:.1f} ms"
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
