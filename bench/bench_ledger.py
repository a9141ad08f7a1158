"""The ledger on PostgreSQL: SIE import and export of N ``#TRANS`` rows, and the
consolidated per-unit profit and loss for a year.

1. A fresh database (``koop_ledger_bench``) gets ``koop migrate``, and with ``--scale`` > 0
   ``koop seed --scale N`` (the demo books: invoices, payments, costs, levy).
2. An SIE 4E file of ``--rows`` ``#TRANS`` rows (vouchers of four rows on 60 cost centres,
   code page 437) is generated, imported with ``koop sie import`` and exported again with
   ``koop sie export``; each runs as its own process so its peak memory (max RSS) is its
   own. Figures: rows per second and peak memory.
3. The per-unit P&L of the file's year (``koop.ledger.reports.pnl_by_cost_centre``) is
   timed against one hand-written SQL ``GROUP BY`` answering the same question on the
   same database in the same run (best of ``--repeat``); the ratio is printed.

    .venv/bin/python bench/bench_ledger.py [--rows 1000000] [--scale 0] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOOP = str(ROOT / ".venv" / "bin" / "koop")
YEAR = 2019  # before any demo year, so the file's vouchers are the whole year
COST_CENTRES = 60

SQL = """
SELECT r.cost_centre_id,
       -SUM(CASE WHEN r.account_id BETWEEN 3000 AND 3999 THEN r.amount ELSE 0 END),
       SUM(CASE WHEN r.account_id BETWEEN 4000 AND 8999 THEN r.amount ELSE 0 END)
FROM ledger_voucherrow r JOIN ledger_voucher v ON v.id = r.voucher_id
WHERE v.posted AND v.date BETWEEN %s AND %s
GROUP BY r.cost_centre_id
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="#TRANS rows (1,000,000)")
    parser.add_argument("--scale", type=int, default=0, help="seed the demo books first (0)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="koop_ledger_bench")
    return parser.parse_args()


def fresh_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def write_sie(path: Path, rows: int) -> int:
    """An SIE 4E file of ``rows`` #TRANS rows in balanced vouchers of four rows."""
    rng = random.Random(4)  # reproducible test data
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "bench_ledger" 1.0',
        '#FNAMN "Bänkföreningen ek. för."',
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        '#DIM 1 "Kostnadsställe"',
    ]
    lines += [f'#OBJEKT 1 "B{i:03d}" "Enhet {i}"' for i in range(COST_CENTRES)]
    with path.open("w", encoding="cp437", newline="\r\n") as out:
        out.write("\n".join(lines) + "\n")
        for number in range(1, rows // 4 + 1):
            day = f"{YEAR}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            cc = f"B{rng.randrange(COST_CENTRES):03d}"
            sale = rng.randint(1000, 90000)
            cost = rng.randint(500, sale)
            account = rng.choice((4010, 5010, 5611, 7010))
            out.write(
                f'#VER A {number} {day} "Verifikation {number}"\n{{\n'
                f'#TRANS 1510 {{1 "{cc}"}} {sale}.00\n'
                f'#TRANS 3001 {{1 "{cc}"}} -{sale}.00\n'
                f'#TRANS {account} {{1 "{cc}"}} {cost}.50\n'
                f'#TRANS 1930 {{1 "{cc}"}} -{cost}.50\n}}\n'
            )
    return rows // 4 * 4


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and the peak RSS (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([KOOP, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: the earlier children (migrate, the
    # seed) are smaller than an import of many rows, and when not, the figure says so.
    return seconds, max(peak, before)


def best_of(repeat: int, work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    args = parse_args()
    url = fresh_database(args.server_url, args.database)
    data_dir = tempfile.mkdtemp(prefix="koop-bench-ledger-")
    env = {**os.environ, "DATABASE_URL": url, "KOOP_DATA_DIR": data_dir}
    subprocess.run([KOOP, "migrate", "-v0"], env=env, check=True)
    if args.scale:
        started = time.perf_counter()
        subprocess.run(
            [KOOP, "seed", "--scale", str(args.scale)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"seed --scale {args.scale}: {time.perf_counter() - started:.1f} s")

    sie = Path(data_dir) / "bench.se"
    started = time.perf_counter()
    rows = write_sie(sie, args.rows)
    print(
        f"generated {rows:,} #TRANS rows ({sie.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    seconds, peak = run_measured(["sie", "import", str(sie), "--quiet-progress"], env)
    print(f"SIE import: {rows / seconds:,.0f} rows/s ({seconds:.1f} s), peak {peak / 1024:.0f} MiB")
    out = Path(data_dir) / "export.se"
    seconds, peak_out = run_measured(
        ["sie", "export", "--year", str(YEAR), "--type", "4E", "-o", str(out)], env
    )
    print(
        f"SIE export: {rows / seconds:,.0f} rows/s ({seconds:.1f} s), "
        f"peak {peak_out / 1024:.0f} MiB (largest child so far)"
    )

    os.environ.update(
        DATABASE_URL=url, KOOP_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="koop.config.settings"
    )
    import django

    django.setup()
    import datetime as dt

    from django.db import connection

    from koop.ledger.reports import pnl_by_cost_centre

    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

    def orm() -> None:
        pnl_by_cost_centre(start=start, end=end)

    def sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [start, end])
            cursor.fetchall()

    orm()
    sql()  # warm caches for both
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_voucherrow")
        total_rows = cursor.fetchone()[0]
    t_orm, t_sql = best_of(args.repeat, orm), best_of(args.repeat, sql)
    print(
        f"per-unit P&L {YEAR} over {total_rows:,} voucher rows: "
        f"report {t_orm * 1000:.0f} ms, SQL GROUP BY {t_sql * 1000:.0f} ms, "
        f"ratio {t_orm / t_sql:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
